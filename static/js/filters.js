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
})();
