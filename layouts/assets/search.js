/* herald search.js: the site search page, in the browser. No dependencies, no network requests
 * but the site's own files.
 *
 * search/index.js (the manifest, window.HERALD_SEARCH) and assets/search-engine.js come first.
 * A query loads only the parts of the index it needs, each a script that calls
 * HERALD_SEARCH_PART(name, data): the shards of its words, the filters chosen and the fragments
 * of the results shown. Scripts, not JSON, so that search works when the site is opened from
 * disk, where browsers refuse to fetch files.
 *
 * The page has a form (data-search-form) with an input named q and the filters (selects named
 * type and theme), a status line (data-search-status, a live region), a list (data-search-list)
 * and a "More results" button (data-search-more). Every word of the query must be found; the
 * last one, as it is being typed, also as the start of a word. Results are ranked by where the
 * words are found: any match in the title outranks any match only in headings, which outranks
 * themes, then the summary, then the text; ties go to the newest. The query and filters are
 * kept in the address (?q=&type=&theme=) so results can be shared. Results are built with DOM
 * methods: no text of the index is ever parsed as HTML. */
(function () {
  "use strict";

  var PAGE = 20;               /* results shown at a time */
  var EXCERPT = 220;           /* characters of text shown when the summary has no match */
  var DELAY = 200;             /* milliseconds after the last key before searching */

  var form = document.querySelector("[data-search-form]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-list]");
  var more = document.querySelector("[data-search-more]");
  var filters = document.querySelector("[data-search-filters]");
  var typeSel = document.querySelector("[data-search-type]");
  var themeSel = document.querySelector("[data-search-theme]");
  var input = form ? form.querySelector("input[name='q']") : null;
  var indexScript = document.querySelector("script[data-search-index]");
  if (!form || !status || !list || !input) {
    return;
  }

  var E = window.HERALD_SEARCH_ENGINE;
  var manifest = window.HERALD_SEARCH;
  var ok = !!(E && manifest && Array.isArray(manifest.shards));

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

  /* ---- loading the parts ---- */

  var parts = {};
  var waiting = {};

  window.HERALD_SEARCH_PART = function (name, data) {
    parts[name] = data;
  };

  function done(name, err) {
    var cbs = waiting[name] || [];
    delete waiting[name];
    for (var i = 0; i < cbs.length; i++) {
      cbs[i](err, err ? null : parts[name]);
    }
  }

  function load(name, callback) {
    if (Object.prototype.hasOwnProperty.call(parts, name)) {
      callback(null, parts[name]);
      return;
    }
    if (waiting[name]) {
      waiting[name].push(callback);
      return;
    }
    waiting[name] = [callback];
    var s = document.createElement("script");
    s.src = link("search/" + name + ".js");
    s.onload = function () {
      done(name, Object.prototype.hasOwnProperty.call(parts, name) ? null :
        new Error("no data in " + name));
    };
    s.onerror = function () {
      done(name, new Error("cannot load " + name));
    };
    document.head.appendChild(s);
  }

  var engine = ok ? new E.Engine(manifest, load) : null;

  /* ---- the filters ---- */

  function fillSelect(sel, items, value, label) {
    if (!sel) {
      return;
    }
    for (var i = 0; i < items.length; i++) {
      var o = document.createElement("option");
      o.value = items[i][value];
      o.textContent = items[i][label] + " (" + items[i].count + ")";
      sel.appendChild(o);
    }
  }

  if (ok && filters) {
    fillSelect(typeSel, manifest.types || [], "name", "title");
    fillSelect(themeSel, manifest.themes || [], "slug", "title");
    filters.hidden = false;
  }

  function chosen() {
    return {
      type: typeSel && !filters.hidden ? typeSel.value : "",
      theme: themeSel && !filters.hidden ? themeSel.value : ""
    };
  }

  /* ---- showing results ---- */

  function isMatch(found, word) {
    return engine.marks(found, word);
  }

  /* Appends text to parent, each word that matches inside <mark>. */
  function appendMarked(parent, text, found) {
    var last = 0;
    var ws = E.wordsAt(text);
    for (var i = 0; i < ws.length; i++) {
      if (!isMatch(found, ws[i].word)) {
        continue;
      }
      if (ws[i].start > last) {
        parent.appendChild(document.createTextNode(text.slice(last, ws[i].start)));
      }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(ws[i].start, ws[i].end);
      parent.appendChild(mark);
      last = ws[i].end;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  function firstMatch(text, found) {
    var ws = E.wordsAt(text);
    for (var i = 0; i < ws.length; i++) {
      if (isMatch(found, ws[i].word)) {
        return ws[i].start;
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

  function resultItem(doc, found) {
    var li = el("li", "card search-result");
    var type = el("p", "card__type", li);
    type.textContent = doc.type_text || "";
    var title = el("p", "card__title", li);
    var a = el("a", null, title);
    a.href = link(doc.url);
    appendMarked(a, doc.title, found);
    if (doc.date && doc.date_text) {
      var meta = el("p", "card__meta", li);
      var time = el("time", null, meta);
      time.setAttribute("datetime", doc.date);
      time.textContent = doc.date_text;
    }
    var summary = doc.summary || "";
    var text = doc.text || "";
    var at;
    if (firstMatch(summary, found) < 0 && (at = firstMatch(text, found)) >= 0) {
      summary = excerpt(text, at);
    }
    if (summary) {
      appendMarked(el("p", "card__summary", li), summary, found);
    }
    if (doc.themes && doc.themes.length) {
      var th = el("p", "card__themes", li);
      th.appendChild(document.createTextNode("Themes: "));
      appendMarked(th, doc.themes.join(", "), found);
    }
    return li;
  }

  var baseTitle = document.title;
  var current = null;          /* {found, shown} of the query on screen */
  var serial = 0;              /* the latest query: answers to earlier ones are dropped */

  function clear() {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
  }

  function failed() {
    status.textContent = "The search index could not be loaded. The pages listed below lead to everything on this site.";
    list.hidden = true;
    if (more) {
      more.hidden = true;
    }
  }

  /* Shows the next page of results, once their fragments are loaded, and then the status
   * line when given; focus moves to the first new one when asked. */
  function showMore(focus, statusText) {
    var c = current;
    var ids = c.found.results.slice(c.shown, c.shown + PAGE).map(function (r) { return r.doc; });
    var mine = serial;
    engine.fragments(ids, function (err, docs) {
      if (mine !== serial) {
        return;
      }
      if (err) {
        failed();
        return;
      }
      if (statusText) {
        clear();
        status.textContent = statusText;
      }
      var first = null;
      for (var i = 0; i < docs.length; i++) {
        var li = resultItem(docs[i], c.found);
        first = first || li;
        list.appendChild(li);
      }
      c.shown += docs.length;
      list.hidden = c.shown === 0;
      if (more) {
        more.hidden = c.shown >= c.found.results.length;
      }
      if (focus && first) {
        first.querySelector("a").focus();
      }
    });
  }

  function show(query) {
    var q = query.trim();
    var mine = ++serial;
    if (!ok) {
      clear();
      failed();
      return;
    }
    if (E.words(q).length === 0) {
      clear();
      status.textContent = q ? "Type a word to search for." : "";
      list.hidden = true;
      if (more) {
        more.hidden = true;
      }
      document.title = baseTitle;
      return;
    }
    engine.search(query, chosen(), function (err, found) {
      if (mine !== serial) {
        return;
      }
      if (err) {
        clear();
        failed();
        return;
      }
      var n = found.results.length;
      document.title = "“" + q + "”: " + baseTitle;
      current = { found: found, shown: 0 };
      if (n > 0) {
        showMore(false, n + (n === 1 ? " result for " : " results for ") + q);
        return;
      }
      clear();
      status.textContent = "No results for " + q + ". Check the spelling, or try fewer or other words.";
      list.hidden = true;
      if (more) {
        more.hidden = true;
      }
    });
  }

  /* Keeps the query and filters in the address, so the results can be shared. */
  function remember(query) {
    var q = query.trim();
    var f = chosen();
    try {
      var url = new URL(window.location.href);
      var set = function (k, v) {
        if (v) {
          url.searchParams.set(k, v);
        } else {
          url.searchParams.delete(k);
        }
      };
      set("q", q);
      set("type", f.type);
      set("theme", f.theme);
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

  [typeSel, themeSel].forEach(function (sel) {
    if (sel) {
      sel.addEventListener("change", run);
    }
  });

  if (more) {
    more.addEventListener("click", function () {
      if (current) {
        showMore(true);
      }
    });
  }

  var initial = "";
  try {
    var params = new URL(window.location.href).searchParams;
    initial = params.get("q") || "";
    if (typeSel && params.get("type")) {
      typeSel.value = params.get("type");
    }
    if (themeSel && params.get("theme")) {
      themeSel.value = params.get("theme");
    }
  } catch (e) {
    initial = "";
  }
  if (initial) {
    input.value = initial;
  }
  show(input.value);
})();
