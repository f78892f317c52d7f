/* The review queue's batch approval: a "select all" box for the reports on the page (shown only with this script;
   without it each report is ticked on its own), half-ticked when some are, and the count on the approve button.
   The approval itself still asks once (data-confirm in a11y.js). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-batch]");
  if (!form) { return; }
  var all = form.querySelector("[data-select-all]");
  var picks = Array.prototype.slice.call(form.querySelectorAll("input[data-pick]"));
  var count = form.querySelector("[data-picked-count]");
  if (!all || !picks.length) { return; }
  form.querySelector("[data-select-all-box]").hidden = false;

  function update() {
    var picked = picks.filter(function (box) { return box.checked; }).length;
    all.checked = picked === picks.length;
    all.indeterminate = picked > 0 && picked < picks.length;
    if (count) { count.textContent = picked ? " (" + picked + ")" : ""; }
  }

  all.addEventListener("change", function () {
    picks.forEach(function (box) { box.checked = all.checked; });
    update();
  });
  picks.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
