// The event editor's repeat picker. The controls write an RFC 5545 RRULE into the
// text input (what the form saves); a rule already there is read back into them.
// The preview of the next dates comes from the server, in the event's time zone.
(function () {
  "use strict";

  var WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  var PICKER_PARTS = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "COUNT", "UNTIL"];
  var UNITS = { DAILY: "day", WEEKLY: "week", MONTHLY: "month" };

  function parseRule(text) {
    var parts = {};
    var rule = (text || "").replace(/\s+/g, "").toUpperCase().replace(/^RRULE:/, "");
    if (!rule) return { FREQ: "" };
    var chunks = rule.split(";").filter(Boolean);
    for (var i = 0; i < chunks.length; i++) {
      var pair = chunks[i].split("=");
      if (pair.length !== 2 || PICKER_PARTS.indexOf(pair[0]) < 0 || parts[pair[0]]) return null;
      parts[pair[0]] = pair[1];
    }
    if (!UNITS[parts.FREQ]) return null;
    if (parts.INTERVAL && !/^\d+$/.test(parts.INTERVAL)) return null;
    if (parts.COUNT && !/^\d+$/.test(parts.COUNT)) return null;
    if (parts.UNTIL && !/^\d{8}(T\d{6}Z?)?$/.test(parts.UNTIL)) return null;
    if (parts.FREQ === "DAILY" && (parts.BYDAY || parts.BYMONTHDAY || parts.BYSETPOS)) return null;
    if (parts.FREQ === "WEEKLY") {
      if (parts.BYMONTHDAY || parts.BYSETPOS) return null;
      if (parts.BYDAY && !/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/.test(parts.BYDAY)) return null;
    }
    if (parts.FREQ === "MONTHLY") {
      if (parts.BYMONTHDAY) {
        if (parts.BYDAY || parts.BYSETPOS || !/^\d{1,2}$/.test(parts.BYMONTHDAY)) return null;
      } else if (parts.BYDAY) {
        var match = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(parts.BYDAY);
        if (!match) return null;
        var position = parts.BYSETPOS || match[1];
        if ((parts.BYSETPOS && match[1]) || !/^(\+?[1-4]|-1)$/.test(position || "")) return null;
        parts.position = String(parseInt(position, 10));
        parts.weekday = match[2];
      } else if (parts.BYSETPOS) {
        return null;
      }
    }
    return parts;
  }

  function setUp(root) {
    var input = root.querySelector("[data-raw] input");
    var controls = root.querySelector("[data-controls]");
    var customNote = root.querySelector("[data-custom]");
    var raw = root.querySelector("[data-raw]");
    var description = root.querySelector("[data-description]");
    var warning = root.querySelector("[data-warning]");
    var dates = root.querySelector("[data-dates]");
    var startField = document.getElementById(root.dataset.startField);
    var zoneField = document.getElementById(root.dataset.zoneField);
    var part = function (name) { return root.querySelector('[data-part="' + name + '"]'); };
    var parts = function (name) { return root.querySelectorAll('[data-part="' + name + '"]'); };
    var checked = function (name) {
      var found = root.querySelector('[data-part="' + name + '"]:checked');
      return found ? found.value : "";
    };
    var setChecked = function (name, value) {
      parts(name).forEach(function (box) { box.checked = box.value === value; });
    };
    var timer = null;
    var asked = 0;

    function startDate() {
      var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(startField ? startField.value : "");
      return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
    }

    function fillFromStart() {
      // Sensible defaults from the first date: its weekday, its day, its place in the month.
      var day = startDate();
      if (!day) return;
      var code = WEEKDAYS[(day.getUTCDay() + 6) % 7];
      if (!root.querySelector('[data-part="byday"]:checked')) {
        parts("byday").forEach(function (box) { box.checked = box.value === code; });
      }
      part("monthday").value = day.getUTCDate();
      part("weekday").value = code;
      part("setpos").value = String(Math.min(Math.ceil(day.getUTCDate() / 7), 4));
    }

    function showFor(freq) {
      root.querySelectorAll("[data-show]").forEach(function (element) {
        var when = element.dataset.show;
        element.hidden = !(when === "repeating" ? freq : when === freq.toLowerCase());
      });
      var unit = root.querySelector("[data-unit]");
      unit.textContent = freq ? unit.dataset[UNITS[freq]] : "";
    }

    function buildRule() {
      var freq = part("freq").value;
      if (!freq) return "";
      var rule = ["FREQ=" + freq];
      var interval = parseInt(part("interval").value, 10);
      if (interval > 1) rule.push("INTERVAL=" + interval);
      if (freq === "WEEKLY") {
        var days = [];
        parts("byday").forEach(function (box) { if (box.checked) days.push(box.value); });
        if (days.length) rule.push("BYDAY=" + days.join(","));
      }
      if (freq === "MONTHLY") {
        if (checked("monthly-mode") === "weekday") {
          rule.push("BYDAY=" + part("setpos").value + part("weekday").value);
        } else {
          rule.push("BYMONTHDAY=" + (parseInt(part("monthday").value, 10) || 1));
        }
      }
      var ends = checked("ends");
      if (ends === "until" && part("until").value) rule.push("UNTIL=" + part("until").value.replace(/-/g, ""));
      if (ends === "count") rule.push("COUNT=" + (parseInt(part("count").value, 10) || 1));
      return rule.join(";");
    }

    function loadRule() {
      var found = parseRule(input.value);
      customNote.hidden = found !== null;
      if (found === null) {
        raw.open = true;
        part("freq").value = "";
        showFor("");
        return;
      }
      fillFromStart();
      part("freq").value = found.FREQ;
      part("interval").value = found.INTERVAL || 1;
      if (found.FREQ === "WEEKLY" && found.BYDAY) {
        var days = found.BYDAY.split(",");
        parts("byday").forEach(function (box) { box.checked = days.indexOf(box.value) >= 0; });
      }
      if (found.FREQ === "MONTHLY") {
        if (found.weekday) {
          setChecked("monthly-mode", "weekday");
          part("setpos").value = found.position;
          part("weekday").value = found.weekday;
        } else if (found.BYMONTHDAY) {
          setChecked("monthly-mode", "date");
          part("monthday").value = parseInt(found.BYMONTHDAY, 10);
        }
      }
      if (found.COUNT) {
        setChecked("ends", "count");
        part("count").value = found.COUNT;
      } else if (found.UNTIL) {
        setChecked("ends", "until");
        var u = found.UNTIL;
        part("until").value = u.slice(0, 4) + "-" + u.slice(4, 6) + "-" + u.slice(6, 8);
      } else {
        setChecked("ends", "never");
      }
      showFor(found.FREQ);
    }

    function render(answer) {
      warning.hidden = !answer.warning;
      warning.textContent = answer.warning || "";
      dates.textContent = "";
      if (answer.error) {
        description.textContent = answer.error;
        description.classList.add("recurrence-picker__error");
        return;
      }
      description.classList.remove("recurrence-picker__error");
      description.textContent = answer.description + " (" + answer.time_zone + ")";
      answer.dates.forEach(function (date) {
        var item = document.createElement("li");
        var time = document.createElement("time");
        time.dateTime = date.start;
        time.textContent = date.label;
        item.appendChild(time);
        dates.appendChild(item);
      });
    }

    function refreshPreview() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = new URLSearchParams({
          rule: input.value,
          start: startField ? startField.value : "",
          time_zone: zoneField ? zoneField.value : "",
        });
        var mine = ++asked;
        fetch(root.dataset.previewUrl + "?" + query.toString(), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.json(); })
          .then(function (answer) { if (mine === asked) render(answer); })
          .catch(function () {
            if (mine === asked) render({ error: "The preview could not be loaded; the rule is still saved as typed." });
          });
      }, 250);
    }

    controls.addEventListener("change", function (event) {
      if (event.target === part("freq")) fillFromStart();
      showFor(part("freq").value);
      input.value = buildRule();
      customNote.hidden = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      refreshPreview();
    });
    controls.addEventListener("input", function (event) {
      if (event.target.type === "number") {
        input.value = buildRule();
        refreshPreview();
      }
    });
    input.addEventListener("input", function () {
      loadRule();
      refreshPreview();
    });
    [startField, zoneField].forEach(function (field) {
      if (field) field.addEventListener("change", refreshPreview);
    });
    loadRule();
    refreshPreview();
  }

  function setUpAll() {
    document.querySelectorAll("[data-recurrence-picker]").forEach(function (root) {
      if (root.dataset.ready) return;
      root.dataset.ready = "1";
      setUp(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
