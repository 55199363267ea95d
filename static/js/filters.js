// On a narrow screen the filter panel starts folded so the results come first; without this
// script it simply stays open.
(function () {
  "use strict";
  var panel = document.querySelector("[data-fold-on-narrow]");
  if (panel && window.matchMedia("(max-width: 56rem)").matches && !panel.querySelector(".errorlist")) {
    panel.open = false;
  }
})();
