// A form marked data-mark-read posts itself once the page is actually shown (not when it is prerendered or kept
// in a background tab), then says it is done. Without JavaScript it stays a button: opening a page never writes.
(function () {
  "use strict";
  function send(form) {
    if (form.dataset.sent) return;
    form.dataset.sent = "1";
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch"}})
      .then(function (response) {
        if (!response.ok) { delete form.dataset.sent; return; }
        var done = document.createElement("p");
        done.className = form.dataset.doneClass || "small text-success mb-0";
        done.textContent = form.dataset.done;
        form.replaceWith(done);
      })
      .catch(function () { delete form.dataset.sent; });
  }
  function sendVisible() {
    if (document.visibilityState !== "visible") return;
    document.querySelectorAll("form[data-mark-read]").forEach(send);
  }
  document.addEventListener("visibilitychange", sendVisible);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", sendVisible);
  else sendVisible();
})();
