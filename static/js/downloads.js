/* The downloads page follows each build's progress and offers the file when it is ready. */
(function () {
  "use strict";
  var template = document.getElementById("download-button");

  function follow(row) {
    fetch(row.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        var bar = row.querySelector(".progress-bar");
        bar.style.width = (status.state === "failed" ? 100 : status.progress) + "%";
        row.querySelector("[role=progressbar]").setAttribute("aria-valuenow", status.progress);
        row.querySelector(".export-label").textContent = status.label + (status.error ? "：" + status.error : "");
        if (status.state === "done") {
          bar.className = "progress-bar bg-success";
          var link = template.content.firstElementChild.cloneNode(true);
          link.href = status.url;
          row.querySelector(".export-link").appendChild(link);
        } else if (status.state === "failed") {
          bar.className = "progress-bar bg-danger";
        } else {
          window.setTimeout(function () { follow(row); }, 1500);
        }
      })
      .catch(function () { window.setTimeout(function () { follow(row); }, 5000); });
  }

  document.querySelectorAll("tr.export-row[data-status-url]").forEach(follow);
})();
