// Shows a "scroll sideways" caption exactly when its table is wider than its box, and hides
// it once the visitor has scrolled to the end. Without JavaScript, site.css shows the caption
// on narrow screens instead.
(function () {
  "use strict";
  var cues = document.querySelectorAll("[data-scroll-cue-for]");
  Array.prototype.forEach.call(cues, function (cue) {
    var box = document.getElementById(cue.getAttribute("data-scroll-cue-for"));
    if (!box) {
      return;
    }
    cue.classList.add("scroll-cue--measured");
    function update() {
      var hidden = box.scrollWidth - box.clientWidth - box.scrollLeft <= 1;
      cue.hidden = hidden;
    }
    update();
    window.addEventListener("resize", update);
    box.addEventListener("scroll", update, { passive: true });
  });
})();
