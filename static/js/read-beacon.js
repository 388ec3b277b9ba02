// Tells the site once that this page was read: after data-read-seconds of being
// visible, one navigator.sendBeacon with the page's signed token. No cookie is set.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  var token = script.dataset.readToken;
  var url = script.dataset.readUrl;
  var needed = Number(script.dataset.readSeconds) * 1000;
  if (!token || !url || !(needed >= 0)) return;
  var visibleFor = 0;
  var visibleSince = document.visibilityState === "visible" ? Date.now() : null;
  var timer = null;

  function send() {
    var body = new FormData();
    body.append("token", token);
    navigator.sendBeacon(url, body);
    document.removeEventListener("visibilitychange", onVisibility);
  }

  function wait() {
    timer = setTimeout(function () {
      visibleFor += Date.now() - visibleSince;
      visibleSince = Date.now();
      if (visibleFor >= needed) send();
      else wait();
    }, Math.max(needed - visibleFor, 0));
  }

  function onVisibility() {
    if (document.visibilityState === "visible") {
      visibleSince = Date.now();
      wait();
    } else if (visibleSince !== null) {
      clearTimeout(timer);
      visibleFor += Date.now() - visibleSince;
      visibleSince = null;
    }
  }

  document.addEventListener("visibilitychange", onVisibility);
  if (visibleSince !== null) wait();
})();
