(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var text = document.getElementById("filter-text");
  var count = document.getElementById("filter-count");
  var toggles = form.querySelectorAll("[data-sev-toggle]");
  function apply() {
    var wanted = text.value.toLowerCase();
    var on = {};
    toggles.forEach(function (t) { on[t.value] = t.checked; });
    var shown = 0;
    document.querySelectorAll("table").forEach(function (table) {
      var rows = table.querySelectorAll(".res");
      if (!rows.length) { return; }
      rows.forEach(function (row) {
        var hit = !wanted || row.textContent.toLowerCase().indexOf(wanted) >= 0;
        row.hidden = !hit;
        if (hit) { shown += 1; }
      });
    });
    document.querySelectorAll("section.check").forEach(function (check) {
      var any = check.querySelector(".res:not([hidden])") !== null;
      check.hidden = on[check.getAttribute("data-sev")] === false || (wanted !== "" && !any);
    });
    count.textContent = wanted ? shown + " matching rows" : "";
  }
  // report.html#filter=kv-legacy opens the report filtered (a link to share)
  var given = /(?:^#|&)filter=([^&]*)/.exec(window.location.hash);
  if (given) {
    try { text.value = decodeURIComponent(given[1]); } catch (e) { text.value = given[1]; }
    apply();
  }
  text.addEventListener("input", apply);
  toggles.forEach(function (t) { t.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();
