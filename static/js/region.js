/* The region's pages: the live character count of a written report (characters, not bytes, as the server
   counts them) that refuses a text over its limit. (A summary being built is followed by job-poller.js.) */
(function () {
  "use strict";

  function characters(text) {
    // A line break is one character however the browser sends it; Array.from counts code points, as Python does.
    return Array.from(text.replace(/\r\n?/g, "\n")).length;
  }

  document.querySelectorAll("[data-char-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.dataset.charCountFor);
    if (!field) { return; }
    var limit = parseInt(field.dataset.maxChars, 10);
    var form = field.form;
    function update() {
      var count = characters(field.value);
      var over = count > limit;
      counter.textContent = counter.dataset.template.replace("{count}", count).replace("{max}", limit) +
        (over ? " " + counter.dataset.over : "");
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-bold", over);
      field.setAttribute("aria-invalid", over ? "true" : "false");
      if (form) {
        form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = over; });
      }
    }
    field.setAttribute("aria-describedby", counter.id);
    field.addEventListener("input", update);
    update();
  });
})();
