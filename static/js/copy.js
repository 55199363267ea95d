// "Copy citation": shown only when the browser can copy; without it the citation stays
// visible as text to select by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById("copy-status");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () { if (status) status.textContent = "Citation copied."; },
        function () { if (status) status.textContent = "Could not copy: select the text above."; }
      );
    });
  });
})();
