/* herald search.js: the site search, in the browser. No dependencies, no network requests.
 *
 * herald writes search/index.js, which sets window.HERALD_SEARCH to a list of every document:
 *   {url, title, type, type_text, date, date_text, summary, themes: [], headings: [], text}
 * with url relative to the site's root ("briefings/neglect/index.html"). A script, not JSON,
 * so that search works when the site is opened from disk, where browsers refuse to fetch files.
 *
 * The search page has a form (data-search-form) with an input named q, a status line
 * (data-search-status, a live region) and a list (data-search-list). Every word of the query
 * must be found, as a word or the start of one, accents and case ignored. Results are ranked
 * by where the words are found: any match in the title outranks any match only in headings,
 * which outranks themes, then the summary, then the text; ties go to the newest. The query is
 * kept in the address (?q=) so results can be shared, and the page can be reached from any
 * form that sends q to it. Results are built with DOM methods: no text of the index is ever
 * parsed as HTML. */
(function () {
  "use strict";

  var WEIGHT = { title: 100, headings: 20, themes: 10, summary: 5, text: 1 };
  var PREFIX = 0.6;            /* a word that only starts with the term counts less */
  var EXCERPT = 220;           /* characters of text shown when the summary has no match */
  var DELAY = 200;             /* milliseconds after the last key before searching */

  var form = document.querySelector("[data-search-form]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-list]");
  var input = form ? form.querySelector("input[name='q']") : null;
  var indexScript = document.querySelector("script[data-search-index]");
  if (!form || !status || !list || !input) {
    return;
  }

  var WORD;
  try {
    WORD = new RegExp("[\\p{L}\\p{N}]+", "gu");
  } catch (e) {
    WORD = /[0-9A-Za-z\u00c0-\u024f]+/g;
  }

  /* Lower case, accents removed: "Café" and "cafe" are one word. */
  function fold(s) {
    s = String(s).toLowerCase();
    return s.normalize ? s.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : s;
  }

  function words(s) {
    return fold(s).match(WORD) || [];
  }

  /* The site's root, from where the index was loaded: links work under any path and from disk. */
  var root;
  try {
    root = new URL("../", indexScript ? indexScript.src : window.location.href);
  } catch (e) {
    root = null;
  }

  function link(url) {
    if (root) {
      try {
        return new URL(url, root).href;
      } catch (e) {
        /* fall through */
      }
    }
    return "../" + url;
  }

  var docs = [];
  var raw = window.HERALD_SEARCH;
  if (Array.isArray(raw)) {
    for (var i = 0; i < raw.length; i++) {
      var d = raw[i];
      if (!d || typeof d.url !== "string" || typeof d.title !== "string") {
        continue;
      }
      docs.push({
        doc: d,
        fields: {
          title: words(d.title),
          headings: words((d.headings || []).join(" ")),
          themes: words((d.themes || []).join(" ")),
          summary: words(d.summary || ""),
          text: words(d.text || "")
        }
      });
    }
  }

  /* How well term matches a list of words: 1 for a whole word, PREFIX for the start of
   * one, 0 for none; and how many words match. */
  function match(term, list) {
    var best = 0;
    var count = 0;
    for (var i = 0; i < list.length; i++) {
      var w = list[i];
      if (w === term) {
        best = 1;
        count++;
      } else if (w.lastIndexOf(term, 0) === 0) {
        if (best < PREFIX) {
          best = PREFIX;
        }
        count++;
      }
    }
    return { best: best, count: count };
  }

  /* The score of a document for the terms, or 0 when a term is found nowhere. */
  function score(entry, terms) {
    var total = 0;
    for (var t = 0; t < terms.length; t++) {
      var found = 0;
      for (var field in WEIGHT) {
        var m = match(terms[t], entry.fields[field]);
        if (m.best > 0) {
          found += WEIGHT[field] * m.best;
          if (field === "text") {
            /* More mentions in the text break ties, never more than the text's weight. */
            found += Math.min(m.count, 20) / 20;
          }
        }
      }
      if (found === 0) {
        return 0;
      }
      total += found;
    }
    return total;
  }

  function search(query) {
    var terms = words(query).filter(function (t, i, all) {
      return all.indexOf(t) === i;
    });
    if (terms.length === 0) {
      return { terms: terms, results: [] };
    }
    var results = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], terms);
      if (s > 0) {
        results.push({ doc: docs[i].doc, score: s });
      }
    }
    results.sort(function (a, b) {
      if (b.score !== a.score) {
        return b.score - a.score;
      }
      var da = a.doc.date || "";
      var db = b.doc.date || "";
      if (da !== db) {
        return da < db ? 1 : -1;
      }
      return a.doc.title < b.doc.title ? -1 : a.doc.title > b.doc.title ? 1 : 0;
    });
    return { terms: terms, results: results };
  }

  function isMatch(word, terms) {
    var w = fold(word);
    for (var i = 0; i < terms.length; i++) {
      if (w.lastIndexOf(terms[i], 0) === 0) {
        return true;
      }
    }
    return false;
  }

  /* Appends text to parent, each word that matches a term inside <mark>. */
  function appendMarked(parent, text, terms) {
    var re = new RegExp(WORD.source, WORD.flags);
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (!isMatch(m[0], terms)) {
        continue;
      }
      if (m.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      }
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  function hasMatch(text, terms) {
    var re = new RegExp(WORD.source, WORD.flags);
    var m;
    while ((m = re.exec(text)) !== null) {
      if (isMatch(m[0], terms)) {
        return m.index;
      }
    }
    return -1;
  }

  /* Some of the text around the first match, cut at spaces. */
  function excerpt(text, at) {
    var start = Math.max(0, at - Math.floor(EXCERPT / 3));
    if (start > 0) {
      var sp = text.indexOf(" ", start);
      start = sp >= 0 && sp < at ? sp + 1 : start;
    }
    var end = Math.min(text.length, start + EXCERPT);
    if (end < text.length) {
      var sp2 = text.lastIndexOf(" ", end);
      end = sp2 > at ? sp2 : end;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function el(name, className, parent) {
    var e = document.createElement(name);
    if (className) {
      e.className = className;
    }
    if (parent) {
      parent.appendChild(e);
    }
    return e;
  }

  function resultItem(doc, terms) {
    var li = el("li", "card search-result");
    var type = el("p", "card__type", li);
    type.textContent = doc.type_text || "";
    var title = el("p", "card__title", li);
    var a = el("a", null, title);
    a.href = link(doc.url);
    appendMarked(a, doc.title, terms);
    if (doc.date && doc.date_text) {
      var meta = el("p", "card__meta", li);
      var time = el("time", null, meta);
      time.setAttribute("datetime", doc.date);
      time.textContent = doc.date_text;
    }
    var summary = doc.summary || "";
    var text = doc.text || "";
    var at;
    if (hasMatch(summary, terms) < 0 && (at = hasMatch(text, terms)) >= 0) {
      summary = excerpt(text, at);
    }
    if (summary) {
      appendMarked(el("p", "card__summary", li), summary, terms);
    }
    if (doc.themes && doc.themes.length) {
      var th = el("p", "card__themes", li);
      th.appendChild(document.createTextNode("Themes: "));
      appendMarked(th, doc.themes.join(", "), terms);
    }
    return li;
  }

  var baseTitle = document.title;

  function show(query) {
    var q = query.trim();
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (!Array.isArray(raw)) {
      status.textContent = "The search index could not be loaded. The pages listed below lead to everything on this site.";
      list.hidden = true;
      return;
    }
    var found = search(q);
    if (found.terms.length === 0) {
      status.textContent = q ? "Type a word to search for." : "";
      list.hidden = true;
      document.title = baseTitle;
      return;
    }
    var n = found.results.length;
    if (n === 0) {
      status.textContent = "No results for " + q + ". Check the spelling, or try fewer or other words.";
    } else {
      status.textContent = n + (n === 1 ? " result for " : " results for ") + q;
    }
    for (var i = 0; i < n; i++) {
      list.appendChild(resultItem(found.results[i].doc, found.terms));
    }
    list.hidden = n === 0;
    document.title = "“" + q + "”: " + baseTitle;
  }

  /* Keeps the query in the address, so the results can be shared. */
  function remember(query) {
    var q = query.trim();
    try {
      var url = new URL(window.location.href);
      if (q) {
        url.searchParams.set("q", q);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url.href);
    } catch (e) {
      /* Some browsers refuse this for pages opened from disk: the results still show. */
    }
  }

  var timer = null;

  function run() {
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    show(input.value);
    remember(input.value);
  }

  input.addEventListener("input", function () {
    if (timer !== null) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(run, DELAY);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  var initial = "";
  try {
    initial = new URL(window.location.href).searchParams.get("q") || "";
  } catch (e) {
    initial = "";
  }
  if (initial) {
    input.value = initial;
  }
  show(input.value);
})();
