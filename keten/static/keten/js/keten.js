// Keten's only script. Every page works without it; it only adds comfort.
(function () {
  "use strict";
  var target = document.body && document.body.getAttribute("data-quick-exit");
  document.documentElement.classList.add("js");
  var lastEscapeInField = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    // replace() swaps the current history entry, so "Back" does not return here.
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(target);
  }

  if (target && document.querySelector("[data-quick-exit-link]")) {
    document.querySelectorAll("[data-quick-exit-link]").forEach(function (link) {
      link.addEventListener("click", leave);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      // In a form field people also press Escape to close a suggestion list, so there it takes
      // two presses within a second; anywhere else one press leaves at once.
      var inField = event.target && event.target.closest && event.target.closest("input, textarea, select");
      if (inField) {
        var now = Date.now();
        if (now - lastEscapeInField > 1000) { lastEscapeInField = now; return; }
      }
      leave(event);
    });
  }

  // Move focus to the error summary after a failed submission, for screen readers.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
