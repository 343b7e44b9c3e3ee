// The gates (and candidates) of the step as bars, one panel per part, each over the part's whole range.

import { formatNumber, setAttributes, svgEl } from "./format.js";

const BAR_PANEL_W = 170, BAR_PANEL_H = 300, BAR_TOP = 64, BAR_BOTTOM = 28, MAX_BAR_UNITS = 8;

export function buildBars(scene, cell, texts) {
  const number = scene.number;
  const bars = cell.parts.filter((p) => p.bar);
  const slots = Math.max(bars.length, 4);  // fewer panels stay panel-sized and centred, as wide as an LSTM's
  const svg = svgEl("svg", {
    viewBox: `0 0 ${BAR_PANEL_W * slots} ${BAR_PANEL_H}`, className: "lv-bars", role: "img",
    "aria-label": bars.map((p) => p.symbol).join(", "),
  });
  const offset = (BAR_PANEL_W * (slots - bars.length)) / 2;
  const many = cell.shown.length > MAX_BAR_UNITS;
  const panels = [];
  bars.forEach((part, n) => {
    const x0 = offset + n * BAR_PANEL_W;
    const inner = BAR_PANEL_H - BAR_TOP - BAR_BOTTOM;
    const y = (v) => BAR_TOP + inner * (1 - (v - part.low) / (part.high - part.low || 1));
    const group = svgEl("g", { className: "lv-bar-panel" });
    group.append(svgEl("rect", {
      x: x0 + 14, y: y(part.high), width: BAR_PANEL_W - 28, height: y(part.low) - y(part.high), fill: part.color,
      opacity: 0.08,
    }));
    const title = svgEl("text", { x: x0 + BAR_PANEL_W / 2, y: 20, "text-anchor": "middle", className: "lv-bar-title" });
    title.append(svgEl("tspan", { text: part.symbol, fill: part.ink, "font-weight": 700 }));
    title.append(svgEl("tspan", {
      text: ` \u2208 (${formatNumber(part.low, number, part.low % 1 ? 1 : 0)}, ${formatNumber(part.high, number, part.high % 1 ? 1 : 0)})`,
    }));
    group.append(title);
    if (part.pinned) group.append(svgEl("text", {
      x: x0 + BAR_PANEL_W / 2, y: 38, "text-anchor": "middle", className: "lv-note", text: texts.pinned,
    }));
    if (part.low < 0 && part.high > 0) {
      group.append(svgEl("line", { x1: x0 + 10, x2: x0 + BAR_PANEL_W - 10, y1: y(0), y2: y(0), className: "lv-zero" }));
    }
    const units = many ? [cell.unit] : cell.shown.map((_, k) => k);
    const slot = (BAR_PANEL_W - 28) / units.length;
    const items = units.map((k, j) => {
      const cx = x0 + 14 + slot * (j + 0.5);
      const rect = svgEl("rect", {
        x: cx - Math.min(slot * 0.32, 22), width: 2 * Math.min(slot * 0.32, 22), fill: part.color,
        className: part.pinned ? "lv-bar lv-hatched" : "lv-bar",
      });
      const label = svgEl("text", { x: cx, "text-anchor": "middle", className: "lv-bar-value" });
      const unitLabel = svgEl("text", {
        x: cx, y: BAR_PANEL_H - 8, "text-anchor": "middle", className: "lv-axis",
        text: cell.shown.length > 1 ? `u${cell.shown[k] + 1}` : "",
      });
      const tip = svgEl("title");
      rect.append(tip);
      group.append(rect, label, unitLabel);
      return { k, rect, label, tip };
    });
    svg.append(group);
    panels.push({ part, y, items });
  });

  function update(t, unit) {
    for (const panel of panels) {
      for (const item of panel.items) {
        const k = many ? unit : item.k;
        const value = cell.values[panel.part.name][t][k];
        const top = panel.y(Math.max(value, Math.max(panel.part.low, 0)));
        const bottom = panel.y(Math.min(value, Math.max(panel.part.low, 0)));
        setAttributes(item.rect, { y: top, height: Math.max(bottom - top, 1) });
        item.rect.classList.toggle("lv-selected", k === unit && cell.shown.length > 1);
        item.label.textContent = formatNumber(value, number);
        item.label.setAttribute("y", value >= 0 ? top - 6 : bottom + 16);
        item.tip.textContent = `${panel.part.symbol} u${cell.shown[k] + 1}: ${formatNumber(value, number, 3)}`;
      }
    }
  }
  return { node: svg, update };
}
