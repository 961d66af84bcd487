// The meeting agenda on a projector (meetings/projector.html): one agenda item at a time,
// next/previous with the arrow keys, Page Up/Down or space. Without JavaScript every item is
// shown below the other, with links between them.
(function () {
  "use strict";
  function start() {
    var root = document.querySelector("[data-projector]");
    if (!root) return;
    var slides = Array.prototype.slice.call(root.querySelectorAll("[data-slide]"));
    if (!slides.length) return;
    var current = Math.max(0, slides.findIndex(function (s) { return "#" + s.id === location.hash; }));
    function show(index) {
      current = Math.min(slides.length - 1, Math.max(0, index));
      slides.forEach(function (slide, i) { slide.hidden = i !== current; });
      history.replaceState(null, "", "#" + slides[current].id);
      var heading = slides[current].querySelector("h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }
    root.classList.add("one-at-a-time");
    document.addEventListener("keydown", function (event) {
      if (event.target.closest && event.target.closest("input, textarea, select")) return;
      if (["ArrowRight", "PageDown", " "].indexOf(event.key) !== -1) { event.preventDefault(); show(current + 1); }
      if (["ArrowLeft", "PageUp"].indexOf(event.key) !== -1) { event.preventDefault(); show(current - 1); }
    });
    root.addEventListener("click", function (event) {
      var link = event.target.closest("[data-slide-next], [data-slide-prev]");
      if (!link) return;
      event.preventDefault();
      show(current + (link.hasAttribute("data-slide-next") ? 1 : -1));
    });
    show(current);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
