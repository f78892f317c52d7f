/* Keyboard and screen-reader help on every page: focus on the error summary after a form comes back with
   errors, a confirmation dialog before what cannot be undone (data-confirm), and a photo viewer (data-lightbox).
   Both dialogs are native <dialog>s opened as modal: they keep the focus inside and give it back on closing. */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled])," +
    " textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

  // A table's box scrolls sideways when the table is wider than the screen (a phone): keyboard users reach it with
  // Tab and scroll it with the arrow keys, and a screen reader names it after its table. Every box is marked, so
  // the page behaves the same however the window is resized.
  Array.prototype.forEach.call(document.querySelectorAll(".table-responsive"), function (box) {
    var table = box.querySelector("table");
    if (!table || box.hasAttribute("tabindex")) { return; }
    var labelledBy = table.getAttribute("aria-labelledby");
    var named = labelledBy && document.getElementById(labelledBy.split(" ")[0]);
    var card = box.closest(".card");
    var heading = card && card.querySelector(".card-header, h2, h3");
    var source = table.querySelector("caption") || named || heading || table.querySelector("th");
    var name = table.getAttribute("aria-label") || (source ? source.textContent.trim() : "");
    box.tabIndex = 0;
    if (name) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    }
  });

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
      // A form that asks on its own page when there is no script (templates/includes/confirm_field.html) is told
      // the question was answered here.
      var answered = button.form && button.form.querySelector("input[name=confirmed]");
      if (answered) { answered.value = "yes"; }
      button.dataset.confirmed = "yes";
      button.click();
      delete button.dataset.confirmed;
    });
    open(dialog, button, dialog.querySelector("[data-dialog-cancel]"));
  });

  // The photo viewer is a gallery of the page's photos: previous and next (buttons or the arrow keys), and the
  // focus back on the photo last shown when it closes.
  var lightbox = document.getElementById("lightbox-template");
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-lightbox]");
    if (!link || !lightbox || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var links = Array.prototype.slice.call(document.querySelectorAll("a[data-lightbox]"));
    var current = links.indexOf(link);
    var dialog = lightbox.content.firstElementChild.cloneNode(true);
    var image = document.createElement("img");
    dialog.querySelector("figure").insertBefore(image, dialog.querySelector("figcaption"));
    var caption = dialog.querySelector("figcaption span");
    var previous = dialog.querySelector("[data-lightbox-previous]");
    var next = dialog.querySelector("[data-lightbox-next]");

    function show(index) {
      current = (index + links.length) % links.length;
      var shown = links[current];
      var thumbnail = shown.querySelector("img");
      var label = thumbnail ? thumbnail.alt : "";
      image.src = shown.href;
      image.alt = label;
      dialog.setAttribute("aria-label", label);
      caption.textContent = links.length > 1 ? label + " · " + (current + 1) + " / " + links.length : label;
    }

    if (links.length > 1) {
      previous.addEventListener("click", function () { show(current - 1); });
      next.addEventListener("click", function () { show(current + 1); });
      dialog.addEventListener("keydown", function (key) {
        if (key.key === "ArrowLeft") { key.preventDefault(); show(current - 1); }
        if (key.key === "ArrowRight") { key.preventDefault(); show(current + 1); }
      });
    } else {
      previous.remove();
      next.remove();
    }
    show(current);
    var close = dialog.querySelector("[data-dialog-cancel]");
    close.addEventListener("click", function () { dialog.close(); });
    open(dialog, link, close);
    dialog.addEventListener("close", function () {
      if (document.contains(links[current])) { links[current].focus(); }
    });
  });
})();
