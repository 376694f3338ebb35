// The dashboard's charts (templates/dashboard.html). Each chart draws the
// numbers of the table under it, which the server wrote into the JSON block
// #dashboard-data; without this script, or without ECharts, the tables stand
// alone. The CSP allows no inline script or style: options set styles through
// ECharts (CSSOM), and tooltips are drawn as rich text, not HTML.
(function () {
  "use strict";
  // the print button works with a script only (print.js)
  document.querySelectorAll("button[data-print][hidden]").forEach(function (b) { b.hidden = false; });
  var data = document.getElementById("dashboard-data");
  var root = document.querySelector(".dashboard");
  if (!data || !root || !window.echarts) {
    return;
  }
  var specs = JSON.parse(data.textContent);

  // Okabe–Ito colours: told apart with the common colour-vision deficiencies
  // and legible on white paper (its yellow is left out, too pale to print).
  // Stacked bars add patterns (decals), which survive a grey-scale print.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999"];
  var font = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var ink = "#1f2933";
  var charts = [];

  function format(v, unit) {
    if (v === null || v === undefined) {
      return "无数据";
    }
    return unit === "%" ? v.toFixed(1) + "%" : v + " " + unit;
  }

  function base(unit) {
    return {
      animation: false,
      color: palette,
      textStyle: { fontFamily: font, color: ink },
      tooltip: { renderMode: "richText", valueFormatter: function (v) { return format(v, unit); } }
    };
  }

  // draw draws option in el; fit, when given, returns what of the option
  // follows the box's width, and is applied again whenever it changes.
  function draw(el, option, fit) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push({ chart: chart, fit: fit });
  }

  // trend: one small line chart per figure, each with its own unit and scale.
  function trend(el, spec) {
    spec.series.forEach(function (s) {
      var cell = document.createElement("div");
      cell.className = "chart-cell";
      el.appendChild(cell);
      var o = base(s.unit);
      var percent = s.unit === "%";
      o.title = { text: s.name + "（" + s.unit + "）", left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: "bold", color: ink } };
      o.grid = { left: 8, right: 24, top: 36, bottom: 8, containLabel: true };
      o.tooltip.trigger = "axis";
      o.xAxis = { type: "category", data: spec.categories, axisLabel: { color: ink, interval: 0, fontSize: 11 } };
      o.yAxis = { type: "value", min: 0, max: percent ? 100 : null, minInterval: percent ? 0 : 1, axisLabel: { color: ink } };
      o.series = [{
        type: "line", name: s.name, data: s.data, color: palette[0], symbolSize: 8, lineStyle: { width: 2.5 },
        label: { show: true, color: ink, formatter: function (p) { return percent ? p.value.toFixed(1) : p.value; } }
      }];
      draw(cell, o);
    });
  }

  // bar: horizontal bars per category, one bar per series, stacked or not.
  function bar(el, spec) {
    var many = spec.series.length > 1;
    var percent = spec.series[0].unit === "%";
    el.style.height = Math.max(140, (many ? 72 : 40) + spec.categories.length * 34) + "px";
    var o = base(spec.series[0].unit);
    o.tooltip.trigger = "axis";
    o.tooltip.axisPointer = { type: "shadow" };
    o.grid = { left: 8, right: 56, top: many ? 36 : 8, bottom: 8, containLabel: true };
    if (many) {
      o.legend = { top: 0, left: 0, textStyle: { color: ink } };
      o.aria = { enabled: true, decal: { show: true } };
    }
    o.xAxis = { type: "value", max: spec.max || null, minInterval: percent ? 0 : 1, axisLabel: { color: ink } };
    o.yAxis = { type: "category", data: spec.categories, inverse: true, axisLabel: { color: ink, width: labelWidth(el), overflow: "truncate" } };
    o.series = spec.series.map(function (s) {
      return {
        type: "bar", name: s.name, stack: spec.stack ? "all" : null, barMaxWidth: 24,
        data: s.data.map(function (v, j) {
          return spec.colors ? { value: v, itemStyle: { color: spec.colors[j % spec.colors.length] } } : v;
        }),
        label: {
          show: true, position: spec.stack ? "inside" : "right", color: ink, fontWeight: "bold",
          textBorderColor: "#fff", textBorderWidth: 3, // legible on any bar, pattern or colour
          formatter: function (p) { return p.value ? (percent ? p.value.toFixed(1) + "%" : p.value) : ""; }
        }
      };
    });
    draw(el, o, function () { return { yAxis: { axisLabel: { width: labelWidth(el) } } }; });
  }

  // labelWidth leaves the bars at least 60% of a narrow box (a phone).
  function labelWidth(el) {
    return Math.round(Math.max(72, Math.min(240, el.clientWidth * 0.4)));
  }

  root.classList.add("charts-on");
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    if (el) {
      (specs[id].kind === "trend" ? trend : bar)(el, specs[id]);
    }
  });

  // Charts are drawn at their box's size: redraw when it changes, printing
  // included (an A4 page is narrower than most screens).
  function resize() {
    charts.forEach(function (c) {
      if (c.fit) {
        c.chart.setOption(c.fit());
      }
      c.chart.resize();
    });
  }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) {
      print.addEventListener("change", resize);
    }
  }
}());
