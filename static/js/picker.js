/* The picker for many people or colleges (core.widgets.SearchablePicker): a filter box that keeps the choices whose
   name or code holds what is typed (spaces and case ignored), each group's "select all / none" for the choices in
   view, and a count of what is chosen that screen readers hear as it changes. Without this script the page shows
   the whole grouped list of checkboxes, which posts the same; a hidden choice still posts when it is ticked. */
(function () {
  "use strict";

  function words(text) {
    return (text || "").toLowerCase().replace(/\s+/g, "");
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), function (picker) {
    var filter = picker.querySelector("[data-picker-filter]");
    var number = picker.querySelector("[data-picker-number]");
    var empty = picker.querySelector("[data-picker-empty]");
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-group]"));
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
    var texts = boxes.map(function (box) {
      return words(box.closest("[data-picker-item]").getAttribute("data-picker-text"));
    });
    Array.prototype.forEach.call(picker.querySelectorAll("[data-picker-tools]"), function (tools) {
      tools.hidden = false;
    });

    function count() {
      number.textContent = boxes.filter(function (box) { return box.checked; }).length;
    }

    function show() {
      var wanted = words(filter.value);
      var shown = 0;
      boxes.forEach(function (box, index) {
        var match = !wanted || texts[index].indexOf(wanted) !== -1;
        box.closest("[data-picker-item]").hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-picker-item]:not([hidden])");
      });
      empty.hidden = shown > 0;
    }

    function setShown(group, checked) {
      Array.prototype.forEach.call(group.querySelectorAll("[data-picker-item]:not([hidden]) input"), function (box) {
        box.checked = checked;
      });
      count();
    }

    filter.addEventListener("input", show);
    // Enter in the filter finds; it must not send the form half filled.
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    picker.addEventListener("change", count);
    groups.forEach(function (group) {
      group.querySelector("[data-picker-all]").addEventListener("click", function () { setShown(group, true); });
      group.querySelector("[data-picker-none]").addEventListener("click", function () { setShown(group, false); });
    });
    count();
  });
})();
