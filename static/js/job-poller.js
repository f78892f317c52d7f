/* Follows each background build on the page (an element with data-job-status around the block of
   templates/includes/job_progress.html) and offers its file in the element's [data-job-link] when it is ready. */
(function () {
  "use strict";

  function follow(box) {
    fetch(box.dataset.jobStatus, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        var bar = box.querySelector(".progress-bar");
        bar.style.width = (status.state === "failed" ? 100 : status.progress) + "%";
        box.querySelector("[role=progressbar]").setAttribute("aria-valuenow", status.progress);
        box.querySelector("[data-job-label]").textContent = status.label + (status.error ? "：" + status.error : "");
        if (status.state === "done") {
          bar.className = "progress-bar bg-success";
          var slot = box.querySelector("[data-job-link]");
          if (slot && status.url && !slot.querySelector("a")) {
            var link = box.querySelector("template[data-job-download]").content.firstElementChild.cloneNode(true);
            link.href = status.url;
            slot.appendChild(link);
          }
        } else if (status.state === "failed") {
          bar.className = "progress-bar bg-danger";
        } else {
          window.setTimeout(function () { follow(box); }, 1500);
        }
      })
      .catch(function () { window.setTimeout(function () { follow(box); }, 5000); });
  }

  document.querySelectorAll("[data-job-status]").forEach(follow);
})();
