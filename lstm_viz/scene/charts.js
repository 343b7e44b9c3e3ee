// Charts over time: one line panel per group of parts for one unit, or units × time heatmaps for several; the
// step shown is a cursor that moves without redrawing anything else. A click on a chart jumps to that step.

import {
  divergingRGB, fillTemplate, formatNumber, sequentialRGB, setAttributes, svgEl, textInk,
} from "./format.js";

const CHART_W = 1000, CHART_LEFT = 64, CHART_RIGHT = 16, LINE_H = 104, TITLE_H = 26, HEAT_ROW = 18, HEAT_MAX_H = 300;

function chartX(scene, t) {
  const span = Math.max(scene.steps - 1, 1);
  return CHART_LEFT + ((CHART_W - CHART_LEFT - CHART_RIGHT) * t) / span;
}

// Three or four round values covering [low, high]: 0, 0.5, 1 rather than 0, 0.49, 0.99.
function niceTicks(low, high) {
  const span = high - low || 1;
  const raw = span / 3;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + 1e-9; v += step) ticks.push(Math.abs(v) < 1e-12 ? 0 : v);
  return { ticks, digits: step >= 1 ? 0 : step >= 0.1 ? 1 : 2 };
}

const LOG_FLOOR = -12;  // a gradient of 10⁻¹² or less is drawn at 10⁻¹²
const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074", 5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };

// Whole powers of ten covering [low, high] (log₁₀ values), three to five of them.
function powerTicks(low, high) {
  const step = Math.max(1, Math.ceil((high - low) / 4));
  const ticks = [];
  for (let v = Math.ceil(low); v <= Math.floor(high); v += step) ticks.push(v);
  if (!ticks.length) ticks.push(Math.round((low + high) / 2));
  return { ticks, digits: 0 };
}

export function powerOfTen(exponent) {
  if (exponent === 0) return "1";
  return "10" + String(exponent).split("").map((c) => SUPERSCRIPT[c] || c).join("");
}

function stepTicks(steps) {
  const every = steps <= 12 ? 1 : steps <= 30 ? 5 : steps <= 60 ? 10 : 20;
  const ticks = [];
  for (let t = 0; t < steps; t += every) ticks.push(t);
  return ticks;
}

// The runs of consecutive steps whose value is a number.
function finiteRuns(values) {
  const runs = [];
  let run = [];
  values.forEach((v, t) => {
    if (v === null) { if (run.length) runs.push(run); run = []; } else run.push(t);
  });
  if (run.length) runs.push(run);
  return runs;
}

function seriesOf(scene, cell, name, unit) {
  if (name === "x") return scene.x.map((row) => row[0]);
  return cell.values[name].map((row) => row[unit]);
}

function partInfo(scene, cell, name) {
  if (name === "x") {
    const xs = scene.x.map((row) => row[0]);
    const low = Math.min(...xs), high = Math.max(...xs);
    return { name: "x", symbol: "x", color: "#555555", low, high: high > low ? high : low + 1, pinned: false, role: "input" };
  }
  return cell.parts.find((p) => p.name === name);
}

// options.targets: [{title, cell, part, unit, bands: [[t, low, high]]}] draws only those panels, each quantity
// with the band it should lie in at each step (low or high null: open; low = high: a dashed target line).
export function buildCharts(scene, cells, texts, onPick, options = {}) {
  const number = scene.number;
  const svg = svgEl("svg", { className: "lv-charts", role: "img", "aria-label": texts.charts });
  const cursors = [];  // items moved at every step: {node, kind, ...}
  let y0 = 0;

  function panelTitle(y, title, symbols) {
    const text = svgEl("text", { x: CHART_LEFT, y: y + 17, className: "lv-panel-title", text: title + "  " });
    for (const [symbol, color, dashed] of symbols.filter(([symbol]) => symbol)) {
      text.append(svgEl("tspan", { text: (dashed ? "\u2504 " : "\u2501 ") + symbol + "   ", fill: textInk(color), "font-weight": 700 }));
    }
    svg.append(text);
  }

  // lines: [[text, colour, dashed]] written under the title, one per line (what each dashed series is)
  function linePanel(title, series, bands = [], log = false, lines = []) {  // series: [{values, color, symbol, dashed, low, high}]
    panelTitle(y0, title, series.filter((s) => !s.verdict).map((s) => [s.symbol, s.color, s.dashed]));
    lines.forEach(([text, color, dashed], k) => {
      svg.append(svgEl("text", { x: CHART_LEFT, y: y0 + TITLE_H + 12 + 17 * k, className: "lv-panel-line",
        fill: textInk(color), text: (dashed ? "\u2504 " : "\u2501 ") + text }));
    });
    const top = y0 + TITLE_H + 17 * lines.length, bottom = top + LINE_H;
    const bounds = bands.flatMap(([, a, b]) => [a, b]).filter((v) => v !== null);
    const low = Math.min(...series.map((s) => s.low), ...bounds), high = Math.max(...series.map((s) => s.high), ...bounds);
    const pad = (high - low) * 0.06 || 0.5;
    const y = (v) => bottom - ((v - (low - pad)) / (high - low + 2 * pad)) * LINE_H;
    svg.append(svgEl("rect", { x: CHART_LEFT, y: top, width: CHART_W - CHART_LEFT - CHART_RIGHT, height: LINE_H, className: "lv-plot" }));
    const half = (CHART_W - CHART_LEFT - CHART_RIGHT) / Math.max(scene.steps - 1, 1) / 2;
    for (const [t, a, b] of bands.filter(([, a, b]) => a === null || a !== b)) {
      const y1 = b === null ? top : y(b), y2 = a === null ? bottom : y(a);
      const x1 = Math.max(chartX(scene, t) - Math.max(half, 4), CHART_LEFT), x2 = Math.min(chartX(scene, t) + Math.max(half, 4), CHART_W - CHART_RIGHT);
      const band = svgEl("rect", { x: x1, y: Math.min(y1, y2), width: x2 - x1, height: Math.max(Math.abs(y2 - y1), 3), className: "lv-target" });
      band.append(svgEl("title", { text: `${texts.target} (t = ${t})` }));
      svg.append(band);
    }
    const line = bands.filter(([, a, b]) => a !== null && a === b);
    if (line.length) {
      const points = line.map(([t, v]) => `${chartX(scene, t)},${y(v)}`).join(" ");
      svg.append(svgEl("polyline", { points, fill: "none", className: "lv-target-line" }));
    }
    const { ticks, digits } = log ? powerTicks(low - pad * 0.5, high + pad * 0.5) : niceTicks(low - pad * 0.5, high + pad * 0.5);
    for (const v of ticks) {
      svg.append(svgEl("line", { x1: CHART_LEFT, x2: CHART_W - CHART_RIGHT, y1: y(v), y2: y(v), className: "lv-grid" }));
      svg.append(svgEl("text", { x: CHART_LEFT - 6, y: y(v), className: "lv-axis", "text-anchor": "end", "dominant-baseline": "middle", text: log ? powerOfTen(v) : formatNumber(v, number, digits) }));
    }
    if (!log && low < 0 && high > 0) svg.append(svgEl("line", { x1: CHART_LEFT, x2: CHART_W - CHART_RIGHT, y1: y(0), y2: y(0), className: "lv-zero" }));
    for (const s of series) {
      for (const run of finiteRuns(s.values)) {  // (a value that is not a number, null, breaks the line)
        const points = run.map((t) => `${chartX(scene, t)},${y(s.values[t])}`).join(" ");
        svg.append(svgEl("polyline", { points, fill: "none", stroke: s.color, "stroke-width": 2.5, "stroke-dasharray": s.dashed ? "6 4" : null }));
      }
      if (scene.steps <= 60) {
        s.values.forEach((v, t) => {
          if (v === null) return;
          const dot = svgEl("circle", { cx: chartX(scene, t), cy: y(v), r: 3, fill: s.color });
          dot.append(svgEl("title", { text: `${s.symbol} (t = ${t}) = ${formatNumber(log ? s.sizes[t] : v, number, 3)}` }));
          svg.append(dot);
        });
      }
      const marker = svgEl("circle", { r: 7, fill: s.color, className: "lv-marker" });
      svg.append(marker);
      cursors.push({ kind: "marker", node: marker, values: s.values, y });
    }
    y0 = bottom + 10;
  }

  // A units × time heatmap: one pixel per (row, step) on a canvas, shown as one image (thousands of rows × steps would
  // be thousands of SVG nodes). rows: {count, label(r), value(r, t), exact(r), selected}; the value under the
  // pointer is written beside the title (approximate where the page sent only colour levels).
  function heatPanel(title, part, rows) {
    panelTitle(y0, title, [[part.symbol, part.color, false]]);
    const top = y0 + TITLE_H;
    const rowH = rows.count <= 16 ? HEAT_ROW : Math.max(2, HEAT_MAX_H / rows.count);
    const height = rows.count * rowH, left = CHART_LEFT, width = CHART_W - CHART_LEFT - CHART_RIGHT;
    const gate = part.role === "gate" && part.low >= 0 && part.high <= 1;
    const limit = Math.max(Math.abs(part.low), Math.abs(part.high));
    const canvas = document.createElement("canvas");
    canvas.width = scene.steps;
    canvas.height = rows.count;
    const context = canvas.getContext("2d");
    const image = context.createImageData(scene.steps, rows.count);
    const low = gate ? 0 : -limit, span = (gate ? 1 : 2 * limit) || 1;
    const lut = [];  // 256 colours across the panel's range, looked up per pixel
    for (let k = 0; k < 256; k++) lut.push(gate ? sequentialRGB(k / 255) : divergingRGB(low + (span * k) / 255, limit));
    const pixels = image.data;
    for (let r = 0; r < rows.count; r++) {
      for (let t = 0; t < scene.steps; t++) {
        const level = Math.round(((rows.value(r, t) - low) / span) * 255);
        const rgb = lut[level < 0 ? 0 : level > 255 ? 255 : level];
        const at = 4 * (r * scene.steps + t);
        pixels[at] = rgb[0]; pixels[at + 1] = rgb[1]; pixels[at + 2] = rgb[2]; pixels[at + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
    const picture = svgEl("image", { x: left, y: top, width, height, preserveAspectRatio: "none", className: "lv-heat",
      role: "img", "aria-label": title });
    // encoded off the main thread: the scene shows the step at once and the picture a moment later
    canvas.toBlob((blob) => {
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      picture.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
      setTimeout(() => URL.revokeObjectURL(url), 30000);  // (a picture redrawn away before it loaded)
      picture.setAttribute("href", url);
    });
    svg.append(picture);
    const every = Math.max(1, Math.ceil(12 / rowH));  // a label every few rows, so they never overlap
    for (let r = 0; r < rows.count; r += every) {
      svg.append(svgEl("text", { x: CHART_LEFT - 6, y: top + (r + 0.5) * rowH, className: "lv-axis", "text-anchor": "end", "dominant-baseline": "middle", text: rows.label(r) }));
    }
    if (rows.selected !== null && rows.selected !== undefined) {
      svg.append(svgEl("rect", { x: left, y: top + rows.selected * rowH, width, height: Math.max(rowH - 1, 1.5), className: "lv-row-selected" }));
    }
    const readout = svgEl("text", { x: CHART_W - CHART_RIGHT, y: y0 + 17, className: "lv-axis lv-heat-value", "text-anchor": "end", text: "" });
    svg.append(readout);
    picture.addEventListener("mousemove", (event) => {
      const box = picture.getBoundingClientRect();
      const t = Math.min(scene.steps - 1, Math.floor(((event.clientX - box.left) / box.width) * scene.steps));
      const r = Math.min(rows.count - 1, Math.floor(((event.clientY - box.top) / box.height) * rows.count));
      if (t < 0 || r < 0) return;
      const shown = formatNumber(rows.value(r, t), number, 3);
      readout.textContent = `${part.symbol} ${rows.label(r)}, t = ${t}: ${rows.exact(r) ? shown : "\u2248 " + shown}`;
    });
    picture.addEventListener("mouseleave", () => { readout.textContent = ""; });
    y0 = top + height + 10;
  }

  // The rows of a cell's part: every unit of a layer sent as colour levels, else the units sent whole.
  function unitRows(cell, name) {
    const levels = cell.heat && cell.heat[name];
    const whole = new Map(cell.shown.map((unit, k) => [unit, k]));
    const series = cell.values[name];
    if (levels) {
      const selected = cell.shown[cell.unit] < levels.units ? cell.shown[cell.unit] : null;
      return { count: levels.units, label: (r) => `u${r + 1}`, selected, exact: (r) => whole.has(r),
        value: (r, t) => (whole.has(r) ? series[t][whole.get(r)] : levels.at(t, r)) };
    }
    return { count: cell.shown.length, label: (r) => `u${cell.shown[r] + 1}`, selected: cell.unit, exact: () => true,
      value: (r, t) => series[t][r] };
  }

  const first = cells[0];
  const inputTitle = texts.input;
  for (const target of options.targets || []) {
    const cell = cells[target.cell || 0];
    const k = cell.shown.indexOf(target.unit);
    if (k < 0) continue;
    linePanel(target.title, [{ ...partInfo(scene, cell, target.part), values: seriesOf(scene, cell, target.part, k) }], target.bands);
  }
  if (options.targets) return finish();
  // the input: one panel, or one per cell when two stacks' cells read different inputs (each cell's own x)
  const inputs = [];
  for (const cell of cells) {
    const xs = cell.x || scene.x;
    if (!inputs.some(([, seen]) => seen === xs || JSON.stringify(seen) === JSON.stringify(xs))) inputs.push([cell, xs]);
  }
  for (const [cell, xs] of inputs) {
    const title = inputs.length > 1 ? `${cell.title} \u00b7 ${inputTitle}` : inputTitle;
    let low = Infinity, high = -Infinity;
    for (const row of xs) for (const v of row) { low = Math.min(low, v); high = Math.max(high, v); }
    if (xs[0].length === 1) {
      linePanel(title, [{ ...partInfo(scene, first, "x"), low, high: high > low ? high : low + 1, symbol: "", values: xs.map((row) => row[0]) }]);
    } else {
      const rows = { count: Math.min(xs[0].length, 128), label: (d) => `x${d + 1}`, selected: null, exact: () => true,
        value: (d, t) => xs[t][d] };
      heatPanel(title, { symbol: "x", color: "#555555", role: "input", low, high }, rows);
    }
  }
  if (scene.backward) {  // |δh_t| and |δc_t| on a log scale: how much of the gradient is left at each step
    for (const cell of cells.filter((c) => c.grads)) {  // (none while a training replay is on its way)
      const k = cell.unit;
      const series = cell.states.filter((name) => !(cell.matrices || []).includes(name)).map((name) => {
        const sizes = cell.grads[name].map((row) => Math.abs(row[k]));
        const values = sizes.map((size) => (size > 0 ? Math.max(Math.log10(size), LOG_FLOOR) : LOG_FLOOR));
        const part = partInfo(scene, cell, name);
        return { ...part, symbol: `|δ${part.symbol}|`, values, sizes, low: Math.min(...values), high: Math.max(...values) };
      });
      linePanel((cells.length > 1 ? `${cell.kind_name} \u00b7 ` : "") + texts.gradient_size, series, [], true);
    }
  }
  const overlay = ["#0072B2", "#D55E00", "#009E73"];
  if (cells.length > 1) {
    linePanel(texts.compare_h, cells.map((cell, n) => ({
      ...partInfo(scene, cell, "h"), symbol: `${cell.kind_name}: h`, color: overlay[n % 3], dashed: n > 0,
      values: seriesOf(scene, cell, "h", cell.unit),
    })));
  }
  for (const cell of cells) {
    const prefix = cells.length > 1 ? `${cell.kind_name} \u00b7 ` : "";
    if (cell.shown.length === 1) {
      for (const panel of cell.panels) {
        const names = panel.parts.filter((name) => name !== "x");
        if (!names.length) continue;
        linePanel(prefix + panel.title, names.map((name) => ({ ...partInfo(scene, cell, name), values: seriesOf(scene, cell, name, 0) })));
      }
    } else {
      for (const name of cell.heatmaps) {
        const part = partInfo(scene, cell, name);
        const rows = unitRows(cell, name);
        const first = rows.count < cell.units ? ` \u00b7 ${fillTemplate(texts.heat_first, { shown: rows.count, units: cell.units })}` : "";
        heatPanel(prefix + fillTemplate(texts.units_time, { name: part.symbol }) + first, part, rows);
      }
    }
  }
  for (const cell of cells.filter((c) => (c.alternatives || []).length)) {  // h computed another way, dashed
    const k = cell.unit;
    const h = { ...partInfo(scene, cell, "h"), values: seriesOf(scene, cell, "h", k) };
    const others = cell.alternatives.map((alt, n) => {
      const values = alt.values.map((row) => row[k]);
      const finite = values.filter((v) => v !== null);
      return { ...h, symbol: alt.label, color: ["#E69F00", "#CC79A7"][n % 2], dashed: true, values,
               low: Math.min(h.low, ...finite), high: Math.max(h.high, ...finite), verdict: alt.verdict };
    });
    linePanel((cells.length > 1 ? `${cell.kind_name} \u00b7 ` : "") + texts.two_ways, [h, ...others], [], false,
      others.map((s) => [`${s.symbol}: ${s.verdict}`, s.color, true]));
  }
  return finish();

  function finish() {  // the time axis under everything, and the cursor across everything
    for (const t of stepTicks(scene.steps)) {
      svg.append(svgEl("text", { x: chartX(scene, t), y: y0 + 14, className: "lv-axis", "text-anchor": "middle", text: String(t) }));
    }
    svg.append(svgEl("text", { x: CHART_W - CHART_RIGHT, y: y0 + 34, className: "lv-axis", "text-anchor": "end", text: texts.time_step }));
    const height = y0 + 42;
    const cursor = svgEl("line", { y1: 0, y2: y0, className: "lv-cursor" });
    svg.append(cursor);
    cursors.push({ kind: "line", node: cursor });
    svg.setAttribute("viewBox", `0 0 ${CHART_W} ${height}`);
    svg.addEventListener("click", (event) => {
      const box = svg.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width) * CHART_W;
      const span = (CHART_W - CHART_LEFT - CHART_RIGHT) / Math.max(scene.steps - 1, 1);
      const t = Math.round((x - CHART_LEFT) / span);
      if (t >= 0 && t < scene.steps) onPick(t);
    });

    function update(t) {
      const x = chartX(scene, t);
      for (const item of cursors) {
        if (item.kind === "line") setAttributes(item.node, { x1: x, x2: x });
        else if (item.values[t] === null) setAttributes(item.node, { visibility: "hidden" });
        else setAttributes(item.node, { cx: x, cy: item.y(item.values[t]), visibility: "visible" });
      }
    }
    return { node: svg, update };
  }
}
