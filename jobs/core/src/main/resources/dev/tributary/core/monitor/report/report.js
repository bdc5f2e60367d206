// Draws the report's charts with ECharts (SVG renderer) from the JSON in #report-data.
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#5470c6', '#ee6666', '#91cc75', '#fac858', '#73c0de', '#3ba272'];
  var versions = Array.from(new Set(data.windows.map(function (w) { return w.version; }))).sort();
  function colorOf(version) { return palette[versions.indexOf(version) % palette.length]; }
  function rows(version) {
    return data.windows.filter(function (w) { return w.version === version; })
      .sort(function (a, b) { return a.start - b.start; });
  }
  function draw(id, option) {
    var element = document.getElementById(id);
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.on('finished', function () { element.setAttribute('data-rendered', 'true'); });
    option.animation = false;
    option.tooltip = option.tooltip || { trigger: 'axis' };
    chart.setOption(option);
  }
  var timeAxis = { type: 'time' };

  var quality = [];
  versions.forEach(function (v) {
    var r = rows(v).filter(function (w) { return w.auc !== undefined && w.auc !== null; });
    var color = colorOf(v);
    quality.push({ name: 'band ' + v, type: 'line', stack: 'band' + v, symbol: 'none',
      lineStyle: { opacity: 0 }, silent: true, color: color,
      data: r.map(function (w) { return [w.start, w.aucLow]; }) });
    quality.push({ name: 'band ' + v, type: 'line', stack: 'band' + v, symbol: 'none',
      lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.2, color: color }, silent: true, color: color,
      data: r.map(function (w) { return [w.start, w.aucHigh - w.aucLow]; }) });
    quality.push({ name: 'version ' + v, type: 'line', color: color,
      data: r.map(function (w) { return [w.start, w.auc]; }) });
  });
  draw('quality', { legend: { data: versions.map(function (v) { return 'version ' + v; }) },
    xAxis: timeAxis, yAxis: { type: 'value', scale: true, name: 'AUC' }, series: quality });

  var hours = Array.from(new Set(data.windows.map(function (w) { return w.start; }))).sort(function (a, b) { return a - b; });
  var names = [];
  var cells = [];
  data.windows.forEach(function (w) {
    Object.keys(w.psi).forEach(function (feature) {
      var name = 'v' + w.version + ' ' + feature;
      if (names.indexOf(name) < 0) { names.push(name); }
      cells.push([hours.indexOf(w.start), name, w.psi[feature]]);
    });
  });
  names.sort();
  draw('drift', { tooltip: { position: 'top' },
    grid: { left: 200, bottom: 80 },
    xAxis: { type: 'category', data: hours.map(function (t) { return new Date(t).toISOString().slice(5, 16); }) },
    yAxis: { type: 'category', data: names },
    visualMap: { min: 0, max: 0.5, precision: 2, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
      inRange: { color: ['#f7fbff', '#fdd49e', '#d7301f'] } },
    series: [{ type: 'heatmap', data: cells.map(function (c) { return [c[0], names.indexOf(c[1]), c[2]]; }) }] });

  var latency = [];
  versions.forEach(function (v) {
    ['p50', 'p95', 'p99'].forEach(function (p, i) {
      latency.push({ name: 'v' + v + ' ' + p, type: 'line', color: colorOf(v),
        lineStyle: { type: ['solid', 'dashed', 'dotted'][i] },
        data: rows(v).filter(function (w) { return w[p] !== undefined; }).map(function (w) { return [w.start, w[p]]; }) });
    });
  });
  draw('latency', { legend: {}, xAxis: timeAxis, yAxis: { type: 'value', name: 'ms' }, series: latency });

  var splitVersions = Array.from(new Set(data.splits.flatMap(function (s) { return Object.keys(s.weights); }))).sort();
  var end = Math.max(data.generatedAt, hours.length ? hours[hours.length - 1] : 0);
  draw('splits', { legend: {}, xAxis: timeAxis, yAxis: { type: 'value', max: 100, name: '%' },
    series: splitVersions.map(function (v) {
      var points = data.splits.map(function (s) { return [s.time, s.weights[v] || 0]; });
      if (points.length) { points.push([end, points[points.length - 1][1]]); }
      return { name: 'version ' + v, type: 'line', step: 'end', color: colorOf(v), data: points };
    }) });

  draw('coverage', { legend: {}, xAxis: timeAxis, yAxis: { type: 'value', min: 0, max: 1 },
    series: versions.map(function (v) {
      return { name: 'version ' + v, type: 'line', color: colorOf(v),
        data: rows(v).filter(function (w) { return w.coverage !== null; }).map(function (w) { return [w.start, w.coverage]; }) };
    }) });
})();
