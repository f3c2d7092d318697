// Decision form: the restriction fields only matter when restrictions are chosen.
// They stay visible without JavaScript; the service layer checks them either way.
(function () {
  var kinds = document.querySelectorAll('input[name="recommendation_kind"]');
  var ids = ["id_restriction_types", "id_terms", "id_duration_months", "id_review_interval_months"];
  if (!kinds.length) return;
  function update() {
    var chosen = document.querySelector('input[name="recommendation_kind"]:checked');
    var show = !chosen || chosen.value === "restrictions";
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      var field = el && el.closest(".field");
      if (field) field.hidden = !show;
    });
  }
  kinds.forEach(function (k) { k.addEventListener("change", update); });
  update();
})();
