// The cell diagram: drawn once from the kind's declaration (boxes, operations, wires on a 12 × 7 canvas, y up),
// then updated in place at every step: each wire's colour, width and label come from the trace.

import { divergingColor, fillTemplate, formatNumber, formatVector, subscripted, svgEl } from "./format.js";

const CANVAS_W = 12, CANVAS_H = 7, SCALE = 100;

function px(x) { return x * SCALE; }
function py(y) { return (CANVAS_H - y) * SCALE; }

// The value a wire carries at step t for the shown unit: a number, or for x with several features, the vector. In
// backward mode, ∂L/∂ that value (lstm_viz.backward, read from the payload's "grads").
function wireValue(scene, cell, name, t, unit, back) {
  if (name === "x") {
    const row = back ? cell.grads.x[t] : scene.x[t];
    return row.length === 1 ? row[0] : row;
  }
  const series = back ? cell.grads[name] : cell.values[name];
  return series ? series[t][unit] : null;
}

// A gradient's size on a log scale: 10⁻⁴ or less is 0, 1 or more is 1 (what the wire's width and colour show).
export function gradientLevel(value) {
  const size = Math.abs(value);
  return size > 0 ? Math.max(0, Math.min(1, (Math.log10(size) + 4) / 4)) : 0;
}

function deltaLabel(label) {
  return /[⊙·( ]/.test(label) ? `δ(${label})` : `δ${label}`;
}

function arrowHead(points, width) {
  const [x0, y0] = points[points.length - 2];
  const [x1, y1] = points[points.length - 1];
  const angle = Math.atan2(py(y1) - py(y0), px(x1) - px(x0));
  const size = 7 + width * 1.3;
  const tip = [px(x1), py(y1)];
  const left = [tip[0] - size * Math.cos(angle - 0.45), tip[1] - size * Math.sin(angle - 0.45)];
  const right = [tip[0] - size * Math.cos(angle + 0.45), tip[1] - size * Math.sin(angle + 0.45)];
  return [tip, left, right].map((p) => p.join(",")).join(" ");
}

export function buildDiagram(scene, cell, texts) {
  const number = scene.number;
  const back = Boolean(scene.backward && cell.grads);  // the gradients flow from right to left
  const parts = Object.fromEntries(cell.parts.map((p) => [p.name, p]));
  const svg = svgEl("svg", {
    viewBox: `0 0 ${CANVAS_W * SCALE} ${CANVAS_H * SCALE}`,
    className: back ? "lv-diagram lv-back" : "lv-diagram",
    role: "img",
    "aria-label": cell.title,
  });
  const [fx0, fy0, fx1, fy1] = cell.diagram.frame;
  svg.append(svgEl("rect", {
    x: px(fx0), y: py(fy1), width: px(fx1 - fx0), height: px(fy1 - fy0), rx: 18, className: "lv-frame",
  }));
  const stepLabel = svgEl("text", { x: px(fx0) + 14, y: py(fy1) + 30, className: "lv-diagram-step" });
  svg.append(stepLabel);

  const wires = [];
  const labels = svgEl("g");
  for (const wire of cell.diagram.wires) {
    const points = wire.points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ");
    const line = svgEl("polyline", { points, fill: "none", className: "lv-wire" + (wire.dash ? " lv-dash" : "") });
    const head = wire.arrow || (back && wire.value) ? svgEl("polygon", { className: "lv-arrow" }) : null;
    const title = svgEl("title");
    line.append(title);
    svg.append(line);
    if (head) svg.append(head);
    let label = null;
    if (wire.label && wire.at) {
      const [x, y] = wire.at;
      const text = svgEl("text", {
        x: px(x), y: py(y), className: "lv-wire-label", "text-anchor": wire.anchor, "dominant-baseline": "middle",
      });
      const name = svgEl("tspan");
      name.append(...subscripted(back && wire.value ? deltaLabel(wire.label) : wire.label, true));
      const value = svgEl("tspan", { className: "lv-wire-value" });
      // a white halo (CSS paint-order) keeps it readable over wires; a wire with no one number (mLSTM's matrix C)
      // is named only
      text.append(...(wire.value ? [name, svgEl("tspan", { text: " = " }), value] : [name]));
      labels.append(text);
      label = { text, value };
    }
    wires.push({ wire, line, head, title, label });
  }

  for (const box of cell.diagram.boxes) {
    const part = parts[box.part];
    const group = svgEl("g", { className: "lv-box" + (part.pinned ? " lv-pinned" : "") });
    group.append(svgEl("rect", {
      x: px(box.x - 0.45), y: py(box.y + 0.3), width: px(0.9), height: px(0.6), rx: 8, fill: part.color,
    }));
    group.append(svgEl("text", {
      x: px(box.x), y: py(box.y), className: "lv-box-label", "text-anchor": "middle", "dominant-baseline": "central",
      text: part.function, fill: part.on,
    }));
    const name = svgEl("text", {
      x: px(box.x + 0.05), y: py(box.y - 0.5), className: "lv-box-name", fill: part.ink, "text-anchor": "middle",
      text: part.word + (part.pinned ? " *" : ""),
    });
    group.append(name, svgEl("title", { text: `${part.symbol}: ${part.word}` + (part.pinned ? ` (${texts.pinned})` : "") }));
    svg.append(group);
  }
  for (const op of cell.diagram.ops) {
    const wide = op.symbol.length > 2;
    const group = svgEl("g", { className: "lv-op" });
    group.append(wide
      ? svgEl("ellipse", { cx: px(op.x), cy: py(op.y), rx: px(0.45), ry: px(0.3) })
      : svgEl("circle", { cx: px(op.x), cy: py(op.y), r: px(0.25) }));
    group.append(svgEl("text", {
      x: px(op.x), y: py(op.y), "text-anchor": "middle", "dominant-baseline": "central", text: op.symbol,
      className: wide ? "lv-op-word" : "lv-op-symbol",
    }));
    svg.append(group);
  }
  svg.append(labels);
  if (cell.parts.some((p) => p.pinned)) {
    svg.append(svgEl("text", { x: px(10.1), y: py(0.25), className: "lv-note", text: "* " + texts.pinned }));
  }

  function update(t, unit) {
    svg.dataset.t = String(t);
    // (a stack's backward cell: its own step, and the input step it reads, scene/stack.py's template)
    const step = cell.step_template ? fillTemplate(cell.step_template, { s: t, t: scene.steps - 1 - t }) : `t = ${t}`;
    stepLabel.textContent = `${cell.title} \u00b7 ${step}` + (back ? ` \u00b7 ${texts.backward}` : "");
    for (const item of wires) {
      const value = item.wire.value ? wireValue(scene, cell, item.wire.value, t, unit, back) : 0;
      const scalar = Array.isArray(value) ? 0 : value;
      let color = item.wire.value && !Array.isArray(value) ? divergingColor(scalar) : "#9a9a9a";
      let width = 2.5 + 3.5 * Math.min(Math.abs(scalar), 1);
      if (back && item.wire.value && !Array.isArray(value)) {
        const level = gradientLevel(scalar);
        color = divergingColor(Math.sign(scalar) * level);
        width = 1.5 + 5 * level;
      }
      item.line.setAttribute("stroke", color);
      item.line.setAttribute("stroke-width", width);
      if (item.head) {
        item.head.setAttribute("points", arrowHead(back ? [...item.wire.points].reverse() : item.wire.points, width));
        item.head.setAttribute("fill", color);
      }
      const shown = Array.isArray(value) ? formatVector(value, number, 2, null, texts.vector_more) : formatNumber(value, number);
      const label = item.wire.label || item.wire.value;
      item.title.textContent = item.wire.value ? `${back ? deltaLabel(label) : label} = ${shown}` : "";
      if (item.label && item.wire.value) item.label.value.textContent = shown;
    }
  }
  return { node: svg, update };
}
