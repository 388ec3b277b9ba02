// Progressive enhancement only: every page works without this file.
(function () {
  document.documentElement.classList.replace("no-js", "js");

  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("is-open", !open);
    });
  }

  // Times in one clock style, the reader's: a <time data-zone="Area/City" datetime="ISO">
  // (data-end="ISO" for a span; data-date="shown" keeps the date, "beside" leaves it to the
  // card or heading next to it) is written again with the browser's locale, which picks
  // 12- or 24-hour, in that zone (data-bare: without the zone's name). <time data-local> also gets the reader's own time beside
  // it when their zone's clock reads differently. Without this file the server's text stays.
  var readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  function clock(zone, options) {
    return new Intl.DateTimeFormat(undefined, Object.assign({ hour: "numeric", minute: "2-digit", timeZone: zone }, options));
  }

  function withDate(options) {
    return Object.assign({ weekday: "short", day: "numeric", month: "short", year: "numeric" }, options);
  }

  function span(format, start, end) {
    return end && format.formatRange ? format.formatRange(start, end) : format.format(start);
  }

  function dayIn(zone, when) {
    return new Intl.DateTimeFormat("en", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric" }).format(when);
  }

  document.querySelectorAll("time[data-zone]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    var end = el.hasAttribute("data-end") ? new Date(el.getAttribute("data-end")) : null;
    var zone = el.getAttribute("data-zone");
    var showDate = el.getAttribute("data-date") !== "beside";
    if (isNaN(start) || (end && isNaN(end))) return;
    try {
      var zoneName = el.hasAttribute("data-bare") ? {} : { timeZoneName: "short" };
      var text = span(clock(zone, showDate ? withDate(zoneName) : zoneName), start, end);
      if (el.hasAttribute("data-zone-label")) text += " (" + zone.replace(/_/g, " ") + ")";
      el.textContent = text;
      if (!el.hasAttribute("data-local")) return;
      var sameClock = clock(zone, withDate({})).format(start) === clock(readerZone, withDate({})).format(start);
      if (sameClock) return;
      var otherDay = dayIn(zone, start) !== dayIn(readerZone, start);
      var local = document.createElement("span");
      local.className = "local-time";
      local.textContent = "Your time: " + span(clock(readerZone, showDate || otherDay ? withDate(zoneName) : zoneName), start, end);
      el.insertAdjacentElement("afterend", local);
    } catch (error) {
      // An unknown zone: the server's text stays.
    }
  });
})();
