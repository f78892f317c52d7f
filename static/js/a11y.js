/* Keyboard and screen-reader help on every page: focus on the error summary after a form comes back with
   errors, a confirmation dialog before what cannot be undone (data-confirm), and a photo viewer (data-lightbox).
   Both dialogs are native <dialog>s opened as modal: they keep the focus inside and give it back on closing. */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled])," +
    " textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

  // After a form error, start where the problem is explained (it links to each field).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  function trapFocus(dialog) {
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") { return; }
      var items = Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (el) {
        return el.offsetParent !== null;
      });
      if (!items.length) { return; }
      var first = items[0], last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
  }

  // open(dialog, opener, focusFirst): show modally, and on closing (Esc or a button) give the focus back.
  function open(dialog, opener, focusFirst) {
    document.body.appendChild(dialog);
    trapFocus(dialog);
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (opener && document.contains(opener)) { opener.focus(); }
    });
    dialog.showModal();
    if (focusFirst) { focusFirst.focus(); }
  }

  var template = document.getElementById("confirm-dialog-template");
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button || !template || button.dataset.confirmed === "yes") { return; }
    event.preventDefault();
    var dialog = template.content.firstElementChild.cloneNode(true);
    dialog.querySelector("#confirm-dialog-text").textContent = button.dataset.confirm;
    var confirm = dialog.querySelector("[data-dialog-confirm]");
    confirm.textContent = button.textContent.trim() || confirm.textContent;
    dialog.querySelector("[data-dialog-cancel]").addEventListener("click", function () { dialog.close(); });
    confirm.addEventListener("click", function () {
      dialog.close();
      button.dataset.confirmed = "yes";
      button.click();
      delete button.dataset.confirmed;
    });
    open(dialog, button, dialog.querySelector("[data-dialog-cancel]"));
  });

  var lightbox = document.getElementById("lightbox-template");
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-lightbox]");
    if (!link || !lightbox || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var thumbnail = link.querySelector("img");
    var dialog = lightbox.content.firstElementChild.cloneNode(true);
    var label = thumbnail ? thumbnail.alt : "";
    dialog.setAttribute("aria-label", label);
    var image = document.createElement("img");
    image.src = link.href;
    image.alt = label;
    dialog.querySelector("figure").insertBefore(image, dialog.querySelector("figcaption"));
    dialog.querySelector("figcaption span").textContent = label;
    var close = dialog.querySelector("[data-dialog-cancel]");
    close.addEventListener("click", function () { dialog.close(); });
    open(dialog, link, close);
  });
})();
