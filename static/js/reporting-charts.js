// Draws each <canvas data-bpets-chart="TABLE-ID"> from the table of that id:
// the rows' headers are the labels, each column whose header carries
// data-series is a line (split by the row's data-kind where there is one).
// Lines differ by dash and point shape, not only by colour, and the
// numbers stay in the table beside the chart.
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
    return { labels: labels, series: series };
  }

  document.querySelectorAll("canvas[data-bpets-chart]").forEach(function (canvas) {
    var table = document.getElementById(canvas.dataset.bpetsChart);
    if (!table) {
      return;
    }
    var found = seriesOf(table);
    var datasets = Object.keys(found.series).map(function (name, index) {
      return {
        label: name,
        data: found.labels.map(function (label) {
          var value = found.series[name][label];
          return value === undefined ? null : value;
        }),
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
