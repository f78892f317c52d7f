/* The region's pages: the live character count of a written report (characters, not bytes, as the server
   counts them) that refuses a text over its limit, and the progress of a summary being built. */
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

  document.querySelectorAll("[data-region-export]").forEach(function (row) {
    var state = row.querySelector("[data-export-state]");
    if (!/%/.test(state.textContent)) { return; }
    function follow() {
      fetch(row.dataset.regionExport, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (status) {
          if (!status) { return; }
          if (status.state === "done" || status.state === "failed") { window.location.reload(); return; }
          state.textContent = state.textContent.replace(/\d+%/, status.progress + "%");
          window.setTimeout(follow, 1500);
        })
        .catch(function () { window.setTimeout(follow, 5000); });
    }
    window.setTimeout(follow, 1000);
  });
})();
