// Keyboard shortcuts and small behaviours. Loaded as a static file: the CSP forbids inline script.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "/" ) {
      var search = document.querySelector("input[type=search]");
      if (search) { event.preventDefault(); search.focus(); }
    }
  });
})();
