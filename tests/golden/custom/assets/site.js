/* herald site.js: the high-contrast toggle. No dependencies, no network requests.
 *
 * The choice is kept in localStorage under "herald-contrast":
 *   "high"      the high-contrast theme (class "contrast-high" on <html>);
 *   "standard"  the standard theme even though the system asks for more contrast
 *               (class "contrast-standard", which switches off the prefers-contrast styles);
 *   not set     follow the system setting (prefers-contrast: more).
 * localStorage may be missing or refuse access (file://, private browsing): then the
 * toggle still works for the page shown and nothing is remembered. */
(function () {
  "use strict";

  var KEY = "herald-contrast";
  var root = document.documentElement;
  var query = window.matchMedia ? window.matchMedia("(prefers-contrast: more)") : null;

  function load() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function save(choice) {
    try {
      if (choice) {
        window.localStorage.setItem(KEY, choice);
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* Not remembered: the choice holds for this page only. */
    }
  }

  function systemWantsMore() {
    return !!(query && query.matches);
  }

  function setClass(name, on) {
    if (on) {
      root.classList.add(name);
    } else {
      root.classList.remove(name);
    }
  }

  var choice = load();
  if (choice !== "high" && choice !== "standard") {
    choice = null;
  }

  /* Whether the high-contrast theme is showing now. */
  function isHigh() {
    return choice === "high" || (choice === null && systemWantsMore());
  }

  function render() {
    setClass("contrast-high", choice === "high");
    setClass("contrast-standard", choice === "standard");
    var pressed = isHigh() ? "true" : "false";
    var buttons = document.querySelectorAll(".contrast-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", pressed);
    }
  }

  function toggle() {
    if (isHigh()) {
      /* Only remember "standard" when it differs from what the system asks for. */
      choice = systemWantsMore() ? "standard" : null;
    } else {
      choice = "high";
    }
    save(choice);
    render();
  }

  function setUp() {
    var buttons = document.querySelectorAll(".contrast-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", toggle);
      buttons[i].hidden = false;
    }
    render();
  }

  /* Apply the saved choice at once, before the rest of the page is set up. */
  render();

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }

  /* Follow a change of the system setting, and a choice made in another tab. */
  if (query) {
    if (query.addEventListener) {
      query.addEventListener("change", render);
    } else if (query.addListener) {
      query.addListener(render);
    }
  }
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      var saved = load();
      choice = saved === "high" || saved === "standard" ? saved : null;
      render();
    }
  });
})();
