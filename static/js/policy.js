// Policy and guidance pages: a print button, and focus moved to a linked paragraph
// so that keyboard and screen-reader users land where the highlight is.
(function () {
  "use strict";
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  function focusTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", focusTarget);
  focusTarget();
})();
