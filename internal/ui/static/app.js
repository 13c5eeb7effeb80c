// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var t = e.target.closest("[data-toggle]");
    if (t) {
      var el = document.getElementById(t.getAttribute("data-toggle"));
      if (el) {
        var open = el.classList.toggle("open");
        t.setAttribute("aria-expanded", open ? "true" : "false");
      }
    }
    var c = e.target.closest("[data-confirm]");
    if (c && !window.confirm(c.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
})();
