// A page that comes back with errors opens on its error summary, so keyboard and screen reader
// users start from the list of what to fix; each link then takes them to its field.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();

  // Following a link to an option of a group, show the group's question (its legend) above it,
  // not just the option scrolled to the top of the window.
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    var option = target.type === "radio" || target.type === "checkbox";
    var fieldset = option ? target.closest("fieldset") : null;
    var context = fieldset
      ? fieldset.querySelector("legend")
      : document.querySelector("label[for='" + CSS.escape(target.id) + "']");
    if (!context) return;
    event.preventDefault();
    context.scrollIntoView();
    target.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", link.hash);
  });
})();
