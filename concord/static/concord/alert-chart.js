/* The chart on an alert's page: counts over time, with the expected count and the threshold
   where the detector judged them. Data and labels come from the page (json_script). */
(function () {
  var holder = document.getElementById("alert-chart");
  var source = document.getElementById("alert-chart-data");
  if (!holder || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var series = [{ name: data.names.observed, type: "bar", data: data.observed, itemStyle: { color: "#0b6e4f" } }];
  if (data.expected.some(function (v) { return v !== null; })) {
    // A few points among empty weeks: every symbol shown, drawn above the bars.
    series.push({ name: data.names.expected, type: "line", data: data.expected, connectNulls: false, z: 10,
                  showSymbol: true, showAllSymbol: true, symbol: "circle", symbolSize: 12,
                  itemStyle: { color: "#1d2430" } });
  }
  if (data.threshold.some(function (v) { return v !== null; })) {
    series.push({ name: data.names.threshold, type: "line", data: data.threshold, connectNulls: false, z: 11,
                  showSymbol: true, showAllSymbol: true, symbol: "triangle", symbolSize: 16,
                  itemStyle: { color: "#b91c1c" } });
  }
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 40, right: 12, top: 12, bottom: 56 },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", minInterval: 1 },
    dataZoom: [{ type: "inside", start: data.labels.length > 60 ? 50 : 0 }],
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
