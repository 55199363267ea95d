// Suggestions for the person filter. The input is a plain text field that works without this
// script (the server resolves a name or an identifier, or offers choices); the script only
// suggests people as the visitor types, following the ARIA combobox pattern.
(function () {
  "use strict";
  document.querySelectorAll("[data-autocomplete-url]").forEach(function (wrapper) {
    var input = wrapper.querySelector("input");
    if (!input) return;
    var url = wrapper.dataset.autocompleteUrl;
    var list = document.createElement("ul");
    var listId = input.id + "-suggestions";
    var status = document.createElement("p");
    var timer = null;
    var active = -1;
    var results = [];

    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Matching people");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    wrapper.appendChild(list);
    wrapper.appendChild(status);

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var person = results[index];
      if (!person) return;
      input.value = person.slug;
      status.textContent = person.name + " chosen.";
      close();
    }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (items[index]) input.setAttribute("aria-activedescendant", items[index].id);
    }

    function render() {
      list.innerHTML = "";
      results.forEach(function (person, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.textContent = person.sort_name;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = results.length + (results.length === 1 ? " person" : " people") + " found.";
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { results = data.results || []; render(); })
          .catch(close);
      }, 200);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();
