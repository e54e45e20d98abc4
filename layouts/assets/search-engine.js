/* herald search-engine.js: the search index's query engine, in the browser and in Node (the tests).
 * No dependencies, no network requests: the parts of the index are loaded by the caller's load().
 *
 * herald writes search/index.js, which sets window.HERALD_SEARCH to the manifest:
 *   {format, language, stemmer: "english" or "", docs: N, shards: [key, ...],
 *    types: [{name, title, count}], themes: [{slug, title, count}]}
 * and parts that each call HERALD_SEARCH_PART(name, data):
 *   t/KEY      a shard: {term: [doc, mark, doc - previous doc, mark, ...], ...}, the terms from
 *              KEY (the shards' keys are sorted) up to the next shard's key
 *   f/type-T, f/theme-S   a filter: [doc, doc - previous doc, ...]
 *   d/N        document N's fragment: {url, title, type, type_text, date, date_text, summary,
 *              themes: [], text}
 * Documents are numbered newest first, so among results that score alike the lower number wins.
 * A mark holds where a term stands (bits: 1 title, 2 headings, 4 themes, 8 summary, 16 text)
 * plus 32 times its mentions in the text (at most 20).
 *
 * Words are cut and folded as herald cuts them (src/out/search_words.c), and stemmed with the
 * Snowball English (Porter2) stemmer when the manifest says so, as libstemmer stems them. */
(function (global) {
  "use strict";

  var WORD_MAX = 40;           /* characters of a word at most, as in herald */
  var PREFIX_MIN = 3;          /* the last word is also a prefix from this many characters */
  var PREFIX = 0.6;            /* a term that only starts with the word counts less */
  var WEIGHTS = [[1, 100], [2, 20], [4, 10], [8, 5], [16, 1]];
  var TEXT = 16;
  var COUNT_MAX = 20;

  /* U+00C0 to U+017F folded; U+0000 for the two that are not letters. */
  var LATIN =
    "aaaaaa\u00e6ceeeeiiii\u00f0nooooo\u0000\u00f8uuuuy\u00fe\u00dfaaaaaa\u00e6ceeeei" +
    "iii\u00f0nooooo\u0000\u00f8uuuuy\u00feyaaaaaaccccccccdd\u0111\u0111eeeeeeeeeeggg" +
    "ggggghh\u0127\u0127iiiiiiiii\u0131\u0133\u0133jjkk\u0138llllll\u0140\u0140\u0142" +
    "\u0142nnnnnn\u0149\u014b\u014boooooo\u0153\u0153rrrrrrsssssssstttt\u0167\u0167uu" +
    "uuuuuuuuuuwwyyyzzzzzz\u017f";

  /* Characters past U+017F that are not part of words. */
  var NOT_WORD = [
    [0x02b9, 0x02ff], [0x037e, 0x037e], [0x0387, 0x0387], [0x055a, 0x055f], [0x0589, 0x058a],
    [0x05be, 0x05be], [0x05c0, 0x05c0], [0x05c3, 0x05c3], [0x05f3, 0x05f4], [0x060c, 0x060d],
    [0x061b, 0x061f], [0x066a, 0x066d], [0x06d4, 0x06d4], [0x0964, 0x0965], [0x0970, 0x0970],
    [0x1680, 0x1680], [0x2000, 0x2bff], [0x2e00, 0x2e7f], [0x3000, 0x303f], [0xd800, 0xf8ff],
    [0xfe00, 0xfe6f], [0xfeff, 0xfeff], [0xff00, 0xff0f], [0xff1a, 0xff20], [0xff3b, 0xff40],
    [0xff5b, 0xff65], [0xfff0, 0xffff]
  ];

  /* A character code folded; 0 for a mark that folds to nothing; -1 when not part of a word. */
  function foldCode(c) {
    if (c < 0x80) {
      if (c >= 65 && c <= 90) {
        return c + 32;
      }
      return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : -1;
    }
    if (c < 0xc0) {
      return -1;
    }
    if (c < 0x180) {
      var f = LATIN.charCodeAt(c - 0xc0);
      return f ? f : -1;
    }
    if (c >= 0x300 && c <= 0x36f) {
      return 0;
    }
    for (var i = 0; i < NOT_WORD.length; i++) {
      if (c >= NOT_WORD[i][0] && c <= NOT_WORD[i][1]) {
        return -1;
      }
    }
    if (c >= 0x391 && c <= 0x3a9 && c !== 0x3a2) {
      return c + 0x20;
    }
    if (c >= 0x400 && c <= 0x40f) {
      return c + 0x50;
    }
    if (c >= 0x410 && c <= 0x42f) {
      return c + 0x20;
    }
    return c;
  }

  /* The words of s, folded, each {word, start, end} in s; words over WORD_MAX characters are
   * left out. */
  function wordsAt(s) {
    var out = [];
    var i = 0;
    s = String(s);
    while (i < s.length) {
      while (i < s.length && foldCode(s.charCodeAt(i)) < 0) {
        i++;
      }
      var start = i;
      var w = "";
      var chars = 0;
      while (i < s.length) {
        var f = foldCode(s.charCodeAt(i));
        if (f < 0) {
          break;
        }
        i++;
        if (f > 0) {
          chars++;
          w += String.fromCharCode(f);
        }
      }
      if (w.length > 0 && chars <= WORD_MAX) {
        out.push({ word: w, start: start, end: i });
      }
    }
    return out;
  }

  function words(s) {
    return wordsAt(s).map(function (w) { return w.word; });
  }

  /* ---- Snowball English (Porter2) ---- */

  function isV(ch) {
    return ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u" || ch === "y";
  }

  var EXCEPTION1 = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes"
  };
  var EXCEPTION2 = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed",
    "succeed"];
  var REGION_PREFIXES = ["gener", "commun", "arsen"];
  var DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  var VALID_LI = "cdeghkmnrt";

  var STEP2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"],
    ["entli", "ent"], ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"],
    ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"],
    ["li", ""]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function ends(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  /* The longest of list (sorted longest first) that w ends with, or null. */
  function longest(w, list) {
    for (var i = 0; i < list.length; i++) {
      var s = typeof list[i] === "string" ? list[i] : list[i][0];
      if (ends(w, s)) {
        return list[i];
      }
    }
    return null;
  }

  /* Whether w ends in a short syllable. */
  function shortv(w) {
    var n = w.length;
    if (n >= 3 && !isV(w[n - 3]) && isV(w[n - 2]) && !isV(w[n - 1]) &&
        w[n - 1] !== "w" && w[n - 1] !== "x" && w[n - 1] !== "Y") {
      return true;
    }
    return n === 2 && isV(w[0]) && !isV(w[1]);
  }

  /* Where the region after the first non-vowel following a vowel starts, from i. */
  function region(w, i) {
    while (i < w.length && !isV(w[i])) {
      i++;
    }
    while (i < w.length && isV(w[i])) {
      i++;
    }
    return i < w.length ? i + 1 : w.length;
  }

  function hasVowel(s) {
    for (var i = 0; i < s.length; i++) {
      if (isV(s[i])) {
        return true;
      }
    }
    return false;
  }

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTION1, word)) {
      return EXCEPTION1[word];
    }
    if (word.length < 3) {
      return word;
    }
    var w = word;
    var i;
    /* Prelude: y at the start or after a vowel is a consonant, Y. */
    if (w[0] === "y") {
      w = "Y" + w.slice(1);
    }
    for (i = 1; i < w.length; i++) {
      if (w[i] === "y" && isV(w[i - 1])) {
        w = w.slice(0, i) + "Y" + w.slice(i + 1);
      }
    }
    /* The regions. */
    var p1 = -1;
    for (i = 0; i < REGION_PREFIXES.length; i++) {
      if (w.lastIndexOf(REGION_PREFIXES[i], 0) === 0) {
        p1 = REGION_PREFIXES[i].length;
      }
    }
    if (p1 < 0) {
      p1 = region(w, 0);
    }
    var p2 = region(w, p1);

    /* Step 1a. */
    if (ends(w, "sses")) {
      w = w.slice(0, -2);
    } else if (ends(w, "ied") || ends(w, "ies")) {
      w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
    } else if (ends(w, "us") || ends(w, "ss")) {
      /* kept */
    } else if (ends(w, "s") && hasVowel(w.slice(0, -2))) {
      w = w.slice(0, -1);
    }
    if (EXCEPTION2.indexOf(w) >= 0) {
      return w.replace(/Y/g, "y");
    }

    /* Step 1b. */
    var s = longest(w, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
    if (s === "eed" || s === "eedly") {
      if (w.length - s.length >= p1) {
        w = w.slice(0, w.length - s.length) + "ee";
      }
    } else if (s !== null && hasVowel(w.slice(0, w.length - s.length))) {
      w = w.slice(0, w.length - s.length);
      if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) {
        w += "e";
      } else if (longest(w, DOUBLES) !== null) {
        w = w.slice(0, -1);
      } else if (w.length === p1 && shortv(w)) {
        w += "e";
      }
    }

    /* Step 1c. */
    var n = w.length;
    if (n > 2 && (w[n - 1] === "y" || w[n - 1] === "Y") && !isV(w[n - 2])) {
      w = w.slice(0, -1) + "i";
    }

    /* Step 2. */
    var r = longest(w, STEP2);
    if (r !== null && w.length - r[0].length >= p1) {
      var before = w[w.length - r[0].length - 1];
      if (r[0] === "ogi") {
        if (before === "l") {
          w = w.slice(0, -3) + "og";
        }
      } else if (r[0] === "li") {
        if (before !== undefined && VALID_LI.indexOf(before) >= 0) {
          w = w.slice(0, -2);
        }
      } else {
        w = w.slice(0, w.length - r[0].length) + r[1];
      }
    }

    /* Step 3. */
    r = longest(w, STEP3);
    if (r !== null && w.length - r[0].length >= p1) {
      if (r[0] !== "ative" || w.length - r[0].length >= p2) {
        w = w.slice(0, w.length - r[0].length) + r[1];
      }
    }

    /* Step 4. */
    s = longest(w, STEP4);
    if (s !== null && w.length - s.length >= p2) {
      if (s !== "ion") {
        w = w.slice(0, w.length - s.length);
      } else if (ends(w, "sion") || ends(w, "tion")) {
        w = w.slice(0, -3);
      }
    }

    /* Step 5. */
    n = w.length;
    if (w[n - 1] === "e") {
      if (n - 1 >= p2 || (n - 1 >= p1 && !shortv(w.slice(0, -1)))) {
        w = w.slice(0, -1);
      }
    } else if (w[n - 1] === "l") {
      if (n - 1 >= p2 && w[n - 2] === "l") {
        w = w.slice(0, -1);
      }
    }
    return w.replace(/Y/g, "y");
  }

  /* ---- the index ---- */

  /* A shard's file name from its key, as herald makes it. */
  function keyName(key) {
    if (key === "") {
      return "_";
    }
    var out = "";
    for (var i = 0; i < key.length; i++) {
      var c = key.charCodeAt(i);
      out += (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? key[i] : "_" + c.toString(16) + "_";
    }
    return out;
  }

  /* The score of a mark. */
  function markScore(m) {
    var s = 0;
    for (var i = 0; i < WEIGHTS.length; i++) {
      if (m & WEIGHTS[i][0]) {
        s += WEIGHTS[i][1];
      }
    }
    if (m & TEXT) {
      s += Math.min(m >> 5, COUNT_MAX) / COUNT_MAX;
    }
    return s;
  }

  /* Document numbers from a list of differences. */
  function undelta(list) {
    var out = [];
    var at = 0;
    for (var i = 0; i < list.length; i++) {
      at = i === 0 ? list[0] : at + list[i];
      out.push(at);
    }
    return out;
  }

  /*
   * An engine over a manifest; load(name, callback(error, data)) gets a part ("t/a", "d/3").
   */
  function Engine(manifest, load) {
    this.m = manifest;
    this.load = load;
    this.stemmed = manifest.stemmer === "english";
  }

  Engine.prototype.term = function (word) {
    return this.stemmed ? stem(word) : word;
  };

  /* The shard that holds term t. */
  Engine.prototype.shardOf = function (t) {
    var keys = this.m.shards;
    var lo = 0;
    var hi = keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (keys[mid] <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  };

  /* The shards that may hold terms starting with p. */
  Engine.prototype.shardsFrom = function (p) {
    var keys = this.m.shards;
    var out = [];
    for (var i = this.shardOf(p); i < keys.length; i++) {
      if (i > this.shardOf(p) && keys[i].lastIndexOf(p, 0) !== 0 && keys[i] > p) {
        break;
      }
      out.push(i);
    }
    return out;
  };

  /* Loads every part of names, then callback(error, {name: data}). */
  Engine.prototype.loadAll = function (names, callback) {
    var got = {};
    var left = names.length;
    var failed = null;
    if (left === 0) {
      callback(null, got);
      return;
    }
    names.forEach(function (name) {
      this.load(name, function (err, data) {
        if (err) {
          failed = err;
        } else {
          got[name] = data;
        }
        if (--left === 0) {
          callback(failed, got);
        }
      });
    }, this);
  };

  /*
   * Parses a query: its words, each {word, exact: [terms], prefix: "" or the start of terms}.
   * The last word is also a prefix unless the query ends after it (a space).
   */
  Engine.prototype.parse = function (query) {
    var list = words(query);
    var seen = Object.create(null);
    var out = [];
    var open = /[^\s]$/.test(query) && wordsAt(query).length > 0 &&
      wordsAt(query)[wordsAt(query).length - 1].end === query.length;
    for (var i = 0; i < list.length; i++) {
      if (seen[list[i]]) {
        continue;
      }
      seen[list[i]] = true;
      var w = list[i];
      var q = { word: w, exact: [this.term(w)], prefix: "" };
      if (open && i === list.length - 1 && w.length >= PREFIX_MIN) {
        q.prefix = w;
        /* A word being typed may already hold a whole term: "safeguardin". */
        for (var k = Math.max(PREFIX_MIN + 1, w.length - 3); k < w.length; k++) {
          if (q.exact.indexOf(w.slice(0, k)) < 0) {
            q.exact.push(w.slice(0, k));
          }
        }
      }
      out.push(q);
    }
    return out;
  };

  /*
   * Searches: callback(error, {words, terms: {term: true}, results: [{doc, score}]}) with every
   * document that has every word (filters: {type, theme}, either may be empty), best first.
   */
  Engine.prototype.search = function (query, filters, callback) {
    var self = this;
    var qs = this.parse(query);
    var names = [];
    var add = function (n) {
      if (names.indexOf(n) < 0) {
        names.push(n);
      }
    };
    qs.forEach(function (q) {
      q.exact.forEach(function (t) {
        add("t/" + keyName(self.m.shards[self.shardOf(t)]));
      });
      if (q.prefix) {
        self.shardsFrom(q.prefix).forEach(function (i) {
          add("t/" + keyName(self.m.shards[i]));
        });
      }
    });
    filters = filters || {};
    if (filters.type) {
      add("f/type-" + filters.type);
    }
    if (filters.theme) {
      add("f/theme-" + filters.theme);
    }
    if (qs.length === 0 || this.m.shards.length === 0) {
      callback(null, { words: qs, terms: {}, results: [] });
      return;
    }
    this.loadAll(names, function (err, parts) {
      if (err) {
        callback(err, null);
        return;
      }
      callback(null, self.rank(qs, parts, filters));
    });
  };

  /* The ranking, once the parts are loaded: a score a document for each word (the best of its
   * terms), summed over the words, for the documents that have them all. */
  Engine.prototype.rank = function (qs, parts, filters) {
    var self = this;
    var n = this.m.docs;
    var matched = Object.create(null);
    var total = null;
    qs.forEach(function (q) {
      var scores = new Float64Array(n);
      var take = function (t, factor) {
        var shard = parts["t/" + keyName(self.m.shards[self.shardOf(t)])];
        var list = shard && Object.prototype.hasOwnProperty.call(shard, t) ? shard[t] : null;
        if (!list) {
          return;
        }
        matched[t] = true;
        var doc = 0;
        for (var i = 0; i < list.length; i += 2) {
          doc = i === 0 ? list[0] : doc + list[i];
          var s = markScore(list[i + 1]) * factor;
          if (doc < n && scores[doc] < s) {
            scores[doc] = s;
          }
        }
      };
      take(q.exact[0], 1);
      for (var e = 1; e < q.exact.length; e++) {
        take(q.exact[e], PREFIX);
      }
      if (q.prefix) {
        self.shardsFrom(q.prefix).forEach(function (i) {
          var shard = parts["t/" + keyName(self.m.shards[i])] || {};
          Object.keys(shard).forEach(function (t) {
            if (t !== q.exact[0] && t.lastIndexOf(q.prefix, 0) === 0) {
              take(t, PREFIX);
            }
          });
        });
      }
      if (total === null) {
        total = scores;
        return;
      }
      for (var d = 0; d < n; d++) {
        total[d] = total[d] > 0 && scores[d] > 0 ? total[d] + scores[d] : 0;
      }
    });
    var keep = function (name) {
      var set = new Uint8Array(n);
      undelta(parts[name] || []).forEach(function (d) { set[d] = 1; });
      return set;
    };
    var types = filters.type ? keep("f/type-" + filters.type) : null;
    var themes = filters.theme ? keep("f/theme-" + filters.theme) : null;
    var results = [];
    for (var d = 0; total && d < n; d++) {
      if (total[d] > 0 && (!types || types[d]) && (!themes || themes[d])) {
        results.push({ doc: d, score: total[d] });
      }
    }
    results.sort(function (x, y) {
      return y.score !== x.score ? y.score - x.score : x.doc - y.doc;
    });
    return { words: qs, terms: matched, results: results };
  };

  /* Loads the fragments of documents docs: callback(error, [fragment, ...]). */
  Engine.prototype.fragments = function (docs, callback) {
    var names = docs.map(function (d) { return "d/" + d; });
    this.loadAll(names, function (err, parts) {
      callback(err, err ? null : names.map(function (n) { return parts[n]; }));
    });
  };

  /* Whether a word of a result's text is one the query found. */
  Engine.prototype.marks = function (found, word) {
    if (found.terms[this.term(word)]) {
      return true;
    }
    for (var i = 0; i < found.words.length; i++) {
      var p = found.words[i].prefix;
      if (p && word.lastIndexOf(p, 0) === 0) {
        return true;
      }
    }
    return false;
  };

  var api = {
    Engine: Engine, words: words, wordsAt: wordsAt, stem: stem, keyName: keyName,
    markScore: markScore, undelta: undelta, foldCode: foldCode
  };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    global.HERALD_SEARCH_ENGINE = api;
  }
})(this);
