// Draws each <canvas data-bpets-chart="TABLE-ID">. Where the canvas names a
// data block (data-bpets-chart-data, a <script type="application/json"> the
// page wrote with json_script), the labels and lines come from it; otherwise
// from the table of that id: the rows' headers are the labels, each column
// whose header carries data-series is a line (split by the row's data-kind
// where there is one). Either way the numbers stay in a table beside the
// chart, and lines differ by dash and point shape, not only by colour.
(function () {
  if (typeof Chart === "undefined") {
    return;
  }
  var DASHES = [[], [8, 4], [2, 3], [12, 3, 2, 3]];
  var POINTS = ["circle", "rect", "triangle", "crossRot"];
  var SHADES = ["#1b1b1b", "#005ea2", "#6b4b00", "#54278f"];
  var KINDS = { sum: "sum of sectors", published: "as published" };

  function seriesOf(table) {
    var columns = [];
    table.querySelectorAll("thead th").forEach(function (cell, index) {
      if (cell.dataset.series) {
        columns.push({ index: index, name: cell.dataset.series });
      }
    });
    var labels = [];
    var series = {};
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var label = row.cells[0].textContent.trim();
      if (labels.indexOf(label) < 0) {
        labels.push(label);
      }
      var kind = KINDS[row.dataset.kind] || "";
      columns.forEach(function (column) {
        var name = kind ? column.name + ", " + kind : column.name;
        var text = row.cells[column.index].dataset.value;
        series[name] = series[name] || {};
        series[name][label] = text === "" ? null : Number(text);
      });
    });
    return {
      labels: labels,
      series: Object.keys(series).map(function (name) {
        return {
          name: name,
          values: labels.map(function (label) {
            var value = series[name][label];
            return value === undefined ? null : value;
          }),
        };
      }),
    };
  }

  function seriesOfData(block) {
    var data = JSON.parse(block.textContent);
    return { labels: data.labels, series: data.series };
  }

  document.querySelectorAll("canvas[data-bpets-chart]").forEach(function (canvas) {
    var block = canvas.dataset.bpetsChartData
      ? document.getElementById(canvas.dataset.bpetsChartData)
      : null;
    var table = document.getElementById(canvas.dataset.bpetsChart);
    if (!block && !table) {
      return;
    }
    var found = block ? seriesOfData(block) : seriesOf(table);
    var datasets = found.series.map(function (line, index) {
      return {
        label: line.name,
        data: line.values,
        borderDash: DASHES[index % DASHES.length],
        pointStyle: POINTS[index % POINTS.length],
        pointRadius: 4,
        borderColor: SHADES[index % SHADES.length],
        backgroundColor: SHADES[index % SHADES.length],
        spanGaps: true,
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: found.labels, datasets: datasets },
      options: {
        animation: false,
        plugins: { legend: { labels: { usePointStyle: true } } },
        scales: { y: { beginAtZero: true } },
      },
    });
  });
})();
