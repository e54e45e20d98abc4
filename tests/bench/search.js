/* search.js: make bench's measure of the search page, in Debian's headless Chromium
 * (playwright-core from tests/browser/node_modules).
 *
 *   node tests/bench/search.js OUTPUT "QUERY" ...
 *
 * Serves OUTPUT (a built site) on 127.0.0.1 and, for each query, opens the search page anew
 * and counts the bytes of every response: the page, its styles and scripts, the manifest, and
 * the parts of the index the query loads. The time to the first results is from the query
 * being entered (the form submitted, on a page whose scripts have run) to the first result
 * shown: "cold" the first query, "warm" the same query entered again (its parts loaded). It
 * prints one line a query and never fails on a figure. */
"use strict";

const fs = require("fs");
const http = require("http");
const path = require("path");

const { chromium } = require(path.join(__dirname, "..", "browser", "node_modules",
  "playwright-core"));

const [out, ...queries] = process.argv.slice(2);

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
  ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon" };

function serve(root) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = path.join(root, rel.endsWith("/") ? rel + "index.html" : rel);
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
      fs.createReadStream(file).pipe(res);
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

async function firstResults(page, q) {
  return page.evaluate((query) => new Promise((resolve) => {
    const list = document.querySelector("[data-search-list]");
    const status = document.querySelector("[data-search-status]");
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    status.textContent = "";
    const input = document.querySelector("#search-q");
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (list.children.length > 0 || /^No results/.test(status.textContent)) {
        obs.disconnect();
        resolve({ ms: performance.now() - t0, status: status.textContent });
      }
    });
    obs.observe(list, { childList: true });
    obs.observe(status, { childList: true, characterData: true, subtree: true });
    input.value = query;
    input.form.requestSubmit();
  }), q);
}

(async () => {
  const server = await serve(path.resolve(out));
  const origin = "http://127.0.0.1:" + server.address().port;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"] });
  for (const q of queries) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    let bytes = 0;
    let requests = 0;
    let parts = 0;
    page.on("response", async (r) => {
      try {
        const b = await r.body();
        bytes += b.length;
        requests++;
        if (/\/search\/[tdf]\//.test(r.url())) {
          parts++;
        }
      } catch (e) {
        /* no body */
      }
    });
    await page.goto(origin + "/search/index.html");
    await page.waitForFunction(() => window.HERALD_SEARCH_PART !== undefined);
    const cold = await firstResults(page, q);
    await page.waitForTimeout(500);
    const warm = await firstResults(page, q);
    await page.waitForTimeout(200);
    console.log("search \"%s\": %s; %d requests, %d KB transferred (%d parts of the index); " +
      "first results %d ms (first query), %d ms (again)", q, cold.status, requests,
    Math.round(bytes / 1024), parts, Math.round(cold.ms), Math.round(warm.ms));
    await ctx.close();
  }
  await browser.close();
  server.close();
})().catch((e) => {
  console.log("search: " + e.message);
  process.exit(0);
});
