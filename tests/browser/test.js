#!/usr/bin/env node
/* test.js: herald's pages in a real browser, and the built site through the Nu HTML Checker and
 * linkchecker.
 *
 * Builds the example site, serves it on 127.0.0.1, and in Debian's Chromium (driven by
 * playwright-core, never a browser it downloads) checks: axe-core finds no WCAG 2.2 A/AA
 * violation on every kind of page, in the standard theme, with the contrast toggle on, and with
 * prefers-contrast: more; the keyboard reaches the skip link first and focus is always
 * visible; the contrast toggle works by keyboard and is remembered; search finds and ranks;
 * the site works from disk; no request leaves the site. Then vnu.jar (with Debian's Java) checks
 * every page and linkchecker crawls the site served by python3 -m http.server.
 *
 * Prints "ok NAME" or "FAIL NAME" (with the reasons, indented) for each check and ends with
 * the line "N passed, M failed". Exit status 1 when a check failed.
 *
 * Environment: HERALD (the binary, default bin/herald), CHROMIUM (default /usr/bin/chromium),
 * VERBOSE=1 to list every axe run. Screenshots go to tests/browser/out/. */
"use strict";

const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const HERE = __dirname;
const ROOT = path.resolve(HERE, "..", "..");
const HERALD = process.env.HERALD || path.join(ROOT, "bin", "herald");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const DATE = "2026-11-22";
const OUT = path.join(HERE, "out");
const VERBOSE = !!process.env.VERBOSE;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic"];

let passed = 0;
let failed = 0;

function ok(name) {
  passed++;
  console.log("ok " + name);
}

function fail(name, why) {
  failed++;
  console.log("FAIL " + name);
  for (const line of String(why).replace(/\n+$/, "").split("\n")) {
    console.log("     " + line);
  }
}

/* Runs fn; a thrown error is a failure with its message. */
async function check(name, fn) {
  try {
    const why = await fn();
    if (why) {
      fail(name, why);
    } else {
      ok(name);
    }
  } catch (e) {
    fail(name, (e && e.stack) || String(e));
  }
}

function seconds(t0) {
  return ((Date.now() - t0) / 1000).toFixed(1) + " s";
}

/* ---- the site and a small static web server ---- */

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json",
  ".xml": "application/xml", ".ics": "text/calendar; charset=utf-8",
  ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"
};

/* The file under site for a URL path, or null. Folders give their index.html. */
function siteFile(site, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  } catch (e) {
    return null;
  }
  const p = path.normalize(path.join(site, rel));
  if (p !== site && !p.startsWith(site + path.sep)) {
    return null;
  }
  try {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      const idx = path.join(p, "index.html");
      return fs.existsSync(idx) ? idx : null;
    }
    return st.isFile() ? p : null;
  } catch (e) {
    return null;
  }
}

/* Serves site on 127.0.0.1 at a free port; unknown paths get 404.html with status 404. */
function serve(site) {
  const server = http.createServer((req, res) => {
    const file = siteFile(site, req.url);
    const headers = { "Cache-Control": "no-store" };
    if (file === null) {
      headers["Content-Type"] = TYPES[".html"];
      res.writeHead(404, headers);
      res.end(fs.readFileSync(path.join(site, "404.html")));
      return;
    }
    headers["Content-Type"] = TYPES[path.extname(file)] || "application/octet-stream";
    res.writeHead(200, headers);
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/* Runs a command without blocking the event loop (the web server keeps answering). */
function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, Object.assign({ stdio: ["ignore", "pipe", "pipe"] }, opts));
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => { out += d; });
    p.stderr.on("data", (d) => { err += d; });
    p.on("error", (e) => resolve({ code: -1, out, err: err + String(e) }));
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

/* ---- the pages ---- */

/* Every kind of page, by site path. */
const PAGES = [
  ["home", "/index.html"],
  ["briefings index", "/briefings/index.html"],
  ["bulletins index", "/bulletins/index.html"],
  ["newsletters index", "/newsletters/index.html"],
  ["training index", "/training/index.html"],
  ["seven-minute briefing", "/briefings/neglect/index.html"],
  ["practitioner briefing", "/briefings/chronic-neglect-child-t/index.html"],
  ["bulletin", "/bulletins/neglect-and-professional-curiosity/index.html"],
  ["newsletter", "/newsletters/safeguarding-matters-november-2026/index.html"],
  ["classroom course", "/training/understanding-neglect/index.html"],
  ["online course", "/training/professional-curiosity-and-effective-challenge/index.html"],
  ["eLearning course", "/training/child-neglect-awareness/index.html"],
  ["about page", "/about/index.html"],
  ["framework page with tables", "/learning-and-improvement-framework/index.html"],
  ["theme page", "/themes/neglect/index.html"],
  ["themes index", "/themes/index.html"],
  ["search with results", "/search/index.html?q=neglect"],
  ["404 page", "/404.html"],
  ["404 for a missing address", "/no/such/page/"]
];

const MODES = [
  ["standard", {}, null],
  ["contrast toggle on", {}, "high"],
  ["prefers-contrast: more", { contrast: "more" }, null]
];

/* Waits for the page's scripts: the search page's results, the contrast toggle shown. */
async function settle(page, url) {
  if (url.indexOf("/search/") >= 0 && url.indexOf("q=") >= 0) {
    await page.waitForFunction(() => {
      const l = document.querySelector("[data-search-list]");
      return l && l.children.length > 0;
    }, null, { timeout: 10000 });
  }
}

async function axeRun(page) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async (tags) => {
    /* global axe */
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"]
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + ": " +
        (n.failureSummary || "").replace(/\s+/g, " ").slice(0, 300))
    }));
  }, AXE_TAGS);
}

/* A context in which every request that would leave the site is refused and counted, and
 * the site's own base_url (the 404 page's links) is answered from the built site. */
async function newContext(browser, env, options, theme) {
  const ctx = await browser.newContext(Object.assign({ viewport: { width: 1280, height: 900 } },
    options || {}));
  ctx.leaks = [];
  await ctx.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(env.base)) {
      const file = siteFile(env.site, "/" + u.slice(env.base.length));
      if (file) {
        return route.fulfill({ path: file, contentType: TYPES[path.extname(file)] });
      }
      return route.fulfill({ status: 404, path: path.join(env.site, "404.html") });
    }
    if (u.startsWith(env.origin) || u.startsWith("file:") || u.startsWith("data:")) {
      return route.continue();
    }
    ctx.leaks.push(u);
    return route.abort();
  });
  if (theme) {
    await ctx.addInitScript((t) => {
      try {
        if (!sessionStorage.getItem("herald-test-init")) {
          sessionStorage.setItem("herald-test-init", "1");
          localStorage.setItem("herald-contrast", t);
        }
      } catch (e) { /* file: pages */ }
    }, theme);
  }
  return ctx;
}

async function axeTests(browser, env) {
  /* Faults planted in a page prove axe runs and reports. */
  const pctx = await newContext(browser, env, {}, null);
  const pp = await pctx.newPage();
  await check("axe: finds faults planted in a page", async () => {
    await pp.goto(env.origin + "/about/index.html");
    await pp.evaluate(() => {
      const main = document.querySelector("main");
      main.insertAdjacentHTML("beforeend",
        "<p><img src='x.png'></p><p style='color:#aaa;background:#fff'>faint</p>");
    });
    const ids = (await axeRun(pp)).map((v) => v.id).sort().join(" ");
    return ids === "color-contrast image-alt" ? "" : "found: " + ids;
  });
  await pctx.close();

  for (const [mode, options, theme] of MODES) {
    const ctx = await newContext(browser, env, options, theme);
    const page = await ctx.newPage();
    for (const [kind, url] of PAGES) {
      await check("axe: " + kind + " (" + mode + ")", async () => {
        const resp = await page.goto(env.origin + url);
        const want = url.startsWith("/no/") ? 404 : 200;
        if (!resp || resp.status() !== want) {
          return "HTTP status " + (resp ? resp.status() : "none") + ", expected " + want;
        }
        await settle(page, url);
        const state = await page.evaluate(() => ({
          high: document.documentElement.classList.contains("contrast-high"),
          more: window.matchMedia("(prefers-contrast: more)").matches,
          bg: getComputedStyle(document.body).backgroundColor
        }));
        if (mode !== "standard" && state.bg !== "rgb(0, 0, 0)") {
          return "the page is not in high contrast: body background " + state.bg;
        }
        if (mode === "standard" && state.bg !== "rgb(255, 255, 255)") {
          return "the page is not in the standard theme: body background " + state.bg;
        }
        if (mode === "contrast toggle on" && !state.high) {
          return "the contrast-high class is not set";
        }
        const v = await axeRun(page);
        if (VERBOSE) {
          console.log("     " + url + ": " + v.length + " violations");
        }
        if (v.length === 0) {
          return "";
        }
        return v.map((x) => x.id + " (" + x.impact + "): " + x.help + "\n  " +
          x.nodes.join("\n  ")).join("\n");
      });
    }
    await check("no request leaves the site (" + mode + ")", async () =>
      ctx.leaks.length ? ctx.leaks.join("\n") : "");
    await ctx.close();
  }
}

/* ---- keyboard ---- */

/* Records how every focusable element looks unfocused, to compare with its focus. */
async function recordUnfocused(page) {
  await page.evaluate(() => {
    const sel = "a[href], button, input, select, textarea, summary, [tabindex]";
    window.__unfocused = new Map();
    for (const el of document.querySelectorAll(sel)) {
      const cs = getComputedStyle(el);
      window.__unfocused.set(el, { bg: cs.backgroundColor, color: cs.color });
    }
  });
}

/* Describes the focused element, and whether its focus can be seen: a visible outline of
 * 2px or more, a box shadow, or a new background colour. */
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body) {
    return null;
  }
  const cs = getComputedStyle(el);
  const transparent = (c) => c === "transparent" || /rgba\(.*,\s*0\)$/.test(c);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 &&
    !transparent(cs.outlineColor);
  const shadow = cs.boxShadow !== "none" && cs.boxShadow !== "";
  const before = window.__unfocused && window.__unfocused.get(el);
  const bg = before ? before.bg !== cs.backgroundColor && !transparent(cs.backgroundColor) : false;
  const r = el.getBoundingClientRect();
  const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim()
    .replace(/\s+/g, " ").slice(0, 50);
  return {
    tag: el.tagName.toLowerCase(), cls: el.className || "", label,
    visible: outline || shadow || bg, shown: r.width > 2 && r.height > 2,
    id: el.id
  };
}

async function keyboardTests(browser, env) {
  const ctx = await newContext(browser, env, {}, null);
  const page = await ctx.newPage();

  await check("keyboard: the first Tab reaches the skip link, Enter moves focus to main",
    async () => {
      await page.goto(env.origin + "/index.html");
      await recordUnfocused(page);
      await page.keyboard.press("Tab");
      const first = await page.evaluate(focusState);
      if (!first || !/skip-link/.test(first.cls)) {
        return "first focus: " + JSON.stringify(first);
      }
      if (!first.shown || !first.visible) {
        return "the focused skip link cannot be seen: " + JSON.stringify(first);
      }
      await page.keyboard.press("Enter");
      const main = await page.evaluate(() => document.activeElement &&
        document.activeElement.id);
      if (main !== "main") {
        return "after Enter, focus is on #" + main;
      }
      await page.keyboard.press("Tab");
      const inside = await page.evaluate(() =>
        document.getElementById("main").contains(document.activeElement));
      return inside ? "" : "the Tab after the skip link leaves main";
    });

  await check("keyboard: the focus check finds a focus planted to be invisible", async () => {
    await page.goto(env.origin + "/index.html");
    await page.addStyleTag({ content: "a:focus-visible { outline: none !important; " +
      "box-shadow: none !important; background: none !important; }" });
    await recordUnfocused(page);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const st = await page.evaluate(focusState);
    return st && st.tag === "a" && !st.visible ? "" : JSON.stringify(st);
  });

  const tabPages = [
    ["home", "/index.html"],
    ["seven-minute briefing", "/briefings/neglect/index.html"],
    ["classroom course", "/training/understanding-neglect/index.html"],
    ["framework page", "/learning-and-improvement-framework/index.html"],
    ["search with results", "/search/index.html?q=neglect"],
    ["404 page", "/404.html"]
  ];
  for (const theme of [null, "high"]) {
    for (const [kind, url] of tabPages) {
      const name = "keyboard: focus is visible on every stop of " + kind +
        (theme ? " (contrast toggle on)" : "");
      await check(name, async () => {
        await page.goto(env.origin + url);
        await page.evaluate((t) => {
          if (t) {
            localStorage.setItem("herald-contrast", t);
          } else {
            localStorage.removeItem("herald-contrast");
          }
        }, theme);
        await page.reload();
        await settle(page, url);
        await recordUnfocused(page);
        const bad = [];
        let stops = 0;
        let firstKey = null;
        for (let i = 0; i < 250; i++) {
          await page.keyboard.press("Tab");
          const st = await page.evaluate(focusState);
          if (st === null) {
            break;
          }
          const key = st.tag + "|" + st.id + "|" + st.label + "|" + i;
          if (firstKey !== null && st.label === firstKey.label && st.tag === firstKey.tag &&
              st.cls === firstKey.cls) {
            break;
          }
          if (firstKey === null) {
            firstKey = st;
          }
          stops++;
          if (!st.visible || !st.shown) {
            bad.push(key + (st.shown ? ": no visible focus" : ": not on screen"));
          }
        }
        if (stops < 5) {
          return "only " + stops + " focus stops";
        }
        return bad.join("\n");
      });
    }
  }

  await check("keyboard: the contrast toggle works with Space and Enter, sets aria-pressed",
    async () => {
      await page.goto(env.origin + "/index.html");
      await page.evaluate(() => localStorage.removeItem("herald-contrast"));
      await page.reload();
      let found = false;
      for (let i = 0; i < 40 && !found; i++) {
        await page.keyboard.press("Tab");
        found = await page.evaluate(() =>
          document.activeElement.classList.contains("contrast-toggle"));
      }
      if (!found) {
        return "Tab never reaches the contrast toggle";
      }
      const state = () => page.evaluate(() => ({
        pressed: document.querySelector(".contrast-toggle").getAttribute("aria-pressed"),
        high: document.documentElement.classList.contains("contrast-high"),
        bg: getComputedStyle(document.body).backgroundColor
      }));
      const s0 = await state();
      await page.keyboard.press("Space");
      const s1 = await state();
      await page.keyboard.press("Enter");
      const s2 = await state();
      await page.keyboard.press("Enter");
      const s3 = await state();
      const why = [];
      if (s0.pressed !== "false" || s0.high) why.push("before: " + JSON.stringify(s0));
      if (s1.pressed !== "true" || !s1.high || s1.bg !== "rgb(0, 0, 0)") {
        why.push("after Space: " + JSON.stringify(s1));
      }
      if (s2.pressed !== "false" || s2.high) why.push("after Enter: " + JSON.stringify(s2));
      if (s3.pressed !== "true" || !s3.high) why.push("after Enter again: " + JSON.stringify(s3));
      return why.join("\n");
    });

  await check("keyboard: the contrast choice is remembered on the next page", async () => {
    /* Left on by the check above: follow a link by keyboard. */
    await page.focus("a.site-nav__link[href$='briefings/index.html']");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const s = await page.evaluate(() => ({
      url: location.pathname,
      pressed: document.querySelector(".contrast-toggle").getAttribute("aria-pressed"),
      hidden: document.querySelector(".contrast-toggle").hidden,
      high: document.documentElement.classList.contains("contrast-high"),
      bg: getComputedStyle(document.body).backgroundColor
    }));
    if (!s.url.endsWith("/briefings/index.html") || s.pressed !== "true" || !s.high ||
        s.hidden || s.bg !== "rgb(0, 0, 0)") {
      return JSON.stringify(s);
    }
    await page.focus(".contrast-toggle");
    await page.keyboard.press("Space");
    await page.goto(env.origin + "/themes/index.html");
    const t = await page.evaluate(() => ({
      pressed: document.querySelector(".contrast-toggle").getAttribute("aria-pressed"),
      high: document.documentElement.classList.contains("contrast-high")
    }));
    return t.pressed === "false" && !t.high ? "" : "turned off, then: " + JSON.stringify(t);
  });
  await ctx.close();

  /* With the system asking for more contrast, the toggle turns it off, and that is kept. */
  const more = await newContext(browser, env, { contrast: "more" }, null);
  const p2 = await more.newPage();
  await check("keyboard: with prefers-contrast: more the toggle starts pressed and turns it off",
    async () => {
      await p2.goto(env.origin + "/index.html");
      const before = await p2.evaluate(() => ({
        pressed: document.querySelector(".contrast-toggle").getAttribute("aria-pressed"),
        bg: getComputedStyle(document.body).backgroundColor
      }));
      await p2.focus(".contrast-toggle");
      await p2.keyboard.press("Enter");
      await p2.goto(env.origin + "/training/index.html");
      const after = await p2.evaluate(() => ({
        pressed: document.querySelector(".contrast-toggle").getAttribute("aria-pressed"),
        standard: document.documentElement.classList.contains("contrast-standard"),
        bg: getComputedStyle(document.body).backgroundColor
      }));
      if (before.pressed !== "true" || before.bg !== "rgb(0, 0, 0)") {
        return "before: " + JSON.stringify(before);
      }
      if (after.pressed !== "false" || !after.standard || after.bg !== "rgb(255, 255, 255)") {
        return "after: " + JSON.stringify(after);
      }
      return "";
    });
  await more.close();
}

/* ---- search ---- */

async function searchResults(page) {
  return page.evaluate(() => ({
    status: document.querySelector("[data-search-status]").textContent,
    hrefs: Array.from(document.querySelectorAll("[data-search-list] li .card__title a"))
      .map((a) => a.href),
    marks: Array.from(document.querySelectorAll("[data-search-list] mark"))
      .map((m) => m.textContent),
    titleMarks: document.querySelectorAll("[data-search-list] li:first-child .card__title mark")
      .length,
    url: location.href
  }));
}

async function searchTests(browser, env) {
  const ctx = await newContext(browser, env, {}, null);
  const page = await ctx.newPage();

  await check("search: typing \"neglect\" lists the neglect briefing first, highlighted",
    async () => {
      await page.goto(env.origin + "/search/index.html");
      await page.focus("#search-q");
      await page.keyboard.type("neglect", { delay: 20 });
      await page.waitForFunction(() =>
        /results? for neglect/.test(document.querySelector("[data-search-status]").textContent),
      null, { timeout: 5000 });
      const r = await searchResults(page);
      const why = [];
      if (!/^\d+ results for neglect$/.test(r.status)) why.push("status: " + r.status);
      if (!r.hrefs.length || !r.hrefs[0].endsWith("/briefings/neglect/index.html")) {
        why.push("first results: " + r.hrefs.slice(0, 3).join(", "));
      }
      if (r.titleMarks < 1 || !r.marks.every((m) => /^(self-)?neglect/i.test(m))) {
        why.push("marks: " + r.marks.slice(0, 10).join(", "));
      }
      if (!/[?&]q=neglect$/.test(r.url)) why.push("address: " + r.url);
      /* Each result's link opens its page. */
      const resp = await page.request.get(r.hrefs[0]);
      if (resp.status() !== 200) why.push(r.hrefs[0] + ": " + resp.status());
      return why.join("\n");
    });

  await check("search: a shared address (?q=) shows the results", async () => {
    await page.goto(env.origin + "/search/index.html?q=professional%20curiosity");
    await settle(page, "/search/?q=");
    const r = await searchResults(page);
    const value = await page.inputValue("#search-q");
    if (value !== "professional curiosity" || !/results? for professional curiosity/.test(r.status)) {
      return "input " + value + ", status " + r.status;
    }
    return r.hrefs[0].endsWith("/briefings/professional-curiosity/index.html") ? "" :
      "first: " + r.hrefs[0];
  });

  await check("search: ranks a title match above a text-only match", async () => {
    await page.goto(env.origin + "/search/index.html?q=hoarding");
    await settle(page, "/search/?q=");
    const r = await searchResults(page);
    const titles = await page.evaluate(() =>
      Array.from(document.querySelectorAll("[data-search-list] .card__title"))
        .map((t) => t.textContent));
    let seenOther = false;
    for (const t of titles) {
      if (!/hoarding/i.test(t)) {
        seenOther = true;
      } else if (seenOther) {
        return "title match after a text match: " + titles.join(" | ");
      }
    }
    return r.hrefs.length >= 2 ? "" : "results: " + titles.join(" | ");
  });

  await check("search: no results says so", async () => {
    await page.goto(env.origin + "/search/index.html?q=zzxqv");
    await page.waitForFunction(() =>
      document.querySelector("[data-search-status]").textContent !== "");
    const r = await searchResults(page);
    const hidden = await page.evaluate(() => document.querySelector("[data-search-list]").hidden);
    return /^No results for zzxqv/.test(r.status) && hidden ? "" : r.status;
  });

  await check("search: a query is never markup", async () => {
    const q = "<img src=x onerror=alert(1)> neglect";
    await page.goto(env.origin + "/search/index.html?q=" + encodeURIComponent(q));
    await page.waitForFunction(() =>
      document.querySelector("[data-search-status]").textContent !== "");
    const r = await page.evaluate(() => ({
      imgs: document.querySelectorAll("main img").length,
      status: document.querySelector("[data-search-status]").textContent
    }));
    return r.imgs === 0 && r.status.indexOf("<img") >= 0 ? "" : JSON.stringify(r);
  });

  await check("search: the header form on every page leads to the results", async () => {
    await page.goto(env.origin + "/briefings/index.html");
    await page.focus("#header-search-q");
    await page.keyboard.type("think family");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await settle(page, "/search/?q=");
    const r = await searchResults(page);
    const forms = await page.evaluate(() => document.querySelectorAll("form[role=search]").length);
    if (forms !== 1) return forms + " search forms on the search page";
    return /results? for think family/.test(r.status) &&
      r.hrefs[0].endsWith("/briefings/think-family/index.html") ? "" : JSON.stringify(r);
  });
  await check("search: a filter by type keeps only that type, and the address keeps it",
    async () => {
      await page.goto(env.origin + "/search/index.html?q=neglect");
      await settle(page, "/search/?q=");
      const all = (await searchResults(page)).hrefs.length;
      await page.focus("#search-type");
      await page.selectOption("#search-type", "briefing");
      await page.waitForFunction((n) =>
        document.querySelectorAll("[data-search-list] li").length !== n, all, { timeout: 5000 });
      const r = await searchResults(page);
      const types = await page.evaluate(() =>
        Array.from(document.querySelectorAll("[data-search-list] .card__type"))
          .map((t) => t.textContent));
      const why = [];
      if (!types.length || !types.every((t) => /briefing/i.test(t))) why.push("types: " + types);
      if (!/[?&]type=briefing/.test(r.url)) why.push("address: " + r.url);
      return why.join("\n");
    });

  await check("search: More results shows the next 20, by keyboard, focus on the first new one",
    async () => {
      await page.goto(env.origin + "/search/index.html?q=the");
      await settle(page, "/search/?q=");
      const n = await page.evaluate(() => document.querySelectorAll("[data-search-list] li").length);
      const total = parseInt((await searchResults(page)).status, 10);
      if (!(total > 20) || n !== 20) return total + " results, " + n + " shown";
      await page.focus("[data-search-more]");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() =>
        document.querySelectorAll("[data-search-list] li").length > 20, null, { timeout: 5000 });
      const r = await page.evaluate(() => ({
        shown: document.querySelectorAll("[data-search-list] li").length,
        focus: document.activeElement.closest("li") ===
          document.querySelectorAll("[data-search-list] li")[20],
        more: document.querySelector("[data-search-more]").hidden
      }));
      return r.shown === Math.min(total, 40) && r.focus && r.more === (total <= 40) ? "" :
        JSON.stringify(r);
    });

  /* The bytes a two-word query costs, from a fresh page: every response counted. */
  await check("search: a two-word query loads only the parts it needs (bytes counted)",
    async () => {
      const fresh = await newContext(browser, env, {}, null);
      const p2 = await fresh.newPage();
      const got = [];
      p2.on("response", async (resp) => {
        try {
          got.push({ url: resp.url(), bytes: (await resp.body()).length });
        } catch (e) {
          /* a response without a body */
        }
      });
      await p2.goto(env.origin + "/search/index.html?q=professional%20curiosity");
      await settle(p2, "/search/?q=");
      await p2.waitForTimeout(300);
      const total = got.reduce((a, r) => a + r.bytes, 0);
      const parts = got.filter((r) => /\/search\/[tdf]\//.test(r.url));
      const frags = parts.filter((r) => /\/search\/d\//.test(r.url)).length;
      const shown = await p2.evaluate(() =>
        document.querySelectorAll("[data-search-list] li").length);
      await fresh.close();
      console.log("     (two-word query on the example site: " + got.length + " requests, " +
        total + " bytes, " + parts.length + " parts of the index)");
      const why = [];
      if (frags !== shown) why.push(frags + " fragments loaded for " + shown + " results");
      if (total > 300 * 1024) why.push(total + " bytes");
      return why.join("\n");
    });
  await ctx.close();

  const nojs = await newContext(browser, env, { javaScriptEnabled: false }, null);
  const p3 = await nojs.newPage();
  await check("search: without JavaScript the page says how else to find things", async () => {
    await p3.goto(env.origin + "/search/index.html");
    const r = await p3.evaluate(() => ({
      text: document.querySelector("main").innerText,
      links: Array.from(document.querySelectorAll("main a")).map((a) => a.textContent)
    }));
    const why = [];
    if (!/Search needs JavaScript/.test(r.text)) why.push("no notice");
    for (const l of ["Briefings", "Bulletins", "Newsletters", "Training", "Themes"]) {
      if (r.links.indexOf(l) < 0) why.push("no link to " + l);
    }
    await p3.screenshot({ path: path.join(OUT, "search-no-javascript.png"), fullPage: true });
    return why.join("\n");
  });
  await nojs.close();
}

/* ---- from disk ---- */

async function diskTests(browser, env) {
  const ctx = await newContext(browser, env, {}, null);
  const page = await ctx.newPage();
  const fileUrl = (p) => "file://" + env.site + p;
  /* Every kind of page but 404.html, whose links are absolute (from base_url) by design: a
   * web server shows it at any address. */
  const pages = PAGES.map((x) => x[1].split("?")[0]).filter((u) => u.endsWith(".html") &&
    u !== "/404.html");
  for (const p of pages) {
    await check("from disk: " + p + " has its styles and every link resolves", async () => {
      await page.goto(fileUrl(p));
      const r = await page.evaluate(() => ({
        header: getComputedStyle(document.querySelector(".site-header")).backgroundColor,
        toggle: !document.querySelector(".contrast-toggle").hidden,
        links: Array.from(document.querySelectorAll("a[href], link[href], script[src], img[src]"))
          .map((e) => e.href || e.src)
      }));
      const why = [];
      if (r.header !== "rgb(31, 92, 94)") why.push("header background " + r.header);
      if (!r.toggle) why.push("site.js did not run");
      for (const u of r.links) {
        if (!u.startsWith("file:")) continue;
        const f = decodeURIComponent(new URL(u).pathname);
        if (!fs.existsSync(f) || fs.statSync(f).isDirectory()) why.push("broken: " + u);
      }
      return why.join("\n");
    });
  }
  await check("from disk: search works", async () => {
    await page.goto(fileUrl("/search/index.html") + "?q=neglect");
    await settle(page, "/search/?q=");
    const r = await searchResults(page);
    if (!r.hrefs.length || r.hrefs[0] !== fileUrl("/briefings/neglect/index.html")) {
      return "first: " + r.hrefs[0];
    }
    await Promise.all([page.waitForNavigation(),
      page.click("[data-search-list] li:first-child .card__title a")]);
    return (await page.title()).startsWith("Recognising and responding to neglect") ? "" :
      "the result opened " + page.url();
  });
  await check("from disk: the header search form opens the search page", async () => {
    await page.goto(fileUrl("/briefings/index.html"));
    await page.fill("#header-search-q", "curiosity");
    await Promise.all([page.waitForNavigation(), page.press("#header-search-q", "Enter")]);
    await settle(page, "/search/?q=");
    const r = await searchResults(page);
    return /results? for curiosity/.test(r.status) ? "" : r.url + ": " + r.status;
  });
  await ctx.close();
}

/* ---- screenshots, to look at ---- */

async function screenshots(browser, env) {
  const shots = [
    ["home", "/index.html", {}, null],
    ["home-high-contrast", "/index.html", {}, "high"],
    ["briefing", "/briefings/neglect/index.html", {}, null],
    ["framework-mobile", "/learning-and-improvement-framework/index.html",
      { viewport: { width: 375, height: 800 } }, null],
    ["search-results", "/search/index.html?q=neglect", {}, null],
    ["search-results-mobile-more-contrast", "/search/index.html?q=neglect",
      { viewport: { width: 375, height: 800 }, contrast: "more" }, null],
    ["training", "/training/index.html", {}, null],
    ["404", "/no/such/page/", {}, null]
  ];
  await check("screenshots in tests/browser/out/", async () => {
    for (const [name, url, options, theme] of shots) {
      const ctx = await newContext(browser, env, options, theme);
      const page = await ctx.newPage();
      await page.goto(env.origin + url);
      await settle(page, url);
      /* Narrow screens: the first screenful, which is what a phone shows. */
      await page.screenshot({ path: path.join(OUT, name + ".png"),
        fullPage: !options.viewport });
      await ctx.close();
    }
    return "";
  });
  /* The focus, seen: the skip link and a focused link in the header. */
  const ctx = await newContext(browser, env, {}, null);
  const page = await ctx.newPage();
  await page.goto(env.origin + "/index.html");
  await page.keyboard.press("Tab");
  await page.screenshot({ path: path.join(OUT, "focus-skip-link.png") });
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.screenshot({ path: path.join(OUT, "focus-search.png") });
  await ctx.close();
}

/* ---- the Nu HTML Checker ---- */

/* A page with known faults, checked beside the site, proves the tools find faults at all. */
const PLANTED_HTML = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" +
  "<title>planted</title></head><body>\n<p><img src=\"a.png\"></p>\n" +
  "<p><a href=\"missing.html\">missing</a> <a href=\"#nowhere\">nowhere</a></p>\n" +
  "</body></html>\n";

async function vnuTests(env) {
  const jar = path.join(path.dirname(require.resolve("vnu-jar/package.json")),
    "build", "dist", "vnu.jar");
  const htmlFiles = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) htmlFiles.push(p);
    }
  })(env.site);
  htmlFiles.sort();
  const r = await run("java", ["-jar", jar, "--format", "json", "--also-check-css"].concat(
    htmlFiles, [path.join(env.site, "assets", "site.css"), env.planted]));
  let messages;
  try {
    messages = JSON.parse(r.err || r.out).messages;
  } catch (e) {
    fail("vnu: every page is valid HTML", "vnu exit " + r.code + "\n" + r.err.slice(0, 2000));
    return;
  }
  const file = (m) => decodeURIComponent((m.url || "").replace(/^file:/, ""));
  const where = (m) => path.relative(env.site, file(m)) + ":" + (m.lastLine || m.firstLine || 0);
  const isError = (m) => m.type === "error" || m.type === "non-document-error";
  const mine = messages.filter((m) => file(m) !== env.planted);
  const planted = messages.filter((m) => file(m) === env.planted && isError(m));
  await check("vnu: finds the error in a planted page", async () =>
    planted.some((m) => /alt/.test(m.message)) ? "" : JSON.stringify(planted));
  await check("vnu: " + htmlFiles.length + " pages and site.css, no errors", async () =>
    mine.filter(isError).map((m) => where(m) + ": " + m.message).join("\n"));
  const warnings = mine.filter((m) => m.type === "info" && m.subType === "warning");
  if (warnings.length) {
    console.log("     vnu warnings (" + warnings.length + "):");
    const seen = new Set();
    for (const m of warnings) {
      if (!seen.has(m.message)) {
        seen.add(m.message);
        console.log("     " + where(m) + ": " + m.message);
      }
    }
  }
}

/* ---- linkchecker ---- */

/* python3's own http.server, with the header that lets linkchecker skip its delay of up to
 * 0.6 s between requests to one host (it is our server, and on loopback). */
const PY_SERVER = [
  "import functools, http.server, sys",
  "class H(http.server.SimpleHTTPRequestHandler):",
  "    def end_headers(self):",
  "        self.send_header('LinkChecker', 'herald tests')",
  "        super().end_headers()",
  "    def log_message(self, *args):",
  "        pass",
  "s = http.server.ThreadingHTTPServer(('127.0.0.1', 0),",
  "    functools.partial(H, directory=sys.argv[1]))",
  "print('port', s.server_address[1], flush=True)",
  "s.serve_forever()"
].join("\n");

/* linkchecker's text report: one block per broken link or warning. */
function linkReport(text) {
  return text.split(/\n(?=URL {8}`)/).filter((b) => /^URL {8}`/.test(b)).map((b) => ({
    parent: (/^Parent URL (\S+?),?\s/m.exec(b) || [])[1] || "",
    error: /^Result {5}Error/m.test(b),
    warning: /^Warning/m.test(b),
    text: b.trim().split("\n").filter((l) => /^(URL|Parent URL|Result|Warning|\s)/.test(l))
      .join("\n")
  }));
}

async function linkcheckerTests(env) {
  const server = spawn("python3", ["-c", PY_SERVER, env.tmp],
    { stdio: ["ignore", "pipe", "pipe"] });
  try {
    const port = await new Promise((resolve, reject) => {
      let buf = "";
      const timer = setTimeout(() => reject(new Error("http.server did not start")), 10000);
      server.stdout.on("data", (d) => {
        buf += d;
        const m = /port (\d+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      server.on("exit", () => reject(new Error("http.server exited: " + buf)));
    });
    const cfg = path.join(env.tmp, "linkcheckerrc");
    /* Anchors are checked too; nothing outside the site is fetched. */
    fs.writeFileSync(cfg, "[checking]\nmaxrequestspersecond=1000\n" +
      "[filtering]\nignore=\n  ^mailto:\ncheckextern=0\n" +
      "[AnchorCheck]\n\n[output]\nlog=text\nverbose=0\nwarnings=1\nstatus=0\n");
    const origin = "http://127.0.0.1:" + port;
    const r = await run("linkchecker", ["-f", cfg, "--no-robots", "--threads", "4",
      "--recursion-level", "-1", "-o", "text", origin + "/site/index.html",
      origin + "/" + path.relative(env.tmp, env.planted)], { cwd: env.tmp });
    const summary = /That's it\. (.*)/.exec(r.out);
    const report = linkReport(r.out);
    const planted = report.filter((x) => x.parent.indexOf("/planted/") >= 0);
    const mine = report.filter((x) => x.parent.indexOf("/planted/") < 0);
    await check("linkchecker: finds the missing picture, link and anchor of a planted page",
      async () =>
      planted.filter((x) => x.error).length === 2 && planted.filter((x) => x.warning).length === 1
        ? "" : "exit " + r.code + "\n" + (r.out + r.err).slice(-3000));
    await check("linkchecker: no broken link or anchor in the site, served by python3's " +
      "http.server", async () => {
      if (!summary) {
        return "exit " + r.code + "\n" + (r.out + r.err).slice(-4000);
      }
      if (mine.length) {
        return mine.map((x) => x.text).join("\n\n");
      }
      const checked = /(\d+) links? in (\d+) URLs? checked/.exec(r.out);
      if (!checked || Number(checked[2]) < 30) {
        return "too few URLs checked: " + summary[1];
      }
      return "";
    });
    if (summary) console.log("     linkchecker: " + summary[1] + " (3 planted)");
  } finally {
    server.kill();
  }
}

/* ---- main ---- */

/* ---- a partnership site: the concern banner and "Exit this page" ---- */

const EXIT_URL = "https://www.bbc.co.uk/weather";

/* Builds a small site with the banner on every page and the exit button on one page. */
function partnerSite(tmp) {
  const src = path.join(tmp, "partner-src");
  const out = path.join(tmp, "partner");
  const files = {
    "site.yaml": "title: Test Partnership\nbase_url: https://example.org/p/\n" +
      "concern:\n  text: \"Worried about a child or an adult?\"\n" +
      "  phone: \"0300 123 4567\"\n  out_of_hours: \"0300 123 4568\"\n" +
      "  url: \"ref:pages/report-a-concern\"\n",
    "content/pages/report-a-concern.md": "---\ntitle: Report a concern\n---\nCall us.\n",
    "content/pages/domestic-abuse.md": "---\ntitle: Domestic abuse\nexit_this_page: true\n---\n" +
      "Help is here.\n\n" + "Some text that makes the page long.\n\n".repeat(80)
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    fs.writeFileSync(path.join(src, rel), text);
  }
  const b = spawnSync(HERALD, ["build", "-q", "-s", src, "-o", out, "--date", DATE],
    { env: Object.assign({}, process.env, { TZ: "UTC", LC_ALL: "C.UTF-8" }) });
  if (b.status !== 0) {
    throw new Error("the partnership site does not build: " + b.stderr);
  }
  return out;
}

async function exitTests(browser, env) {
  const site = partnerSite(env.tmp);
  const server = await serve(site);
  const penv = { tmp: env.tmp, site, origin: "http://127.0.0.1:" + server.address().port,
    base: "" };
  penv.base = penv.origin + "/p/";  /* the 404 page links from base_url's path */
  const home = penv.origin + "/index.html";
  const exitPage = penv.origin + "/domestic-abuse/index.html";
  async function exitContext(options) {
    const ctx = await newContext(browser, penv, options);
    await ctx.route(EXIT_URL, (route) => route.fulfill({ contentType: TYPES[".html"],
      body: "<!doctype html><title>Weather</title><p>Weather</p>" }));
    return ctx;
  }
  try {
    for (const [kind, url] of [["banner and exit button", exitPage],
      ["banner on the home page", home], ["banner on the 404 page", penv.origin + "/no/such/"]]) {
      await check("axe: " + kind, async () => {
        const ctx = await exitContext();
        const page = await ctx.newPage();
        await page.goto(url);
        const v = await axeRun(page);
        await ctx.close();
        return v.length ? v.map((x) => x.id + ": " + x.help + "\n  " + x.nodes.join("\n  "))
          .join("\n") : "";
      });
    }
    await check("concern banner: phone numbers are tel: links, on every page", async () => {
      const ctx = await exitContext();
      const page = await ctx.newPage();
      const why = [];
      for (const url of [home, exitPage, penv.origin + "/no/such/"]) {
        await page.goto(url);
        const tels = await page.$$eval(".concern-banner a[href^='tel:']",
          (l) => l.map((a) => a.getAttribute("href")));
        if (tels.join(" ") !== "tel:03001234567 tel:03001234568") {
          why.push(url + ": " + tels.join(" "));
        }
      }
      await ctx.close();
      return why.join("\n");
    });
    await check("exit this page: a click hides the page at once and leaves; Back does not " +
      "return", async () => {
      const ctx = await exitContext();
      const page = await ctx.newPage();
      await page.goto(home);
      await page.goto(exitPage);
      await page.waitForFunction(() => document.querySelector(".exit-this-page__button")
        .getAttribute("role") === "button");
      const hidden = await page.evaluate(() => {
        document.querySelector(".exit-this-page__button").click();
        return getComputedStyle(document.body).visibility;
      });
      await page.waitForURL(EXIT_URL);
      await page.goBack();
      const back = page.url();
      await ctx.close();
      if (hidden !== "hidden") return "the page stayed visible: " + hidden;
      if (back !== home) return "Back went to " + back + ", not " + home;
      return "";
    });
    await check("exit this page: Shift pressed three times leaves", async () => {
      const ctx = await exitContext();
      const page = await ctx.newPage();
      await page.goto(exitPage);
      await page.waitForFunction(() => document.querySelector(".exit-this-page__button")
        .getAttribute("role") === "button");
      await page.keyboard.press("Shift");
      await page.keyboard.press("Shift");
      const said = await page.evaluate(() => document.querySelector(".exit-this-page [aria-live]")
        .textContent);
      await page.keyboard.press("Shift");
      await page.waitForURL(EXIT_URL, { timeout: 5000 });
      await ctx.close();
      return said.indexOf("1 more time") >= 0 ? "" : "the count said: " + said;
    });
    await check("exit this page: Shift with another key does not count", async () => {
      const ctx = await exitContext();
      const page = await ctx.newPage();
      await page.goto(exitPage);
      await page.waitForFunction(() => document.querySelector(".exit-this-page__button")
        .getAttribute("role") === "button");
      await page.keyboard.press("Shift+A");
      await page.keyboard.press("Shift+B");
      await page.keyboard.press("Shift+C");
      await page.waitForTimeout(300);
      const url = page.url();
      await ctx.close();
      return url === exitPage ? "" : "left for " + url;
    });
    await check("exit this page: an accessible name, the explanation the first time only",
      async () => {
        const ctx = await exitContext();
        const page = await ctx.newPage();
        await page.goto(exitPage);
        const first = await page.evaluate(() => {
          const a = document.querySelector(".exit-this-page__button");
          const h = document.getElementById("exit-this-page-hint");
          return [a.textContent.trim(), h.hidden, a.getAttribute("aria-describedby")];
        });
        await page.reload();
        await page.waitForFunction(() => document.querySelector(".exit-this-page__button")
          .getAttribute("role") === "button");
        const second = await page.evaluate(() =>
          document.getElementById("exit-this-page-hint").hidden);
        await ctx.close();
        const why = [];
        if (first[0] !== "Emergency Exit this page") why.push("name: " + first[0]);
        if (first[1] || first[2] !== "exit-this-page-hint") why.push("no explanation at first");
        if (!second) why.push("the explanation shows again");
        return why.join("\n");
      });
    await check("exit this page: stays in view when the page scrolls", async () => {
      const ctx = await exitContext();
      const page = await ctx.newPage();
      await page.goto(exitPage);
      await page.evaluate(() => window.scrollTo(0, 3000));
      const top = await page.evaluate(() => document.querySelector(".exit-this-page__button")
        .getBoundingClientRect().top);
      await ctx.close();
      return top >= 0 && top < 100 ? "" : "the button is at " + top + " px";
    });
    await check("exit this page: without JavaScript a plain link to the exit address",
      async () => {
        const ctx = await exitContext({ javaScriptEnabled: false });
        const page = await ctx.newPage();
        await page.goto(exitPage);
        await page.click(".exit-this-page__button");
        await page.waitForURL(EXIT_URL);
        await ctx.close();
        return "";
      });
  } finally {
    server.close();
  }
}

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "herald-browser-"));
  const site = path.join(tmp, "site");
  let server = null;
  let browser = null;
  try {
    const b = spawnSync(HERALD, ["build", "-q", "-o", site, "--date", DATE],
      { cwd: ROOT, env: Object.assign({}, process.env, { TZ: "UTC", LC_ALL: "C.UTF-8" }) });
    if (b.status !== 0) {
      fail("the example site builds", "exit " + b.status + "\n" + b.stderr);
      return;
    }
    /* Readable by linkchecker, which drops to "nobody" when run as root. */
    fs.chmodSync(tmp, 0o755);
    const planted = path.join(tmp, "planted", "index.html");
    fs.mkdirSync(path.dirname(planted));
    fs.writeFileSync(planted, PLANTED_HTML);
    const css = /<link rel="stylesheet" href="([^"]+)assets\/site\.css">/.exec(
      fs.readFileSync(path.join(site, "404.html"), "utf8"));
    server = await serve(site);
    const env = {
      tmp, site, planted,
      origin: "http://127.0.0.1:" + server.address().port,
      base: css ? css[1] : "https://base-url.invalid/"
    };
    /* The 404 page's links are root-relative from base_url's path: answered from the site
     * served at that path of the local server. */
    if (env.base.startsWith("/")) env.base = env.origin + env.base;

    let t = Date.now();
    const { chromium } = require("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: CHROMIUM_ARGS });
    if (process.env.ONLY === "exit") {
      await exitTests(browser, env);
      return;
    }
    await axeTests(browser, env);
    console.log("     (axe: " + seconds(t) + ")");
    t = Date.now();
    await keyboardTests(browser, env);
    await searchTests(browser, env);
    await diskTests(browser, env);
    await screenshots(browser, env);
    await exitTests(browser, env);
    console.log("     (keyboard, search, disk, screenshots: " + seconds(t) + ")");
    await browser.close();
    browser = null;
    t = Date.now();
    await vnuTests(env);
    console.log("     (vnu: " + seconds(t) + ")");
    t = Date.now();
    await linkcheckerTests(env);
    console.log("     (linkchecker: " + seconds(t) + ")");
  } catch (e) {
    fail("browser tests ran to the end", (e && e.stack) || String(e));
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log("     (browser tests took " + seconds(t0) + ")");
    console.log(passed + " passed, " + failed + " failed");
    process.exitCode = failed ? 1 : 0;
  }
}

main();
