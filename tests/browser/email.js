#!/usr/bin/env node
/* email.js: email.html files in Debian's Chromium (playwright-core, axe-core), for tests/test_email.py.
 *
 * usage: node email.js SHOTS_DIR FILE.html...
 *
 * For each file, at 600 px and 375 px wide, with its <style> and with every <style> removed
 * (as many mail programs do): no horizontal scroll (scrollWidth <= width), and axe-core finds
 * no WCAG 2.2 A/AA violation. No request leaves the machine: images are answered with a grey
 * pixel of the size asked for. Screenshots go to SHOTS_DIR. Prints one JSON list of
 * {name, problems} on standard output. Environment: CHROMIUM (default /usr/bin/chromium). */
"use strict";

const fs = require("fs");
const path = require("path");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic"];
/* A 1x1 grey PNG: what every image request gets. */
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNoaGgAAAMEAYFL09IQAAAAAElFTkSuQmCC", "base64");

async function axeRun(page) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async (tags) => {
    /* global axe */
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"]
    });
    return r.violations.map((v) => v.id + " (" + v.impact + "): " + v.help + ": " +
      v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
  }, AXE_TAGS);
}

async function main() {
  const shots = process.argv[2];
  const files = process.argv.slice(3);
  const results = [];
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: CHROMIUM_ARGS });
  fs.mkdirSync(shots, { recursive: true });
  for (const file of files) {
    const html = fs.readFileSync(file, "utf8");
    const label = path.basename(path.dirname(file));
    for (const width of [600, 375]) {
      for (const styled of [true, false]) {
        const name = "chromium: " + label + " at " + width + " px" +
          (styled ? "" : " without <style>");
        const problems = [];
        const ctx = await browser.newContext({ viewport: { width, height: 800 } });
        const outside = [];
        await ctx.route("**/*", (route) => {
          const req = route.request();
          if (req.resourceType() === "image") {
            return route.fulfill({ status: 200, contentType: "image/png", body: PIXEL });
          }
          if (req.url().startsWith("data:") || req.url() === "about:blank") {
            return route.continue();
          }
          outside.push(req.url());
          return route.abort();
        });
        const page = await ctx.newPage();
        try {
          await page.setContent(html, { waitUntil: "load" });
          if (!styled) {
            await page.evaluate(() => {
              for (const s of Array.from(document.querySelectorAll("style"))) {
                s.remove();
              }
            });
          }
          const sw = await page.evaluate(() => Math.max(document.documentElement.scrollWidth,
            document.body.scrollWidth));
          if (sw > width) {
            problems.push("scrollWidth " + sw + " > " + width);
          }
          const v = await axeRun(page);
          for (const x of v) {
            problems.push("axe: " + x);
          }
          if (outside.length > 0) {
            problems.push("requests: " + outside.slice(0, 5).join(", "));
          }
          await page.screenshot({ path: path.join(shots, "email-" + label + "-" + width +
            (styled ? "" : "-nostyle") + ".png"), fullPage: true });
        } catch (e) {
          problems.push(String((e && e.stack) || e));
        }
        await ctx.close();
        results.push({ name, problems });
      }
    }
  }
  await browser.close();
  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + "\n");
  process.exit(1);
});
