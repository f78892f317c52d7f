/* Dashboard behaviour: charts drawn from the tables of numbers beside them, sortable tables, the year menu. */
(function () {
  "use strict";
  var palette = ["#9b1c1c", "#c2410c", "#b45309", "#15803d", "#0e7490", "#1d4ed8", "#6d28d9", "#be185d"];

  // Each bar carries its number at its end, so the chart reads without the table (which stays beside it).
  var barValues = {
    id: "barValues",
    afterDatasetsDraw: function (chart) {
      var context = chart.ctx, horizontal = chart.options.indexAxis === "y";
      context.save();
      context.fillStyle = "#212529";
      context.font = "12px sans-serif";
      chart.getDatasetMeta(0).data.forEach(function (bar, index) {
        var value = chart.data.datasets[0].data[index];
        context.textAlign = horizontal ? "left" : "center";
        context.textBaseline = horizontal ? "middle" : "bottom";
        context.fillText(String(value), horizontal ? bar.x + 4 : bar.x, horizontal ? bar.y : bar.y - 2);
      });
      context.restore();
    }
  };
  var MAX_LABEL = 8;
  function shortLabel(label) {
    return label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + "…" : label;
  }

  document.querySelectorAll("table.chart-table").forEach(function (table) {
    var canvas = document.getElementById(table.dataset.chart);
    if (!canvas || typeof Chart === "undefined") { return; }
    var labels = [], values = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cell = row.querySelector("td[data-value]");
      if (!cell) { return; }
      labels.push(row.querySelector("th").textContent.trim());
      values.push(Number(cell.dataset.value));
    });
    if (!values.length) { canvas.parentElement.classList.add("d-none"); return; }
    var horizontal = labels.length > 8 && table.dataset.chart !== "chart-month";
    if (horizontal) {
      // Room for every bar and its label: the box grows with the number of bars instead of skipping labels.
      canvas.parentElement.style.height = Math.max(260, 26 * labels.length + 40) + "px";
    }
    var categoryTicks = { autoSkip: false, callback: function (value) { return shortLabel(this.getLabelForValue(value)); } };
    var countTicks = { precision: 0 };
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: table.dataset.title, data: values, backgroundColor: palette[0] }] },
      plugins: [barValues],
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: horizontal ? "y" : "x",
        layout: { padding: { top: 16, right: 24 } },
        plugins: {
          legend: { display: false },
          // The full name on hover: the axis shows at most eight characters of it.
          tooltip: { callbacks: { title: function (items) { return labels[items[0].dataIndex]; } } }
        },
        scales: horizontal
          ? { y: { ticks: categoryTicks }, x: { ticks: countTicks, beginAtZero: true } }
          : { x: { ticks: categoryTicks }, y: { ticks: countTicks, beginAtZero: true } }
      }
    });
  });

  // Sortable columns: a real button inside each header cell (a <th> keeps its role, so the table stays a
  // table for screen readers), and aria-sort on the cell says how the column is sorted.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (header) {
      var column = header.cellIndex;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[data-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          var raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
          return header.dataset.sort === "number" ? Number(raw) : raw;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = header.dataset.sort === "number" ? x - y : String(x).localeCompare(String(y), "zh-Hans-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var years = document.getElementById("year-choice");
  if (years) {
    years.addEventListener("change", function () {
      window.location.href = years.dataset.urlTemplate.replace("/2000/", "/" + years.value + "/");
    });
  }
})();
