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
// A value strictly between −1 and 1 that would round to 0 or ±1 (with 1 or more digits asked) gets more digits (up to MORE_DIGITS more): a gate
// of 0.9975 is 0.998, not 1.00, and 0.004 is not 0.00; past that it is marked ≈ (≈1.00). In Russian an exponent is
// written 4,0·10⁻⁴ (in English 4.0e-4).
const MORE_DIGITS = 3;
const SUPERSCRIPTS = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074", 5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };

function atBound(value, digits, bound) {
  const rounded = Number(Math.abs(value).toFixed(digits));
  return rounded === 0 || rounded === bound;
}

// How many digits show that a value in (−1, 1) is not 0 or ±1 (scale: 100 for a percentage).
function digitsNearBounds(value, digits, scale = 1) {
  const share = Math.abs(value) / scale;
  if (!(share > 0 && share < 1)) return digits;
  let shown = digits;
  while (shown < digits + MORE_DIGITS && atBound(value, shown, scale)) shown += 1;
  return shown;
}

function exponential(value, number) {
  const [mantissa, power] = value.toExponential(1).split("e");
  if (number.decimal !== ",") return value.toExponential(1);
  const exponent = String(Number(power)).replace(/./g, (ch) => SUPERSCRIPTS[ch]);
  return mantissa + "\u00b710" + exponent;
}

export function formatNumber(value, number, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (value === Infinity || value === -Infinity) return value > 0 ? "\u221e" : "\u2212\u221e";  // not "Infinity"
  if (Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0 && digits <= 3)) {
    return exponential(value, number).replace(".", number.decimal).replace(/^-/, "\u2212");
  }
  const shown = digits > 0 ? digitsNearBounds(value, digits) : 0;  // digits = 0: whole numbers asked for
  let text = value.toFixed(shown);
  const approximate = shown > digits && Math.abs(value) < 1 && atBound(value, shown, 1);
  if (approximate) text = value.toFixed(digits);
  if (/^-0[.,]?0*$/.test(text)) text = text.slice(1);
  text = text.replace(".", number.decimal).replace(/^-/, "\u2212");
  return approximate ? "\u2248" + text : text;
}

// A share as a percentage: whole percents, but 99.8 % (not 100 %) for a gate of 0.998, and 0.4 % (not 0 %) for
// 0.004; a share closer still to 0 or 1 than 0.001 % is marked ≈ (≈100 %).
export function formatPercent(value, number) {
  const sign = number.decimal === "," ? "\u00a0%" : "%";
  const percent = 100 * value;
  const shown = value > 0 ? digitsNearBounds(percent, 0, 100) : 0;
  const approximate = shown > 0 && value > 0 && value < 1 && atBound(percent, shown, 100);
  let text = percent.toFixed(approximate ? 0 : shown);
  if (/^-0[.,]?0*$/.test(text)) text = text.slice(1);
  text = text.replace(".", number.decimal).replace(/^-/, "\u2212");
  return (approximate ? "\u2248" : "") + text + sign;
}

// A vector: [0.12, −0.50] (English) or [0,12; −0,50] (Russian); long ones shortened, with their length.
// A vector: all of it up to six values, else its first three and how many it has in all ("[1, 2, 3, …] (first 3
// of 64)" with the scene's ``more`` template; ``total`` when the values handed over are already a part of it).
export function formatVector(values, number, digits = 2, total = null, more = null) {
  if (!Array.isArray(values)) return formatNumber(values, number, digits);
  if (values.length === 1 && !(total > 1)) return formatNumber(values[0], number, digits);
  const all = total && total > values.length ? total : values.length;
  const shown = values.length > 6 ? values.slice(0, 3) : values;
  const items = shown.map((v) => formatNumber(v, number, digits));
  if (shown.length === all) return "[" + items.join(number.list) + "]";
  items.push("\u2026");
  const note = more ? fillTemplate(more, { shown: shown.length, total: all }) : String(all);
  return "[" + items.join(number.list) + "] (" + note + ")";
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
export function divergingRGB(value, limit = 1) {
  const s = Math.max(-1, Math.min(1, value / (limit || 1)));
  const grey = [181, 181, 181];
  const end = s < 0 ? [33, 102, 172] : [230, 97, 1];
  const a = Math.abs(s);
  return grey.map((g, k) => Math.round(g + (end[k] - g) * a));
}

export function divergingColor(value, limit = 1) {
  return `rgb(${divergingRGB(value, limit).join(",")})`;
}

// A sequential colour for values in [0, 1] (cividis-like, readable in grey too).
export function sequentialRGB(value) {
  const s = Math.max(0, Math.min(1, value));
  const stops = [[0, 32, 76], [65, 77, 107], [124, 123, 120], [188, 175, 111], [255, 233, 69]];
  const position = s * (stops.length - 1);
  const k = Math.min(Math.floor(position), stops.length - 2);
  const f = position - k;
  return stops[k].map((c, j) => Math.round(c + (stops[k + 1][j] - c) * f));
}

export function sequentialColor(value) {
  return `rgb(${sequentialRGB(value).join(",")})`;
}

function bytesOf(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let k = 0; k < raw.length; k++) bytes[k] = raw.charCodeAt(k);
  return bytes;
}

// A large array the page sent packed (lstm_viz/scene/numbers.py `packed`): float32s in base64 and a shape, back
// into nested arrays of numbers.
function nested(values, shape, offset = 0) {
  if (shape.length === 1) return Array.from(values.subarray(offset, offset + shape[0]));
  const size = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0] }, (_, k) => nested(values, shape.slice(1), offset + k * size));
}

export function unpack(value) {
  if (Array.isArray(value)) return value.map(unpack);
  if (!value || typeof value !== "object") return value;
  if (typeof value.f32 === "string") return nested(new Float32Array(bytesOf(value.f32).buffer), value.shape);
  const out = {};
  for (const [key, item] of Object.entries(value)) out[key] = key === "heat" ? levelsOf(item) : unpack(item);
  return out;
}

// A heatmap's colour levels (numbers.py `levels`): per name, {shape: [T, u], at(t, u)} with at() approximate.
function levelsOf(heat) {
  const out = {};
  for (const [name, item] of Object.entries(heat || {})) {
    const bytes = bytesOf(item.u8), [steps, units] = item.shape, span = (item.high - item.low) / 255;
    out[name] = { steps, units, at: (t, u) => item.low + bytes[t * units + u] * span };
  }
  return out;
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
