/* serve.js: herald serve in Debian's Chromium (playwright-core): a page reloads by itself
 * after an edit, a stylesheet change swaps the stylesheet without a reload, the error
 * overlay takes the focus, is dismissed with Escape and passes axe, and so does a draft's
 * banner.
 *
 * usage: cd tests/browser && HERALD=/path/to/herald node serve.js
 * Environment: HERALD (default ../../bin/herald), CHROMIUM (default /usr/bin/chromium).
 * Prints "ok NAME" or "FAIL NAME" for each check, then "N passed, M failed". */
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");

const ROOT = path.resolve(__dirname, "..", "..");
const HERALD = process.env.HERALD || path.join(ROOT, "bin", "herald");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-proxy-server"];

let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    const why = await fn();
    if (why) throw new Error(why);
    passed++;
    console.log("ok " + name);
  } catch (e) {
    failed++;
    console.log("FAIL " + name + "\n     " + String((e && e.message) || e).slice(0, 600));
  }
}

async function axe(page) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async (tags) => {
    /* global axe */
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"] });
    return r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" "))
      .slice(0, 3).join(", "));
  }, AXE_TAGS);
}

function startServer(site) {
  return new Promise((resolve, reject) => {
    const p = spawn(HERALD, ["serve", "-s", site, "-p", "0", "--no-pdfs", "--date",
      "2026-11-22", "-q"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ p, origin: "http://127.0.0.1:" + m[1] });
    });
    p.on("exit", (c) => reject(new Error("herald serve ended: " + c)));
  });
}

async function ready(page, url) {
  for (let i = 0; i < 200; i++) {
    const r = await page.goto(url);
    if (r && r.status() === 200) return;
    await page.waitForTimeout(100);
  }
  throw new Error("the site was never built");
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "herald-serve-browser-"));
  const site = path.join(tmp, "site");
  fs.mkdirSync(site);
  for (const part of ["site.yaml", "content", "layouts"]) {
    if (fs.existsSync(path.join(ROOT, part))) {
      fs.cpSync(path.join(ROOT, part), path.join(site, part), { recursive: true });
    }
  }
  const about = path.join(site, "content", "pages", "about.md");
  const orig = fs.readFileSync(about, "utf8");
  let server = null;
  let browser = null;
  try {
    server = await startServer(site);
    const { chromium } = require("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const page = await browser.newPage();
    await ready(page, server.origin + "/about/");

    await check("an edit reloads the page by itself", async () => {
      await page.evaluate(() => { window.heraldMark = 1; });
      fs.writeFileSync(about, orig + "\nWritten while the page was open.\n");
      await page.waitForFunction(() => document.body &&
        document.body.textContent.includes("Written while the page was open."), null,
      { timeout: 30000 });
      const mark = await page.evaluate(() => window.heraldMark);
      return mark === undefined ? "" : "the page did not reload";
    });

    const css = path.join(site, "layouts", "assets", "site.css");
    if (fs.existsSync(css)) {
      await check("a stylesheet change swaps the stylesheet, no reload", async () => {
        await page.evaluate(() => { window.heraldMark = 2; });
        fs.appendFileSync(css, "\nbody { outline: 1px solid transparent; }\n");
        await page.waitForFunction(() => Array.from(document.querySelectorAll(
          "link[rel~=stylesheet]")).some((l) => l.href.includes("herald=")), null,
        { timeout: 30000 });
        const mark = await page.evaluate(() => window.heraldMark);
        return mark === 2 ? "" : "the page reloaded";
      });
    }

    await check("a broken edit shows the overlay, focused, passing axe", async () => {
      fs.writeFileSync(about, "---\ntitle: [unclosed\n---\nBroken\n");
      await page.waitForSelector("#herald-errors", { state: "visible", timeout: 30000 });
      const focus = await page.evaluate(() => document.activeElement &&
        document.activeElement.getAttribute("role"));
      if (focus !== "alert") return "the focus is on " + focus;
      const text = await page.textContent("#herald-errors");
      if (!text.includes("content/pages/about.md:3:1: error:")) return "no diagnostic: " + text;
      if (!text.includes("Written while the page was open.") &&
          !(await page.textContent("main")).includes("Written while the page was open.")) {
        return "the last good page is not shown";
      }
      const v = await axe(page);
      return v.length ? v.join("; ") : "";
    });

    await check("Escape dismisses the overlay", async () => {
      await page.keyboard.press("Escape");
      const hidden = await page.evaluate(() => document.getElementById("herald-errors").hidden);
      return hidden ? "" : "still shown";
    });

    await check("fixing the file clears the overlay", async () => {
      fs.writeFileSync(about, orig);
      await page.waitForFunction(() => !document.getElementById("herald-errors") &&
        document.body && !document.body.textContent.includes("Written while"), null,
      { timeout: 30000 });
    });

    await check("a draft's banner passes axe", async () => {
      fs.writeFileSync(path.join(site, "content", "pages", "plans.md"),
        "---\ntitle: Plans\ndraft: true\n---\nSecret plans.\n");
      for (let i = 0; i < 100; i++) {
        const r = await page.goto(server.origin + "/plans/");
        if (r.status() === 200) break;
        await page.waitForTimeout(100);
      }
      const banner = await page.textContent(".preview-banner");
      if (!banner || !banner.includes("Draft — not published")) return "no banner";
      const v = await axe(page);
      return v.length ? v.join("; ") : "";
    });
  } catch (e) {
    failed++;
    console.log("FAIL serve browser tests ran to the end\n     " + ((e && e.stack) || e));
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      server.p.removeAllListeners("exit");
      server.p.kill("SIGINT");
      await new Promise((r) => server.p.on("exit", r));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(passed + " passed, " + failed + " failed");
    process.exitCode = failed ? 1 : 0;
  }
}

main();
