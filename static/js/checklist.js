/* The self-assessment's report checklists: a search box above each (shown only with this script) that hides the
   reports whose title does not contain what is typed; ticked reports always stay in view. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-checklist]"), function (list) {
    var search = list.querySelector("[data-checklist-search]");
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-checklist-item]"));
    if (!search || items.length < 2) { return; }
    search.hidden = false;
    search.addEventListener("input", function () {
      var wanted = search.value.trim().toLowerCase();
      items.forEach(function (item) {
        var ticked = item.querySelector("input").checked;
        item.hidden = !!wanted && !ticked && item.textContent.toLowerCase().indexOf(wanted) === -1;
      });
    });
  });
})();
