// Runs in <head>, before the page is drawn. After a quick exit (keten.js sets the flag), a Keten
// page reached again with Back or Forward, or restored from the back-forward cache, replaces itself
// with the exit page at once: Back does not lead back to Keten. Opening Keten again on purpose
// (a link, a typed address, a reload) clears the flag.
(function () {
  "use strict";
  var root = document.documentElement;
  var meta = document.querySelector("meta[name=keten-quick-exit]");
  var target = meta && meta.getAttribute("content");
  var KEY = "keten-left";

  function flagged() {
    try { return window.sessionStorage.getItem(KEY) === "1"; } catch (error) { return false; }
  }
  function leaveAgain() {
    root.classList.add("keten-leaving");
    window.location.replace(target);
  }
  function cameBackOrForward() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    if (entries.length) { return entries[0].type === "back_forward"; }
    return !!(performance.navigation && performance.navigation.type === 2);
  }

  if (target && flagged()) {
    if (cameBackOrForward()) {
      leaveAgain();
    } else {
      try { window.sessionStorage.removeItem(KEY); } catch (error) { /* storage may be blocked */ }
    }
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && target && flagged()) { leaveAgain(); }
  });
})();
