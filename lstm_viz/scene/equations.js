// The cell's equations as MathML (Chromium draws it natively): the general form, then the same line with this
// step's numbers. Trees come compiled from Python (lstm_viz/mathml.py); numbers go in as text at every step.

import { MATH_NS, el, formatNumber, formatPercent, formatVector, richText } from "./format.js";

function mathNode(tree, holders, context) {
  const [tag, ...rest] = tree;
  if (tag === "ph") {
    const node = document.createElementNS(MATH_NS, "mn");
    holders.push({ node, name: rest[0], wrap: context.afterOperator });
    return node;
  }
  if (tag === "tk") {
    const row = document.createElementNS(MATH_NS, "mrow");
    row.append(mathLeaf("mi", "t"));
    if (context.units > 1) row.append(mathLeaf("mo", ","), mathLeaf("mn", String(context.unitNumber)));
    return row;
  }
  if (tag === "mi" || tag === "mo" || tag === "mn" || tag === "mtext") return mathLeaf(tag, rest[0]);
  const node = document.createElementNS(MATH_NS, tag);
  let afterOperator = false;
  for (const child of rest) {
    node.append(mathNode(child, holders, { ...context, afterOperator }));
    afterOperator = child[0] === "mo" && ["·", "×", "+", "−", "⊙"].includes(child[1]);
  }
  return node;
}

function mathLeaf(tag, text) {
  const node = document.createElementNS(MATH_NS, tag);
  node.textContent = text;
  if (tag === "mi" && text.length > 1) node.setAttribute("mathvariant", "normal");
  return node;
}

function mathLine(tree, holders, context, display) {
  const math = document.createElementNS(MATH_NS, "math");
  if (display) math.setAttribute("display", "block");
  math.append(mathNode(tree, holders, context));
  return math;
}

// A value of the step by its name: in backward mode "d_<name>" is ∂L/∂<name>, "later_<state>" and "loss_<state>" the
// two shares of a state's gradient (all from the payload's "grads": nothing is computed here).
function gradientValue(cell, name, t, unit) {
  const key = name.startsWith("d_") ? name.slice(2) : name;
  const series = cell.grads && cell.grads[key];
  if (!series) return undefined;
  if (key === "x") return series[t].length === 1 ? series[t][0] : series[t];
  return series[t][unit];
}

function isGradient(name) { return /^(d|later|loss)_/.test(name); }

// A step's values of the units sent in order from the first (a large layer sends its first three and the drawn one:
// a vector written from them is the layer's first three of all its units).
function inOrder(cell, row) {
  const gap = cell.shown.findIndex((u, k) => u !== k);
  return gap < 0 ? row : row.slice(0, gap);
}

function placeholderValue(scene, cell, name, t, unit) {
  if (isGradient(name)) return { value: gradientValue(cell, name, t, unit) };
  if (name === "x") return { value: scene.x[t].length === 1 ? scene.x[t][0] : scene.x[t] };
  if (name === "H") {
    const row = inOrder(cell, cell.values.h_prev[t]);
    return { value: row.length === 1 && cell.units === 1 ? row[0] : row, total: cell.units };
  }
  if (name.startsWith("would:")) return { value: cell.unpinned[name.slice(6)][t][unit] };
  if (name.includes(".")) {
    const value = cell.weights[name][unit];
    return { value: Array.isArray(value) && value.length === 1 ? value[0] : value, total: name.startsWith("U.") ? cell.units : null };
  }
  return { value: cell.values[name][t][unit] };
}

export function buildEquations(scene, cell, texts) {
  const number = scene.number;
  const back = Boolean(scene.backward && cell.back_equations);
  const parts = Object.fromEntries(cell.parts.map((p) => [p.name, p]));
  // (focusable: a long vector makes it scroll sideways, and a keyboard user must reach it; ← → then scroll it)
  const box = el("div", { className: "lv-equations lv-scroll-keys" + (back ? " lv-backward" : ""), tabindex: 0, role: "region",
    "aria-label": texts.equations });
  let holders = [];
  let rows = [];

  function build(unit) {
    box.replaceChildren();
    holders = [];
    const context = { units: cell.units, unitNumber: cell.shown[unit] + 1, afterOperator: false };
    for (const equation of back ? cell.back_equations : cell.equations) {
      const part = back ? null : parts[equation.part];  // (backward: δ of a pinned part is still what it would do)
      let numbers = equation.numbers;
      if (part && part.pinned) {
        numbers = ["mrow", ["mo", "="], ["ph", equation.part],
          ["mtext", `\u2003(${texts.pinned}; ${texts.would_give}\u00a0`], ["mi", part.function], ["mo", "("],
          ["ph", `pre_${equation.part}`], ["mo", ")"], ["mo", "="], ["ph", `would:${equation.part}`], ["mtext", ")"]];
      }
      const row = el("div", { className: "lv-eq" + (part && part.pinned ? " lv-eq-pinned" : "") });
      row.append(mathLine(equation.general, holders, context, false), mathLine(numbers, holders, context, false));
      box.append(row);
    }
    if (back && cell.parts.some((p) => p.pinned)) box.append(el("p", { className: "lv-note-line", text: "* " + texts.backward_pinned }));
    rows = holders;
  }

  let builtFor = null;
  function update(t, unit) {
    if (builtFor !== unit) { build(unit); builtFor = unit; }
    for (const holder of rows) {
      const { value, total } = placeholderValue(scene, cell, holder.name, t, unit);
      let text = Array.isArray(value) ? formatVector(value, number, 2, total, texts.vector_more) : formatNumber(value, number);
      if (!Array.isArray(value) && holder.wrap && value < 0 && text !== "0" + number.decimal + "00") text = `(${text})`;
      holder.node.textContent = text;
    }
  }
  return { node: box, update };
}

// The plain-language notes of the step: templates with {part} and {part%}, filled with this step's values (in
// backward mode the kind's backward notes, where {d_part} is ∂L/∂part).
export function buildNotes(scene, cell, texts) {
  const number = scene.number;
  const back = Boolean(scene.backward && cell.back_notes);
  const parts = Object.fromEntries(cell.parts.map((p) => [p.name, p]));
  const box = el("div", { className: "lv-notes" });
  const items = (back ? cell.back_notes : cell.notes).map((note) => {
    const paragraph = el("p", { className: "lv-note-line" });
    box.append(paragraph);
    return { note, paragraph };
  });
  function update(t, unit) {
    for (const { note, paragraph } of items) {
      const text = note.template.replace(/\{([a-z_]+)(%?)\}/g, (match, name, percent) => {
        if (isGradient(name)) {
          const value = gradientValue(cell, name, t, unit);
          return value === undefined ? match : formatNumber(value, number);
        }
        const series = cell.values[name];
        if (!series) return match;
        const value = series[t][unit];
        const shown = percent ? formatPercent(value, number) : formatNumber(value, number);
        return parts[name] && parts[name].pinned && !percent ? `${shown} *(${texts.pinned})*` : shown;
      });
      paragraph.replaceChildren(richText(text));
    }
  }
  return { node: box, update };
}

// One line of text with every shown number of the step (for screen readers, and for the projector's back row).
export function summaryText(scene, cell, t, unit) {
  const number = scene.number;
  const symbols = Object.fromEntries(cell.parts.map((p) => [p.name, p.symbol]));
  const x = (cell.x || scene.x)[t];  // (a stack's cell: the input it read, in the input's time order)
  const more = scene.texts && scene.texts.vector_more;
  const items = [`t = ${t}`, `x = ${x.length === 1 ? formatNumber(x[0], number) : formatVector(x, number, 2, null, more)}`];
  for (const name of cell.summary) {
    const row = inOrder(cell, cell.values[name][t]);
    items.push(`${symbols[name]} = ${cell.units === 1 ? formatNumber(row[0], number) : formatVector(row, number, 2, cell.units, more)}`);
  }
  return items.join(number.list);
}
