// Draws every <canvas data-chart='{Chart.js config as JSON}'> on the page with Chart.js. The
// server renders the configuration (the CSP allows no inline script); this file only draws it, on
// load, after each htmx swap and when htmx restores a page from its history. After a swap it waits
// for htmx:afterSettle, not afterSwap: while a swap settles, htmx gives an element that kept its id
// (our canvases do) the old element's class, style, width and height, then puts the new ones back,
// which would undo the size Chart.js just gave the canvas.
(function () {
  'use strict';

  if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    Chart.defaults.animation = false;
  }

  function draw() {
    // Charts whose canvas an htmx swap removed would otherwise stay in Chart.js's registry.
    Object.values(Chart.instances).forEach(function (chart) {
      if (!chart.canvas || !chart.canvas.isConnected) {
        chart.destroy();
      }
    });

    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      if (!Chart.getChart(canvas)) {
        new Chart(canvas, JSON.parse(canvas.dataset.chart));
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }

  document.addEventListener('htmx:afterSettle', draw);
  document.addEventListener('htmx:historyRestore', draw);
})();
