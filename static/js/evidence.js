/* The report form's file chooser: lists the chosen files under it, with their sizes, and marks any file too
   large to be accepted, before the form is sent. Without this script the chooser works as the browser's own. */
(function () {
  "use strict";
  var list = document.querySelector("[data-chosen-files]");
  var input = document.querySelector("#report-form input[type=file]");
  if (!list || !input) { return; }
  var limit = parseInt(list.dataset.maxBytes || "0", 10);

  function size(bytes) {
    if (bytes >= 1024 * 1024) { return (bytes / 1024 / 1024).toFixed(1) + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  input.addEventListener("change", function () {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " · " + size(file.size);
      if (limit && file.size > limit) {
        item.className = "text-danger";
        item.textContent += " · " + list.dataset.tooLarge;
      }
      list.appendChild(item);
    });
  });
})();
