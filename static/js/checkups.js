// A questionnaire's results: scores over time on a line, the published bands shaded behind.
// The table under the chart holds the same numbers for screen readers.
(function () {
  "use strict";
  var canvas = document.getElementById("checkup-chart");
  var source = document.getElementById("checkup-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var SHADES = ["rgba(25, 135, 84, 0.10)", "rgba(255, 193, 7, 0.14)", "rgba(253, 126, 20, 0.14)",
    "rgba(220, 53, 69, 0.12)", "rgba(220, 53, 69, 0.20)"];

  function shadeFor(index, count) {
    // Bands run from low to high score; colour them by how worrying the band is.
    var worry = data.higherIsBetter ? count - 1 - index : index;
    return SHADES[Math.min(worry, SHADES.length - 1)];
  }

  var bandsPlugin = {
    id: "checkupBands",
    beforeDatasetsDraw: function (chart) {
      var y = chart.scales.y;
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      data.bands.forEach(function (band, index) {
        var top = y.getPixelForValue(band.high);
        var bottom = y.getPixelForValue(band.low);
        ctx.fillStyle = shadeFor(index, data.bands.length);
        ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
        ctx.fillStyle = "#41464b";
        ctx.font = "11px system-ui, sans-serif";
        ctx.fillText(band.label, area.left + 4, top + 12);
      });
      ctx.restore();
    },
  };

  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.points.map(function (p) { return p.date; }),
      datasets: [{
        label: data.name,
        data: data.points.map(function (p) { return p.score; }),
        borderColor: "#0a3622",
        backgroundColor: "#0a3622",
        pointRadius: 4,
        tension: 0,
      }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { min: 0, max: data.max } },
    },
    plugins: [bandsPlugin],
  });
})();
