/* partner.js: "Exit this page" (the GOV.UK Design System component): the button, or Shift pressed three times, hides the page at once and replaces it in the history with the exit address, so Back does not return. */
(function () {
  "use strict";
  var box = document.querySelector(".exit-this-page");
  if (!box) return;
  var link = box.querySelector(".exit-this-page__button");
  var hint = box.querySelector(".exit-this-page__hint");
  var url = link.getAttribute("href");
  var live = document.createElement("p");
  var presses = 0, timer = null, modified = false, leaving = false;

  link.setAttribute("role", "button");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  box.appendChild(live);

  /* The explanation shows the first time only. */
  try {
    if (window.localStorage.getItem("herald-exit-seen")) {
      hint.hidden = true;
      link.removeAttribute("aria-describedby");
    } else {
      window.localStorage.setItem("herald-exit-seen", "1");
    }
  } catch (e) { /* storage off: the explanation stays */ }

  function leave(ev) {
    if (ev) ev.preventDefault();
    if (leaving) return;
    leaving = true;
    var cover = document.createElement("div");
    cover.className = "exit-this-page__overlay";
    cover.setAttribute("role", "alert");
    cover.textContent = "Loading.";
    document.body.appendChild(cover);
    document.documentElement.className += " exit-this-page--exiting";
    document.title = "Exiting page";
    window.location.replace(url);
  }

  function reset() {
    presses = 0;
    if (timer) window.clearTimeout(timer);
    timer = null;
  }

  link.addEventListener("click", leave);
  link.addEventListener("keydown", function (ev) {
    if (ev.key === " ") leave(ev);   /* a button answers Space too */
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Shift") { modified = true; reset(); }
  });
  document.addEventListener("keyup", function (ev) {
    if (ev.key !== "Shift") return;
    if (modified) { modified = false; return; }
    presses++;
    if (timer) window.clearTimeout(timer);
    if (presses >= 3) {
      live.textContent = "Exit this page activated.";
      reset();
      leave();
      return;
    }
    live.textContent = "Shift, press " + (3 - presses) + " more time" +
      (3 - presses === 1 ? "" : "s") + " to exit.";
    timer = window.setTimeout(function () {
      reset();
      live.textContent = "Exit this page expired.";
    }, 5000);
  });
})();
