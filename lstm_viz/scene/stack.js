// A stack of layers (lstm_viz/scene/stack.py): the grid, layers × steps, unrolled over time, and the Dense head's
// softmax. The input is the bottom row; each layer is a row (a Bidirectional layer two: forwards →, backwards ←);
// arrows go up where a layer hands its output on. With return_sequences off only the last output goes on (a backward
// cell's last is at step 0), and the rest is greyed. Clicking a node picks that layer's cell (the scene then draws
// its diagram, bars and equations) and goes to that step; a row's label picks the cell from the keyboard.

import { el, formatNumber, formatPercent, formatVector, svgEl } from "./format.js";

const STACK_LABEL_W = 190, STACK_ROW_H = 38, STACK_GAP = 30, STACK_TOP = 28, STACK_NODE_H = 30;

function columnWidth(steps) { return Math.max(12, Math.min(46, Math.floor(760 / steps))); }

// Rows bottom-up: the input, then each layer's directions (a Bidirectional layer: forwards above backwards).
function rowsOf(scene, spec) {
  const rows = [{ input: true }];
  spec.layers.forEach((layer, k) => {
    [...layer.cells].reverse().forEach((cell) => rows.push({ layer: k, cell, reverse: Boolean(scene.cells[cell].reverse) }));
  });
  return rows;
}

// The cell's h at grid column t (input time): a backward cell reached column t at its own step T−1−t.
function hAt(scene, index, t) {
  const cell = scene.cells[index];
  const s = cell.reverse ? scene.steps - 1 - t : t;
  return cell.values.h[s];
}

// Whether column t of a cell's row is handed on: every column with return_sequences; else the cell's last output.
function passed(scene, layer, index, t) {
  if (layer.return_sequences) return true;
  return t === (scene.cells[index].reverse ? 0 : scene.steps - 1);
}

export function defaultPick(spec) {
  return spec.layers[spec.layers.length - 1].cells[0];
}

// One stack's grid (``spec``: one of ``scene.stacks``); ``onPick(cell index, step or null)``.
export function buildStack(scene, spec, texts, onPick) {
  const words = scene.stack_texts;
  const steps = scene.steps;
  const cw = columnWidth(steps);
  const rows = rowsOf(scene, spec);
  const heightOf = (r) => STACK_TOP + (rows.length - 1 - r) * (STACK_ROW_H + STACK_GAP);  // y of row r's top (row 0 at the bottom)
  const width = STACK_LABEL_W + steps * cw + 8;
  const height = STACK_TOP + rows.length * (STACK_ROW_H + STACK_GAP) - STACK_GAP + 22;
  const svg = svgEl("svg", { class: "lv-stack-grid", viewBox: `0 0 ${width} ${height}`, role: "group",
    "aria-label": words.grid, style: `max-width: ${width}px` });
  const cursor = svgEl("rect", { class: "lv-stack-cursor", y: 0, width: cw, height: height - 18, rx: 4 });
  svg.append(cursor);
  // one scale for every layer's bars (the largest |h| fills half a box; a box's title gives the numbers)
  const own = spec.layers.flatMap((layer) => layer.cells);
  const largest = (rows) => { let m = 0; for (const row of rows) for (const v of row) m = Math.max(m, Math.abs(v)); return m; };
  const scale = Math.max(1e-9, ...own.map((n) => largest(scene.cells[n].values.h)));  // (a loop: no spread of 10⁵ numbers)
  const inputLimit = Math.max(1, largest(scene.x));
  const nodes = new Map();  // cell index → [node per column]
  const labels = new Map();

  // arrows up into each layer, from the row below it (the input, or the layer below's top row), with the shape
  // handed over; a column not handed on (return_sequences off) is greyed
  spec.layers.forEach((layer, k) => {
    const lowest = rows.findIndex((row) => row.layer === k);
    const from = k === 0 ? null : spec.layers[k - 1];
    const y1 = heightOf(lowest - 1), y2 = heightOf(lowest) + STACK_ROW_H;
    for (let t = 0; t < steps; t += 1) {
      const on = !from || from.cells.some((index) => passed(scene, from, index, t));
      const x = STACK_LABEL_W + t * cw + cw / 2;
      svg.append(svgEl("line", { x1: x, y1, x2: x, y2, class: on ? "lv-stack-up" : "lv-stack-up lv-stack-off" }));
    }
    svg.append(svgEl("text", { x: STACK_LABEL_W - 8, y: (y1 + y2) / 2 + 4, "text-anchor": "end", class: "lv-stack-shape",
      text: from ? from.hands : spec.input }));
  });
  const last = spec.layers[spec.layers.length - 1];
  svg.append(svgEl("text", { x: STACK_LABEL_W - 8, y: STACK_TOP - 8, "text-anchor": "end", class: "lv-stack-shape",
    text: `${last.hands}${spec.head ? " → Dense" : ""}` }));

  rows.forEach((row, r) => {
    const top = heightOf(r);
    const layer = row.input ? null : spec.layers[row.layer];
    const cell = row.input ? null : scene.cells[row.cell];
    const name = row.input ? words.input_row
      : `${layer.title}${layer.bidirectional ? ` ${row.reverse ? "←" : "→"}` : ""}`;
    const label = svgEl("g", row.input ? {} : { class: "lv-stack-label", tabindex: 0, role: "button",
      "aria-label": `${words.pick}: ${name}`, "data-cell": row.cell });
    label.append(svgEl("text", { x: 4, y: top + STACK_ROW_H / 2 + 4, text: name }));
    if (!row.input) {
      label.addEventListener("click", () => onPick(row.cell, null));
      label.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); event.stopPropagation(); onPick(row.cell, null); }
      });
      labels.set(row.cell, label);
    }
    svg.append(label);
    // the recurrence: an arrow between neighbouring steps, in the direction the cell reads
    if (!row.input) {
      for (let t = 0; cw >= 20 && t + 1 < steps; t += 1) {
        svg.append(svgEl("text", { x: STACK_LABEL_W + (t + 1) * cw, y: top + STACK_ROW_H / 2 + 4, "text-anchor": "middle",
          class: "lv-stack-carry", text: row.reverse ? "‹" : "›" }));
      }
    }
    const row_nodes = [];
    for (let t = 0; t < steps; t += 1) {
      const x = STACK_LABEL_W + t * cw + 2;
      const node = svgEl("g", { class: "lv-stack-node" + (layer && !passed(scene, layer, row.cell, t) ? " lv-stack-kept" : ""),
        "data-cell": row.input ? "x" : row.cell, "data-t": t });
      node.append(svgEl("rect", { x, y: top + (STACK_ROW_H - STACK_NODE_H) / 2, width: cw - 4, height: STACK_NODE_H, rx: 3 }));
      const values = row.input ? scene.x[t] : hAt(scene, row.cell, t);
      const shown = values.slice(0, 8);  // (GRID_UNITS in stack.py: the page says so for a wider layer)
      const bar = (cw - 6) / shown.length;
      const limit = row.input ? inputLimit : scale;
      shown.forEach((value, k) => {
        const size = Math.min(1, Math.abs(value) / limit) * (STACK_NODE_H / 2 - 2);
        const mid = top + STACK_ROW_H / 2;
        node.append(svgEl("rect", { x: x + 1 + k * bar, y: value >= 0 ? mid - size : mid, width: Math.max(1, bar - 1),
          height: Math.max(0.5, size), class: value >= 0 ? "lv-stack-pos" : "lv-stack-neg" }));
      });
      if (!row.input) {
        node.append(svgEl("title", { text: `${name}, t = ${t}: h = [${values.map((v) => formatNumber(v, scene.number, 2)).join("; ")}]` }));
        node.addEventListener("click", () => onPick(row.cell, t));
      } else {
        node.append(svgEl("title", { text: `x, t = ${t}` }));
      }
      svg.append(node);
      row_nodes.push(node);
    }
    if (!row.input) nodes.set(row.cell, row_nodes);
  });
  svg.append(svgEl("text", { x: STACK_LABEL_W, y: height - 4, class: "lv-stack-shape", text: `t = 0 … ${steps - 1}` }));

  const caption = el("p", { className: "lv-stack-caption" });
  const head = spec.head ? buildHead(scene, spec.head, words) : null;
  const title = spec.title ? [el("h2", { className: "lv-heading", text: spec.title })] : [];
  const grid = el("div", { className: "lv-stack-main" },
    el("div", { className: "lv-stack-scroll lv-scroll-keys", tabindex: 0, role: "region", "aria-label": words.grid }, svg), caption);
  const node = el("section", { className: "lv-stack", "aria-label": spec.title || words.grid },
    ...title, el("div", { className: "lv-stack-body" }, grid, ...(head ? [head.node] : [])));

  function update(t, picks) {
    const pick = picks.find((n) => own.includes(n));
    cursor.setAttribute("x", STACK_LABEL_W + t * cw);
    for (const [index, row] of nodes) row.forEach((n, k) => n.classList.toggle("lv-stack-picked", index === pick && k === t));
    for (const [index, label] of labels) label.classList.toggle("lv-stack-label-on", index === pick);
    const layer = spec.layers.find((item) => item.cells.includes(pick));
    const cell = scene.cells[pick];
    const out = layer.sequence[t];
    caption.textContent = `${cell.title}: ${words.reads} ${layer.reads} · ${layer.return_sequences ? words.passed : words.not_passed} ${layer.hands}`
      + ` · t = ${t}: ${formatVector(out, scene.number, 2, null, texts.vector_more)}` + (cell.reverse ? ` · ${words.backward}` : "");
    if (head) head.update(t);
  }
  return { node, update };
}

function buildHead(scene, spec, words) {
  const title = el("h2", { className: "lv-heading", text: `${words.head} ${spec.shape}` });
  const note = el("p", { className: "lv-stack-caption", text: spec.per_step ? words.head_step : words.head_last });
  const list = el("div", { className: "lv-stack-head", role: "list" });
  const bars = spec.labels.map((name) => {
    const fill = el("span", { className: "lv-stack-prob" });
    const value = el("span", { className: "lv-stack-prob-value" });
    list.append(el("div", { className: "lv-stack-class", role: "listitem" }, el("span", { text: name }),
      el("span", { className: "lv-stack-prob-track" }, fill), value));
    return { fill, value };
  });
  const node = el("div", { className: "lv-stack-head-box" }, title, note, list);
  function update(t) {
    const probabilities = spec.per_step ? spec.probabilities[t] : spec.probabilities;
    const best = probabilities.indexOf(Math.max(...probabilities));
    probabilities.forEach((p, k) => {
      bars[k].fill.style.width = `${(100 * p).toFixed(1)}%`;
      bars[k].fill.classList.toggle("lv-stack-best", k === best);
      bars[k].value.textContent = formatPercent(p, scene.number);
    });
  }
  return { node, update };
}

// The cells a stack's scene draws (scene.js asks): one picked per stack, each drawn on the input it read in its own
// order (a backward cell's step s read input step T−1−s), and in the input's time order for the charts, tables and
// sentences, so that two stacks, or a backward cell beside a forward one, share one time axis.
export function stackCells(scene, state) {
  const shape = scene.stacks.map((spec) => spec.layers.map((layer) => layer.cells.join(".")).join(",")).join("|");
  if (!(Array.isArray(state.picks) && state.stackShape === shape)) state.picks = scene.stacks.map(defaultPick);
  state.stackShape = shape;
  const timed = new Map();
  const reversed = (series) => (Array.isArray(series) ? series.slice().reverse() : series);
  const inTime = (n) => {
    const cell = scene.cells[n];
    if (!cell.reverse) return cell;
    if (!timed.has(n)) {
      const flip = (table) => Object.fromEntries(Object.entries(table || {}).map(([name, series]) => [name, reversed(series)]));
      const heat = cell.heat && Object.fromEntries(Object.entries(cell.heat).map(([name, levels]) =>
        [name, { ...levels, at: (t, u) => levels.at(levels.steps - 1 - t, u) }]));
      timed.set(n, { ...cell, x: reversed(cell.x), values: flip(cell.values), unpinned: flip(cell.unpinned), heat });
    }
    return timed.get(n);
  };
  const named = (n) => {  // (the charts' and tables' legends name a cell by its kind: here by its layer and stack)
    const cell = inTime(n);
    return { ...cell, kind_name: cell.title };
  };
  return {
    picks: () => state.picks,
    sceneOf: (n) => ({ ...scene, x: scene.cells[n].x, cells: [scene.cells[n]] }),
    localOf: (n, t) => (scene.cells[n].reverse ? scene.steps - 1 - t : t),
    timeScene: () => {
      const cells = state.picks.map(scene.stacks.length > 1 ? named : inTime);
      return { ...scene, x: cells[0].x, cells };
    },
    pick: (side, n) => { state.picks = state.picks.map((p, k) => (k === side ? n : p)); },
  };
}
