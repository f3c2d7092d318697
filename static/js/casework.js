// Report form: show the safety guidance only when an immediate risk is ticked.
// Without JavaScript the guidance is always shown.
(function () {
  var box = document.getElementById("id_immediate_risk");
  var guidance = document.getElementById("safety-guidance");
  if (!box || !guidance) return;
  function update() { guidance.hidden = !box.checked; }
  box.addEventListener("change", update);
  update();
})();
