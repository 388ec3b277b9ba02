// Search suggestions for every input[data-suggest-url]: the ARIA 1.2 combobox
// pattern (list autocomplete, manual selection). Without this file the search
// forms still work; with it, typing shows titles that complete the words.
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 180;

  function enhance(input, index) {
    var listId = (input.id || "search-input-" + index) + "-suggestions";
    var host = input.parentNode;
    var list = document.createElement("ul");
    var status = document.createElement("span");
    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastQuery = "";

    host.classList.add("search-suggest-host");
    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search suggestions");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function isOpen() {
      return !list.hidden;
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      setActive(-1);
    }

    function setActive(next) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = next;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(option) {
      window.location.assign(option.getAttribute("data-url"));
    }

    function addOption(label, kind, url) {
      var option = document.createElement("li");
      option.id = listId + "-" + options.length;
      option.className = "search-suggest__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-url", url);
      var text = document.createElement("span");
      text.className = "search-suggest__label";
      text.textContent = label;
      option.appendChild(text);
      if (kind) {
        var type = document.createElement("span");
        type.className = "search-suggest__type";
        type.textContent = kind;
        option.appendChild(type);
      }
      // mousedown would move focus out of the input and close the list first.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      option.addEventListener("click", function () {
        go(option);
      });
      list.appendChild(option);
      options.push(option);
    }

    function render(data) {
      list.textContent = "";
      options = [];
      active = -1;
      (data.suggestions || []).forEach(function (item) {
        addOption(item.label, item.type, item.url);
      });
      if (!options.length) {
        status.textContent = "";
        close();
        return;
      }
      addOption("Search for “" + data.query + "”", "", data.search_url);
      status.textContent =
        (options.length - 1) + (options.length === 2 ? " suggestion" : " suggestions") +
        ". Use the up and down arrow keys to choose.";
      open();
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (pending) pending.abort();
      if (query.length < MIN_LENGTH) {
        render({ suggestions: [] });
        return;
      }
      pending = new AbortController();
      var url = input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) render(data);
        })
        .catch(function () {
          /* aborted or offline: the form still submits */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen()) {
            open();
            if (isOpen()) setActive(0);
          } else {
            setActive(active + 1 < options.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!isOpen()) {
            open();
            if (isOpen()) setActive(options.length - 1);
          } else {
            setActive(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            go(options[active]);
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            lastQuery = "";
            render({ suggestions: [] });
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
})();
