// The text view: a passage whose characters are coloured by one unit's value (h, c or a gate), LSTMVis style.
// The browser owns the view: switching the quantity and hovering need no Python. Characters stay plain,
// selectable text; a newline's ↵ mark cannot be selected (user-select: none), so it is not copied.
// data: { chars, unit, values: {h: [...], c: [...], ...}, quantity, quantities: [...], labels: {...},
//         scales: {q: {low, mid, high}}, texts: {...}, lecture, lang }

const COLD = [33, 102, 172], WARM = [178, 24, 43], PAPER = [247, 247, 247];  // ColorBrewer RdBu ends, a light middle

function textviewEl(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function shade(value, scale) {
  // -1 … 1 around the scale's middle, then a mix of the light middle and one end
  const half = value >= scale.mid ? scale.high - scale.mid : scale.mid - scale.low;
  const amount = half > 0 ? Math.max(-1, Math.min(1, (value - scale.mid) / half)) : 0;
  const end = amount >= 0 ? WARM : COLD;
  const a = Math.abs(amount);
  const mix = PAPER.map((p, k) => Math.round(p + (end[k] - p) * a));
  return { css: `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`, dark: a > 0.62 };
}

function shown(ch) {
  if (ch === "\n") return "↵";
  if (ch === " ") return "␣";
  if (ch === "\t") return "⇥";
  return ch;
}

function fixed(value, decimal = ".") {
  return (Math.abs(value) < 5e-4 ? 0 : value).toFixed(3).replace("-", "−").replace(".", decimal);
}

function mount(component) {
  const { data, parentElement } = component;
  const texts = data.texts;
  let quantity = data.quantity in data.values ? data.quantity : data.quantities[0];
  // Our own host inside the parent: the parent also holds the component's <style>, which must stay.
  let host = [...parentElement.children].find((child) => child.classList.contains("tv-host"));
  if (!host) {
    host = textviewEl("div", { className: "tv-host" });
    parentElement.append(host);
  }

  const root = textviewEl("div", { className: "tv-root" + (data.lecture ? " tv-lecture" : ""), lang: data.lang || "en" });
  const bar = textviewEl("div", { className: "tv-bar" });
  const choices = textviewEl("div", { className: "tv-choices", role: "radiogroup", "aria-label": texts.colour_by });
  const buttons = {};
  for (const name of data.quantities) {
    const button = textviewEl("button", { className: "tv-choice", type: "button", role: "radio", text: data.labels[name] });
    button.addEventListener("click", () => { quantity = name; paint(); });
    buttons[name] = button;
    choices.append(button);
  }
  const legend = textviewEl("div", { className: "tv-legend" });
  const legendLow = textviewEl("span", { className: "tv-legend-number" });
  const legendBar = textviewEl("span", { className: "tv-legend-bar", "aria-hidden": "true" });
  const legendMid = textviewEl("span", { className: "tv-legend-mid" });
  const legendHigh = textviewEl("span", { className: "tv-legend-number" });
  legend.append(legendLow, legendBar, legendHigh, legendMid);
  bar.append(textviewEl("span", { className: "tv-label", text: texts.colour_by }), choices, legend);

  const passage = textviewEl("div", { className: "tv-text", "data-testid": "tv-text" });
  const spans = [];
  const chars = Array.from(data.chars);
  chars.forEach((ch, t) => {
    const span = textviewEl("span", { className: ch === "\n" ? "tv-ch tv-newline" : "tv-ch" });
    if (ch === "\n") span.append(textviewEl("span", { className: "tv-mark", "aria-hidden": "true", text: "↵" }));
    span.append(ch);
    span.dataset.t = String(t);
    spans.push(span);
    passage.append(span);
  });

  const tip = textviewEl("div", { className: "tv-tip", role: "status" });
  tip.hidden = true;
  passage.addEventListener("mouseover", (event) => {
    const span = event.target.closest(".tv-ch");
    if (!span) return;
    const t = Number(span.dataset.t);
    const rows = data.quantities.map((name) => {
      const row = textviewEl("tr", { className: name === quantity ? "tv-now" : "" });
      row.append(textviewEl("th", { text: data.labels[name] }), textviewEl("td", { text: fixed(data.values[name][t], data.decimal) }));
      return row;
    });
    const table = textviewEl("table", {}, rows);
    tip.replaceChildren(
      textviewEl("div", { className: "tv-tip-head", text: `${texts.character} ${t + 1}: «${shown(chars[t])}»` }),
      table,
    );
    tip.hidden = false;
    const box = span.getBoundingClientRect(), frame = root.getBoundingClientRect();
    const left = Math.min(box.left - frame.left, frame.width - 190);
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${box.bottom - frame.top + 6}px`;
  });
  passage.addEventListener("mouseleave", () => { tip.hidden = true; });

  const caption = textviewEl("p", { className: "tv-caption" });
  root.append(bar, passage, tip, caption);
  host.replaceChildren(root);

  function paint() {
    const values = data.values[quantity], scale = data.scales[quantity];
    for (const [name, button] of Object.entries(buttons)) button.setAttribute("aria-checked", String(name === quantity));
    spans.forEach((span, t) => {
      const colour = shade(values[t], scale);
      span.style.backgroundColor = colour.css;
      span.classList.toggle("tv-dark", colour.dark);
    });
    legendLow.textContent = fixed(scale.low, data.decimal);
    legendHigh.textContent = fixed(scale.high, data.decimal);
    legendMid.textContent = texts.middle.replace("{mid}", fixed(scale.mid, data.decimal));
    caption.textContent = texts.caption.replace("{quantity}", data.labels[quantity]).replace("{unit}", String(data.unit + 1));
    root.dataset.quantity = quantity;
    root.dataset.unit = String(data.unit + 1);
    root.dataset.painted = String(spans.length);
  }
  paint();
}

export default mount;
