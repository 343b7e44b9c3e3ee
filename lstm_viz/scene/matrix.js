// A matrix-valued state of the step (mLSTM's memory C, linear attention's S) as a u × u heatmap with its numbers:
// rows are the values' components, columns the keys'. One colour scale over every step, so a write shows as a
// change of colour; redrawn at each step from the trace, like the bars.

import { divergingColor, formatNumber, setAttributes, svgEl, textInk } from "./format.js";

// Black or white, whichever reads better on an rgb(…) fill (WCAG's relative luminance).
function inkOn(fill) {
  const [r, g, b] = (fill.match(/\d+/g) || [0, 0, 0]).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? "#000000" : "#ffffff";
}

const M_CELL = 46, M_LEFT = 34, M_TOP = 44, M_GAP = 26;

export function buildMatrices(scene, cell, texts) {
  const number = scene.number;
  const names = cell.matrices || [];
  const size = Math.round(Math.sqrt(names.length ? cell.values[names[0]][0].length : 1));
  const grid = M_LEFT + size * M_CELL + M_GAP;
  const width = Math.max(names.length * grid, 320), height = M_TOP + size * M_CELL + 10;
  const svg = svgEl("svg", { viewBox: `0 0 ${Math.max(width, 1)} ${height}`, className: "lv-matrices", role: "img",
    "aria-label": names.map((name) => cell.parts.find((p) => p.name === name)?.word || name).join(", ") });
  const grids = names.map((name, n) => {
    const part = cell.parts.find((p) => p.name === name) || { symbol: name, word: name, color: "#555555" };
    const limit = Math.max(...cell.values[name].flat().map(Math.abs), 1e-12);
    const x0 = (width - names.length * grid) / 2 + n * grid + M_LEFT;
    const title = svgEl("text", { x: x0 + (size * M_CELL) / 2, y: 16, className: "lv-bar-title", "text-anchor": "middle" });
    title.append(svgEl("tspan", { text: part.symbol, fill: textInk(part.color), "font-weight": 700 }));
    title.append(svgEl("tspan", { text: ` ${part.word} (${size} \u00d7 ${size})` }));
    svg.append(title);
    for (let a = 0; a < size; a++) {
      svg.append(svgEl("text", { x: x0 - 6, y: M_TOP + (a + 0.5) * M_CELL, className: "lv-axis", "text-anchor": "end",
        "dominant-baseline": "middle", text: `v${a + 1}` }));
      svg.append(svgEl("text", { x: x0 + (a + 0.5) * M_CELL, y: M_TOP - 6, className: "lv-axis", "text-anchor": "middle",
        text: `k${a + 1}` }));
    }
    const items = [];
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < size; b++) {
        const rect = svgEl("rect", { x: x0 + b * M_CELL, y: M_TOP + a * M_CELL, width: M_CELL - 2, height: M_CELL - 2, rx: 4 });
        const label = svgEl("text", { x: x0 + (b + 0.5) * M_CELL - 1, y: M_TOP + (a + 0.5) * M_CELL, "text-anchor": "middle",
          "dominant-baseline": "middle", className: "lv-matrix-value" });
        const tip = svgEl("title");
        rect.append(tip);
        svg.append(rect, label);
        items.push({ index: a * size + b, a, b, rect, label, tip });
      }
    }
    return { name, part, limit, items };
  });

  function update(t) {
    for (const grid of grids) {
      const row = cell.values[grid.name][t];
      for (const item of grid.items) {
        const value = row[item.index];
        const fill = divergingColor(value, grid.limit);
        setAttributes(item.rect, { fill });
        item.label.textContent = formatNumber(value, number);
        item.label.setAttribute("fill", inkOn(fill));
        item.tip.textContent = `${grid.part.symbol}[${item.a + 1}, ${item.b + 1}] (t = ${t}) = ${formatNumber(value, number, 3)}`;
      }
    }
  }
  return { node: svg, update };
}
