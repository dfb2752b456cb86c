(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var text = document.getElementById("filter-text");
  var toggles = form.querySelectorAll("[data-sev-toggle]");
  function apply() {
    var wanted = text.value.toLowerCase();
    var on = {};
    toggles.forEach(function (t) { on[t.value] = t.checked; });
    document.querySelectorAll("section.check").forEach(function (check) {
      var any = false;
      check.querySelectorAll("tr.res").forEach(function (row) {
        var hit = !wanted || row.textContent.toLowerCase().indexOf(wanted) >= 0;
        row.hidden = !hit;
        if (hit) { any = true; }
      });
      check.hidden = on[check.getAttribute("data-sev")] === false || (wanted !== "" && !any);
    });
  }
  text.addEventListener("input", apply);
  toggles.forEach(function (t) { t.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();
