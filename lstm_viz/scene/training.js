// "Train this cell" (issue 29): the replay of a training run the server made (lstm_viz.cell_training.record). Its
// frames (the weights, the loss and the cell's values after update k) play at FPS frames per second: the loss
// curve grows, every weight of the shown unit moves on its gauge, and the scene redraws the cell of that frame.
// Stop keeps the frame on screen (the page loads its weights); a replay already seen opens at its end.

import { el, fillTemplate, formatNumber, svgEl } from "./format.js";
import { powerOfTen } from "./charts.js";

const FPS = 24;
const W = 600, H = 150, LEFT = 56, RIGHT = 10, TOP = 10, BOTTOM = 26;
const GAUGE_LIMIT = 10;  // the sliders' range

const ARRAY_SYMBOLS = { b2: "b\u2032", P: "p" };

// Every weight of the shown unit: [its name as the sliders write it (Wf, Uc̃, b′z), its value].
function weightRows(frame, unit, symbols) {
  const rows = [];
  for (const [key, perUnit] of Object.entries(frame.weights)) {
    const [array, part] = key.split(".");
    const name = (ARRAY_SYMBOLS[array] || array) + (symbols[part] || part);
    const value = perUnit[unit];
    if (Array.isArray(value)) value.forEach((v, r) => rows.push([value.length > 1 ? `${name}[${r + 1}]` : name, v]));
    else rows.push([name, value]);
  }
  return rows;
}

export function buildTraining(scene, texts, unit, onFrame, onStop, replay) {
  const training = scene.training;
  const symbols = Object.fromEntries(scene.cells[0].parts.map((p) => [p.name, p.symbol]));
  const frames = training.frames;
  const node = el("section", { className: "lv-training", "aria-label": texts.training });
  const status = el("p", { className: "lv-training-status", role: "status" });
  const stop = el("button", { type: "button", className: "lv-button lv-training-stop", text: texts.training_stop });
  const chart = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, className: "lv-training-loss", role: "img", "aria-label": texts.training_loss });
  const gauges = el("div", { className: "lv-gauges" });
  node.append(el("div", { className: "lv-training-head" }, status, stop), el("div", { className: "lv-training-body" }, chart, gauges));

  const logs = frames.map((f) => (f.loss > 0 && Number.isFinite(f.loss) ? Math.log10(f.loss) : -8));
  const low = Math.min(...logs, -4), high = Math.max(...logs, low + 1);
  const last = Math.max(frames[frames.length - 1].iteration, 1);
  const x = (it) => LEFT + ((W - LEFT - RIGHT) * it) / last;
  const y = (v) => TOP + ((high - v) / (high - low)) * (H - TOP - BOTTOM);
  for (let p = Math.ceil(low); p <= Math.floor(high); p++) {
    chart.append(svgEl("line", { x1: LEFT, x2: W - RIGHT, y1: y(p), y2: y(p), className: "lv-grid" }));
    chart.append(svgEl("text", { x: LEFT - 6, y: y(p), className: "lv-axis", "text-anchor": "end", "dominant-baseline": "middle", text: powerOfTen(p) }));
  }
  chart.append(svgEl("text", { x: W - RIGHT, y: H - 4, className: "lv-axis", "text-anchor": "end", text: texts.training_updates }));
  chart.append(svgEl("text", { x: W - RIGHT, y: TOP + 2, className: "lv-axis", "text-anchor": "end", "dominant-baseline": "hanging", text: texts.training_loss }));
  const curve = svgEl("polyline", { fill: "none", stroke: "#0072B2", "stroke-width": 2.5 });
  const dot = svgEl("circle", { r: 5, fill: "#0072B2" });
  chart.append(curve, dot);

  const rows = weightRows(frames[0], unit, symbols).map(([label]) => {
    const bar = el("span", { className: "lv-gauge-bar" });
    const value = el("span", { className: "lv-gauge-value" });
    const start = el("span", { className: "lv-gauge-start" });
    gauges.append(el("div", { className: "lv-gauge" }, el("span", { className: "lv-gauge-label", text: label }),
      el("span", { className: "lv-gauge-track" }, start, bar), value));
    return { bar, value, start };
  });
  weightRows(frames[0], unit, symbols).forEach(([, v], n) => { rows[n].start.style.left = `${50 + (50 * Math.max(-GAUGE_LIMIT, Math.min(GAUGE_LIMIT, v))) / GAUGE_LIMIT}%`; });

  let k = 0, timer = null;
  function show(index) {
    k = index;
    const frame = frames[k];
    curve.setAttribute("points", frames.slice(0, k + 1).map((f, n) => `${x(f.iteration)},${y(logs[n])}`).join(" "));
    dot.setAttribute("cx", x(frame.iteration));
    dot.setAttribute("cy", y(logs[k]));
    weightRows(frame, unit, symbols).forEach(([, v], n) => {
      const clamped = Math.max(-GAUGE_LIMIT, Math.min(GAUGE_LIMIT, v));
      const left = Math.min(50, 50 + (50 * clamped) / GAUGE_LIMIT), width = Math.abs(50 * clamped) / GAUGE_LIMIT;
      rows[n].bar.style.left = `${left}%`;
      rows[n].bar.style.width = `${width}%`;
      rows[n].value.textContent = formatNumber(v, scene.number);
    });
    const done = k === frames.length - 1 && !timer;
    const ending = done ? " " + (training.diverged ? texts.training_diverged : training.passed ? texts.training_passed : texts.training_not_yet) : "";
    status.textContent = fillTemplate(texts.training_status, {
      update: frame.iteration, updates: training.updates, loss: formatNumber(frame.loss, scene.number, 4),
    }) + ending;
    node.dataset.frame = String(k);
    onFrame(frame, done);  // (done: the frame that stays, the run's last one shown)
  }

  function halt(report) {
    clearInterval(timer);
    timer = null;
    stop.disabled = true;
    node.dataset.playing = "false";
    show(k);
    if (report) onStop(k);
  }

  stop.addEventListener("click", () => halt(true));
  if (replay && frames.length > 1) {
    node.dataset.playing = "true";
    show(0);
    timer = setInterval(() => {
      if (k + 1 >= frames.length) { halt(false); return; }
      show(k + 1);
    }, 1000 / FPS);
  } else {
    stop.disabled = true;
    node.dataset.playing = "false";
    show(frames.length - 1);
  }
  return { node, dispose: () => { clearInterval(timer); timer = null; } };
}
