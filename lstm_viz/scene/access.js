// What the scene says without pictures: one sentence per step in a polite live region (a screen reader hears the
// step change), and the numbers of the diagram, bars and charts as tables. Read from the trace, like every view.

import { el, fillTemplate, formatNumber, formatPercent, formatVector } from "./format.js";

const visuallyHidden = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;";

function partValue(cell, name, t, unit) {
  const series = cell.values[name];
  return series ? series[t][unit] : null;
}

// "Step 5 of 29: forget gate 0.97 keeps 97 % of c; input gate 0.02; …; c = 0.84; h = 0.61"
export function liveSentence(scene, cells, units, t, texts) {
  const number = scene.number;
  return cells.map((cell, n) => {
    const unit = units[n];
    const items = cell.parts.filter((part) => part.bar).map((part) => {
      const value = partValue(cell, part.name, t, unit);
      const values = { word: part.word, value: formatNumber(value, number), percent: formatPercent(value, number) };
      return fillTemplate(part.name === "f" && cell.states.includes("c") ? texts.live_keeps : texts.live_part, values);
    });
    for (const state of cell.states.filter((s) => !(cell.matrices || []).includes(s))) items.push(`${state} = ${formatNumber(partValue(cell, state, t, unit), number)}`);
    const sentence = fillTemplate(texts.live_step, { t, last: scene.steps - 1, parts: items.join("; ") });
    return (cells.length > 1 ? `${cell.kind_name}. ` : "") + sentence;
  }).join(" | ");
}

export function buildLiveRegion() {
  const node = el("p", { className: "lv-live", role: "status", "aria-live": "polite", "aria-atomic": "true", style: visuallyHidden });
  let count = 0;
  return {
    node,
    say(text) { if (node.textContent !== text) { node.textContent = text; count += 1; node.dataset.updates = String(count); } },
  };
}

function tableOf(headers, rows, caption) {
  const table = el("table", { className: "lv-table" });
  if (caption) table.append(el("caption", { text: caption }));
  const head = el("tr");
  headers.forEach((text) => head.append(el("th", { scope: "col", text })));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    row.forEach((text, k) => tr.append(el(k === 0 ? "th" : "td", k === 0 ? { scope: "row", text } : { text })));
    body.append(tr);
  }
  table.append(body);
  return table;
}

// The step's numbers (rows: parts and states; columns: the units shown) and, opened on demand, every step.
export function buildTables(scene, cells, texts) {
  const number = scene.number;
  const stepBox = el("details", { className: "lv-table-box" }, el("summary", { text: texts.table }));
  const allBox = el("details", { className: "lv-table-box" }, el("summary", { text: texts.table_all }));
  const node = el("div", { className: "lv-tables" }, stepBox, allBox);
  let shownAt = null;
  const names = (cell) => [...cell.parts.map((p) => [p.name, `${p.symbol} ${p.word}`]), ...cell.states.filter((s) => !cell.parts.some((p) => p.name === s)).map((s) => [s, s])]
    .filter(([name]) => !(cell.matrices || []).includes(name));  // (a matrix is drawn as one, beside the bars)

  function stepTables(t) {
    return cells.map((cell) => tableOf(
      [texts.part, ...cell.shown.map((u) => `u${u + 1}`)],
      names(cell).filter(([name]) => cell.values[name]).map(([name, label]) => [label, ...cell.shown.map((_, k) => formatNumber(cell.values[name][t][k], number, 3))]),
      `${cells.length > 1 ? cell.kind_name + " · " : ""}${fillTemplate(texts.table_step, { t })}`,
    ));
  }
  function update(t) {
    shownAt = t;
    if (stepBox.open) stepBox.replaceChildren(stepBox.firstChild, ...stepTables(t));
  }
  stepBox.addEventListener("toggle", () => update(shownAt ?? 0));
  allBox.addEventListener("toggle", () => {
    if (!allBox.open || allBox.children.length > 1) return;
    allBox.append(...cells.map((cell, n) => tableOf(
      ["t", "x", ...names(cell).filter(([name]) => cell.values[name]).map(([, label]) => label)],
      (cell.x || scene.x).map((x, t) => [String(t), formatVector(x, number, 3, null, texts.vector_more), ...names(cell).filter(([name]) => cell.values[name]).map(([name]) => formatNumber(cell.values[name][t][cell.unit], number, 3))]),
      cells.length > 1 ? cell.kind_name : null,
    )));
  });
  return { node, update };
}
