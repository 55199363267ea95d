// On a narrow screen (where the panel stacks above the results, see site.css) the filter panel
// starts folded so the results come first. The page loads this script right after the panel,
// without defer, so the panel is folded before it is first painted. Without JavaScript the
// panel stays open: every filter remains reachable.
(function () {
  "use strict";
  var panel = document.querySelector("[data-fold-on-narrow]");
  if (panel && window.matchMedia("(max-width: 56rem)").matches && !panel.querySelector(".errorlist")) {
    panel.open = false;
  }

  // A filter form submits only the fields in use, so the address a visitor shares reads
  // "?person=stalin" rather than "?q=&date_from=&...&has_requests=unknown". Fields left empty
  // or at their "no filter" value (DEFAULT_VALUES in catalogue/filters.py) are disabled just
  // before the form is sent, and enabled again when the page is shown from the back/forward
  // cache. Without JavaScript the form sends every field and the server ignores the empty ones.
  var defaults = { has_requests: "unknown", role: "any" };
  var forms = document.querySelectorAll("form[data-drop-empty]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || field.disabled || field.type === "checkbox" || field.type === "radio") {
          return;
        }
        var value = (field.value || "").trim();
        if (value === "" || defaults[field.name] === value) {
          field.disabled = true;
          field.setAttribute("data-dropped", "");
        }
      });
    });
  });
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dropped]"), function (field) {
      field.disabled = false;
      field.removeAttribute("data-dropped");
    });
  });
})();
