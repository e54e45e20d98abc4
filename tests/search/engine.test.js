/* engine.test.js: the search index's query engine (layouts/assets/search-engine.js) over
 * indexes herald built, in Node, as tests/test_search.py runs it:
 *
 *   node engine.test.js EXAMPLE_OUT BENCH_OUT WELSH_OUT WORDLIST TEXTS...
 *
 * EXAMPLE_OUT is the example site built, BENCH_OUT a small site of tests/bench/gen.py, WELSH_OUT
 * a site in Welsh (no stemmer), WORDLIST the words of TEXTS with libstemmer's stems
 * (build/release/stemwords -v). Prints "ok NAME" or "FAIL NAME" and its reasons for each check,
 * then "N passed, M failed". */
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const E = require(path.join(__dirname, "..", "..", "layouts", "assets", "search-engine.js"));
const [exampleOut, benchOut, welshOut, wordlist, ...texts] = process.argv.slice(2);

let passed = 0;
let failed = 0;

function report(name, why) {
  if (why) {
    failed++;
    console.log("FAIL " + name + "\n     " + String(why).split("\n").join("\n     "));
  } else {
    passed++;
    console.log("ok " + name);
  }
}

/* A built index: its manifest, parts read as the browser runs them (a script calling
 * HERALD_SEARCH_PART), every part loaded counted. */
function open(out) {
  const parts = {};
  const ctx = vm.createContext({
    window: {},
    HERALD_SEARCH_PART: (name, data) => { parts[name] = data; }
  });
  vm.runInContext(fs.readFileSync(path.join(out, "search", "index.js"), "utf8"), ctx);
  const manifest = ctx.window.HERALD_SEARCH;
  const loaded = [];
  const load = (name, cb) => {
    const file = path.join(out, "search", name + ".js");
    loaded.push(name);
    if (!fs.existsSync(file)) {
      cb(new Error("no " + file), null);
      return;
    }
    vm.runInContext(fs.readFileSync(file, "utf8"), ctx);
    cb(name in parts ? null : new Error("no data in " + name), parts[name]);
  };
  const engine = new E.Engine(manifest, load);
  const search = (q, filters) => {
    let got = null;
    engine.search(q, filters || {}, (err, found) => {
      if (err) {
        throw err;
      }
      got = found;
    });
    return got;
  };
  const fragment = (doc) => {
    let got = null;
    engine.fragments([doc], (err, f) => {
      if (err) {
        throw err;
      }
      got = f[0];
    });
    return got;
  };
  return { out, manifest, engine, search, fragment, loaded, parts };
}

function check(name, fn) {
  try {
    report(name, fn());
  } catch (e) {
    report(name, e.stack);
  }
}

const ex = open(exampleOut);
const bench = open(benchOut);
const welsh = open(welshOut);

function urls(site, found) {
  return found.results.map((r) => site.fragment(r.doc).url);
}

/* ---- stemming ---- */

check("stemming: search-engine.js stems as libstemmer on the word list", () => {
  const lines = fs.readFileSync(wordlist, "utf8").split("\n").filter((l) => l);
  const bad = [];
  for (const l of lines) {
    const [w, s] = l.split("\t");
    if (E.stem(w) !== s) {
      bad.push(w + ": libstemmer " + s + ", search-engine.js " + E.stem(w));
    }
  }
  if (lines.length < 5000) {
    return "only " + lines.length + " words";
  }
  return bad.slice(0, 20).join("\n");
});

check("stemming: search-engine.js cuts the texts into the words herald cuts", () => {
  const want = new Set(fs.readFileSync(wordlist, "utf8").split("\n").filter((l) => l)
    .map((l) => l.split("\t")[0]));
  const bad = [];
  for (const t of texts) {
    for (const w of E.words(fs.readFileSync(t, "utf8"))) {
      if (!want.has(w)) {
        bad.push(t + ": " + w);
      }
    }
  }
  return bad.slice(0, 20).join("\n");
});

check("stemming: folding and words", () => {
  const got = JSON.stringify(E.words("Café NAÏVE self-neglect, 2024 ŴYTH Ŷ x\u0301y"));
  return got === JSON.stringify(["cafe", "naive", "self", "neglect", "2024", "wyth", "y", "xy"]) ?
    "" : got;
});

/* ---- the shards ---- */

function shardCheck(site) {
  const keys = site.manifest.shards;
  const bad = [];
  const sizes = [];
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1] < keys[i])) {
      bad.push("keys out of order: " + keys[i - 1] + ", " + keys[i]);
    }
    const name = "t/" + E.keyName(keys[i]);
    const file = path.join(site.out, "search", name + ".js");
    sizes.push(fs.statSync(file).size);
    site.engine.load(name, () => {});
    for (const t of Object.keys(site.parts[name])) {
      if (t < keys[i] || (i + 1 < keys.length && t >= keys[i + 1])) {
        bad.push(t + " in shard " + keys[i]);
      }
      if (site.engine.shardOf(t) !== i) {
        bad.push(t + ": shardOf " + site.engine.shardOf(t) + ", in " + i);
      }
    }
  }
  return { bad, sizes };
}

check("shards: every term is in the shard its key range gives (example)", () =>
  shardCheck(ex).bad.slice(0, 10).join("\n"));
check("shards: every term is in the shard its key range gives (bench)", () => {
  const r = shardCheck(bench);
  if (bench.manifest.shards.length < 2) {
    r.bad.push("one shard only");
  }
  /* Every shard but the last holds 20,000 to 60,000 bytes of terms, or one term. */
  r.sizes.slice(0, -1).forEach((s, i) => {
    const terms = Object.keys(bench.parts["t/" + E.keyName(bench.manifest.shards[i])]).length;
    if (s < 20000 || (s > 60100 && terms > 1)) {
      r.bad.push("shard " + i + ": " + s + " bytes, " + terms + " terms");
    }
  });
  return r.bad.slice(0, 10).join("\n");
});

check("shards: a query loads only the shards of its words", () => {
  ex.loaded.length = 0;
  const b = open(benchOut);
  b.search("neglect curiosity");
  const shards = b.loaded.filter((n) => n.startsWith("t/"));
  return shards.length >= 1 && shards.length <= 2 ? "" : shards.join(", ");
});

/* ---- ranking ---- */

check("ranking: neglect finds the neglect briefing first", () => {
  const u = urls(ex, ex.search("neglect "));
  return u[0] === "briefings/neglect/index.html" ? "" : u.slice(0, 3).join(", ");
});

check("ranking: a title match ranks above matches elsewhere", () => {
  const found = ex.search("hoarding ");
  const titles = found.results.map((r) => ex.fragment(r.doc).title);
  let other = false;
  for (const t of titles) {
    if (!/hoarding/i.test(t)) {
      other = true;
    } else if (other) {
      return titles.join(" | ");
    }
  }
  return titles.length >= 2 ? "" : titles.join(" | ");
});

check("ranking: scores never rise down the list; ties go to the lower number (newer)", () => {
  for (const q of ["safeguarding ", "child ", "review "]) {
    const r = bench.search(q).results;
    for (let i = 1; i < r.length; i++) {
      if (r[i].score > r[i - 1].score ||
          (r[i].score === r[i - 1].score && r[i].doc < r[i - 1].doc)) {
        return q + ": " + JSON.stringify(r.slice(i - 1, i + 1));
      }
    }
  }
  return "";
});

check("ranking: every word must be found; stems join forms of a word", () => {
  const a = ex.search("neglected ").results.map((r) => r.doc).sort();
  const b = ex.search("neglect ").results.map((r) => r.doc).sort();
  const both = ex.search("neglect curiosity ").results.map((r) => r.doc);
  const cur = new Set(ex.search("curiosity ").results.map((r) => r.doc));
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    return "neglected " + a + " / neglect " + b;
  }
  return both.every((d) => cur.has(d) && b.indexOf(d) >= 0) && both.length > 0 ?
    "" : "both: " + both;
});

check("ranking: words that name properties of objects are words like others", () => {
  const q = ex.engine.parse("constructor toString constructor");
  const found = ex.search("constructor tostring ");
  return q.length === 2 && found.results.length === 0 &&
    !ex.engine.marks(ex.search("neglect "), "constructor") ? "" : JSON.stringify(q);
});

/* ---- prefix ---- */

check("prefix: the last word being typed matches the start of terms", () => {
  const whole = new Set(ex.search("safeguarding ").results.map((r) => r.doc));
  const why = [];
  for (const q of ["safeg", "safeguardin", "neglect curios"]) {
    const got = ex.search(q).results.map((r) => r.doc);
    if (got.length === 0) {
      why.push(q + ": nothing");
    }
    if (q.startsWith("safeg") && !Array.from(whole).every((d) => got.indexOf(d) >= 0)) {
      why.push(q + ": misses some of safeguarding's " + whole.size);
    }
  }
  /* A finished word (a space after it) is no prefix. */
  if (ex.search("safeg ").results.length !== 0) {
    why.push("safeg with a space matched");
  }
  return why.join("\n");
});

check("prefix: a match by prefix ranks below the whole word", () => {
  const s = ex.search("curios").results;
  const w = ex.search("curiosity ").results;
  return s.length > 0 && w.length > 0 && s[0].score <= w[0].score ? "" :
    JSON.stringify([s[0], w[0]]);
});

/* ---- filters ---- */

check("filters: by type, and by theme", () => {
  const why = [];
  const all = ex.search("neglect ").results;
  const br = ex.search("neglect ", { type: "briefing" }).results;
  if (!br.length || br.length >= all.length) {
    why.push("briefings " + br.length + " of " + all.length);
  }
  br.forEach((r) => {
    if (ex.fragment(r.doc).type !== "briefing") {
      why.push("not a briefing: " + ex.fragment(r.doc).url);
    }
  });
  const th = ex.search("safeguarding ", { theme: "think-family" }).results;
  if (!th.length) {
    why.push("no think-family result");
  }
  th.forEach((r) => {
    if (ex.fragment(r.doc).themes.indexOf("Think family") < 0) {
      why.push("not think family: " + ex.fragment(r.doc).url);
    }
  });
  const both = ex.search("neglect ", { type: "training", theme: "neglect" }).results;
  both.forEach((r) => {
    const f = ex.fragment(r.doc);
    if (f.type !== "training" || f.themes.indexOf("Neglect") < 0) {
      why.push("both: " + f.url);
    }
  });
  const counts = ex.manifest.types.map((t) => t.name + " " + t.count).join(", ");
  if (!/briefing \d+/.test(counts)) {
    why.push("types: " + counts);
  }
  return why.join("\n");
});

/* ---- paging ---- */

check("paging: results come 20 at a time from the fragments of the ones shown", () => {
  const b = open(benchOut);
  const found = b.search("safeguarding ");
  if (found.results.length <= 40) {
    return "only " + found.results.length + " results";
  }
  b.loaded.length = 0;
  let page = null;
  b.engine.fragments(found.results.slice(20, 40).map((r) => r.doc), (e, f) => { page = f; });
  const frags = b.loaded.filter((n) => n.startsWith("d/"));
  return page.length === 20 && frags.length === 20 && page.every((f) => f && f.url) ? "" :
    frags.join(", ");
});

/* ---- every document findable ---- */

function findable(site) {
  const bad = [];
  for (let d = 0; d < site.manifest.docs; d++) {
    const f = site.fragment(d);
    for (const w of E.words(f.title)) {
      const got = site.search(w + " ").results;
      if (!got.some((r) => r.doc === d)) {
        bad.push(f.url + ": " + w);
      }
    }
  }
  return bad.slice(0, 20).join("\n");
}

check("property: every document is found by each word of its title (example)",
  () => findable(ex));
check("property: every document is found by each word of its title (bench)",
  () => findable(bench));
check("property: every document is found by each word of its title (Welsh)",
  () => findable(welsh));

/* ---- a language without a stemmer ---- */

check("Welsh: no stemming; exact words and prefixes", () => {
  const why = [];
  if (welsh.manifest.stemmer !== "") {
    why.push("stemmer " + welsh.manifest.stemmer);
  }
  if (welsh.search("diogelu ").results.length === 0) {
    why.push("diogelu: nothing");
  }
  if (welsh.search("diogel ").results.length !== 0) {
    why.push("diogel matched diogelu as a word");
  }
  if (welsh.search("diogel").results.length === 0) {
    why.push("diogel as a prefix: nothing");
  }
  if (welsh.search("wythnos ").results.length === 0) {
    why.push("wythnos (from ŵythnos folded): nothing");
  }
  return why.join("\n");
});

console.log(passed + " passed, " + failed + " failed");
process.exit(failed ? 1 : 0);
