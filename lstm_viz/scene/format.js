// Numbers and texts in the page's language, and small DOM helpers (no HTML string is ever parsed: every text
// goes in through textContent or createTextNode).

const SVG_NS = "http://www.w3.org/2000/svg";
export const MATH_NS = "http://www.w3.org/1998/Math/MathML";

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  for (const child of children) node.append(child);
  return node;
}

export function svgEl(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  for (const child of children) node.append(child);
  return node;
}

export function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.setAttribute("class", value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
}

// A number as the page's language writes it: 0.59 or 0,59; a typographic minus; no "−0.00"; no number: "–".
export function formatNumber(value, number, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (value === Infinity || value === -Infinity) return value > 0 ? "\u221e" : "\u2212\u221e";  // not "Infinity"
  let text = Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0 && digits <= 3)
    ? value.toExponential(1)
    : value.toFixed(digits);
  if (/^-0[.,]?0*$/.test(text)) text = text.slice(1);
  text = text.replace(".", number.decimal);
  return text.replace(/^-/, "\u2212");
}

export function formatPercent(value, number) {
  return formatNumber(100 * value, number, 0) + (number.decimal === "," ? "\u00a0%" : "%");
}

// A vector: [0.12, −0.50] (English) or [0,12; −0,50] (Russian); long ones shortened, with their length.
export function formatVector(values, number, digits = 2) {
  if (!Array.isArray(values)) return formatNumber(values, number, digits);
  if (values.length === 1) return formatNumber(values[0], number, digits);
  const shown = values.length > 6 ? values.slice(0, 3) : values;
  const items = shown.map((v) => formatNumber(v, number, digits));
  if (values.length > 6) items.push(`\u2026 (${values.length})`);
  return "[" + items.join(number.list) + "]";
}

// "Step t = {t} of {last}" with values put in as text.
export function fillTemplate(template, values) {
  return template.replace(/\{([a-z_]+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

// Markdown's **bold** and *italic* as elements; everything else as text.
export function richText(text) {
  const fragment = document.createDocumentFragment();
  const pattern = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) fragment.append(document.createTextNode(text.slice(last, match.index)));
    fragment.append(el(match[1] !== undefined ? "strong" : "em", { text: match[1] ?? match[2] }));
    last = match.index + match[0].length;
  }
  if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

// The colour of a wire carrying `value`: grey near 0, blue towards −1, orange towards +1 (no red/green).
export function divergingColor(value, limit = 1) {
  const s = Math.max(-1, Math.min(1, value / (limit || 1)));
  const grey = [181, 181, 181];
  const end = s < 0 ? [33, 102, 172] : [230, 97, 1];
  const a = Math.abs(s);
  return `rgb(${grey.map((g, k) => Math.round(g + (end[k] - g) * a)).join(",")})`;
}

// A sequential colour for values in [0, 1] (cividis-like, readable in grey too).
export function sequentialColor(value) {
  const s = Math.max(0, Math.min(1, value));
  const stops = [[0, 32, 76], [65, 77, 107], [124, 123, 120], [188, 175, 111], [255, 233, 69]];
  const position = s * (stops.length - 1);
  const k = Math.min(Math.floor(position), stops.length - 2);
  const f = position - k;
  return `rgb(${stops[k].map((c, j) => Math.round(c + (stops[k + 1][j] - c) * f)).join(",")})`;
}

// A label with subscripts written as c_{t−1}: text and <tspan> subscripts (SVG) or <sub> (HTML).
export function subscripted(label, svg) {
  const parts = [];
  const pattern = /_\{([^}]*)\}/g;
  let last = 0;
  for (const match of label.matchAll(pattern)) {
    if (match.index > last) parts.push([label.slice(last, match.index), false]);
    parts.push([match[1], true]);
    last = match.index + match[0].length;
  }
  if (last < label.length) parts.push([label.slice(last), false]);
  return parts.map(([text, sub]) => {
    if (!svg) return sub ? el("sub", { text }) : document.createTextNode(text);
    if (!sub) return svgEl("tspan", { text });
    return svgEl("tspan", { text, "baseline-shift": "sub", "font-size": "75%" });
  });
}

// A colour darkened until text in it reads on the scene's light backgrounds (≥ 4.6:1 on #f0f0f0), as
// lstm_viz/scene/contrast.py's ink does for the parts' colours (the charts' own colours come here).
export function textInk(color) {
  const match = /^#([0-9a-f]{6})$/i.exec(color || "");
  if (!match) return color;
  const rgb = [0, 2, 4].map((k) => parseInt(match[1].slice(k, k + 2), 16) / 255);
  const lum = (c) => { const l = c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)); return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
  const background = lum([240 / 255, 240 / 255, 240 / 255]);
  for (let step = 0; step <= 100; step += 1) {
    const c = rgb.map((v) => Math.round(v * (1 - step / 100) * 255) / 255);
    if ((background + 0.05) / (lum(c) + 0.05) >= 4.6) return "#" + c.map((v) => Math.round(v * 255).toString(16).padStart(2, "0")).join("");
  }
  return "#000000";
}
