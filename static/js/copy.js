// Copy buttons for the citations: shown only when the browser can copy; without it each
// citation stays visible as text to select by hand. Each button names the element it copies
// (data-copy-target) and what to announce once copied (data-copied).
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.getElementById("copy-status");
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyTarget);
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () {
          if (status) status.textContent = button.dataset.copied || "Copied.";
        },
        function () {
          if (status) status.textContent = "Could not copy: select the text by hand.";
        }
      );
    });
  });
})();
