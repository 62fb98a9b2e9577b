// Keten's only script. Every page works without it; it only adds comfort.
(function () {
  "use strict";
  var target = document.body && document.body.getAttribute("data-quick-exit");
  document.documentElement.classList.add("js");
  var endSession = document.body && document.body.getAttribute("data-end-session");
  var lastEscapeInField = 0;
  var shiftPresses = [];

  function leave(event) {
    if (event) { event.preventDefault(); }
    // guard.js turns every earlier Keten page in this tab into the exit page if Back reaches it.
    try { window.sessionStorage.setItem("keten-left", "1"); } catch (error) { /* storage blocked */ }
    // End a reporter's open conversation without waiting for the answer.
    if (endSession && navigator.sendBeacon) { navigator.sendBeacon(endSession); }
    // replace() swaps the current history entry, so "Back" does not return here.
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(target);
  }

  if (target && document.querySelector("[data-quick-exit-link]")) {
    document.querySelectorAll("[data-quick-exit-link]").forEach(function (link) {
      link.addEventListener("click", leave);
    });
    // As on GOV.UK: Shift pressed three times within two seconds also leaves.
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { shiftPresses = []; return; }
      var now = Date.now();
      shiftPresses = shiftPresses.filter(function (time) { return now - time < 2000; });
      shiftPresses.push(now);
      if (shiftPresses.length >= 3) { leave(event); }
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
