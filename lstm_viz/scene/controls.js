// The time axis, owned by the browser: First / Back / Play-Pause / Next / Last, a scrubber, the speed, the keys.
// Playback keeps to an absolute timetable (step k is due at start + k / speed), so it shows every step, in order,
// once, at the asked rate, and Pause keeps the step that is on screen. The rules are in steps.js (tested by Node).

import { el, fillTemplate, formatNumber, formatVector, richText, svgEl } from "./format.js";
import { SPEEDS, dueTime, keyAction, nextStep } from "./steps.js";

const ICONS = {
  first: "M6 5h2v14H6zM20 5v14L9 12z",
  back: "M15.5 5 8.5 12l7 7 1.5-1.5L11.5 12l5.5-5.5z",
  play: "M8 5v14l11-7z",
  pause: "M6 5h4v14H6zM14 5h4v14h-4z",
  next: "M8.5 5 7 6.5 12.5 12 7 17.5 8.5 19l7-7z",
  last: "M4 5v14l11-7zM16 5h2v14h-2z",
};
const TEXT_ENTRY = /^(input|textarea|select)$/i;
const WIDGET_ROLES = /^(slider|spinbutton|textbox|combobox|listbox|option|searchbox|radio|checkbox|switch|tab|menuitem)$/;

function icon(name) {
  return svgEl("svg", { viewBox: "0 0 24 24", className: "lv-icon", "aria-hidden": "true" }, svgEl("path", { d: ICONS[name] }));
}

function iconButton(name, label, shortcut) {
  const button = el("button", {
    type: "button", className: `lv-button lv-${name}`, title: `${label} (${shortcut})`, "aria-label": label,
    "data-action": name,
  });
  button.append(icon(name), el("span", { className: "lv-button-text", text: label }));
  return button;
}

// Keys belong to the scene unless the user is typing or working another control.
export function keyIsForUs(event, root) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return false;
  const path = event.composedPath ? event.composedPath() : [event.target];
  const target = path[0];
  if (!target || !target.tagName) return true;
  // a region that scrolls sideways (long equations, a wide grid) keeps ← → for itself, as a keyboard user scrolls it
  if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && target.classList && target.classList.contains("lv-scroll-keys")
    && target.scrollWidth > target.clientWidth) return false;
  if (root.contains && root.contains(target)) return !TEXT_ENTRY.test(target.tagName) || target.type === "range";
  if (TEXT_ENTRY.test(target.tagName) || target.isContentEditable) return false;
  const role = target.getAttribute && target.getAttribute("role");
  if (role && WIDGET_ROLES.test(role)) return false;
  if (event.key === " " && target.tagName === "BUTTON") return false;  // Space presses a focused button
  return true;
}

export class Player {
  constructor(scene, state, render, report) {
    this.scene = scene;
    this.state = state;  // {t, speed}: survives a redraw with new data (see scene.js)
    this.render = render;
    this.report = report;
    this.last = scene.steps - 1;
    this.reverse = Boolean(scene.backward);  // backward mode: time runs from the last step to the first
    this.playing = false;
    this.timer = null;
    this.reportTimer = null;
    this.listeners = new Set();
  }

  get t() { return this.state.t; }

  // A step's place in the order shown: t itself, or in backward mode its distance from the last step.
  pos(t) { return this.reverse ? this.last - t : t; }

  // What an action leads to (steps.js): {t, playing}. Backward mode applies the same rules to the mirrored time:
  // Next goes to t − 1, First to the last step, Play runs down to step 0.
  next(action) {
    const mirrored = typeof action === "object" && action.type === "jump" ? { ...action, t: this.pos(action.t) } : action;
    const result = nextStep({ t: this.pos(this.state.t), last: this.last, playing: this.playing }, mirrored);
    return { ...result, t: this.pos(result.t) };
  }

  show(t, fromPlayback = false) {
    const step = this.next({ type: "jump", t }).t;
    this.state.t = step;
    this.render(step);
    for (const listener of this.listeners) listener(step, this.playing);
    if (!fromPlayback && !this.playing) this.reportSoon();
  }

  // A user's action: "first", "back", "next", "last", "toggle" or {type: "jump", t}. Moving stops playback.
  act(action) {
    if (action === "toggle") { this.toggle(); return; }
    const { t } = this.next(action);
    this.stop();
    this.show(t);
  }

  jump(t) { this.act({ type: "jump", t }); }

  toggle() { this.playing ? this.pause() : this.play(); }

  play() {
    const { t, playing } = this.next("play");
    if (!playing) return;  // one step: nothing to play
    if (t !== this.state.t) this.show(t, true);  // from the last step: again from the first
    this.playing = true;
    this.origin = performance.now();
    this.originStep = this.state.t;
    this.notify();
    this.schedule();
  }

  schedule() {
    const due = dueTime(this.origin, this.pos(this.originStep), this.pos(this.state.t), this.state.speed);
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - performance.now()));
  }

  tick() {
    if (!this.playing) return;
    const { t, playing } = this.next("tick");
    this.show(t, true);
    if (!playing) { this.pause(); return; }  // the last step
    this.schedule();
  }

  stop() {
    if (!this.playing) return;
    this.playing = false;
    clearTimeout(this.timer);
    this.notify();
  }

  pause() {
    this.stop();
    this.reportNow();
  }

  setSpeed(speed) {
    this.state.speed = speed;
    if (this.playing) {  // a new timetable from the step on screen
      clearTimeout(this.timer);
      this.origin = performance.now();
      this.originStep = this.state.t;
      this.schedule();
    }
    this.notify();
  }

  notify() { for (const listener of this.listeners) listener(this.state.t, this.playing); }

  // The page learns the step when the user stops moving it (for the link), not at every frame.
  reportSoon() {
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => this.reportNow(), 600);
  }

  reportNow() {
    clearTimeout(this.reportTimer);
    this.report(this.state.t);
  }

  dispose() {
    this.playing = false;
    clearTimeout(this.timer);
    clearTimeout(this.reportTimer);
    this.listeners.clear();
  }
}

export function buildControls(scene, player, texts, root) {
  const bar = el("div", { className: "lv-controls", role: "toolbar", "aria-label": texts.time_step });
  const first = iconButton("first", texts.first, "Home");
  const back = iconButton("back", texts.back, "\u2190");
  const play = iconButton("play", texts.play, texts.keys_help);
  const next = iconButton("next", texts.next, "\u2192");
  const last = iconButton("last", texts.last, "End");
  const scrubber = el("input", {
    type: "range", min: 0, max: scene.steps - 1, step: 1, value: player.t, className: "lv-scrubber",
    "aria-label": texts.time_step,
  });
  const speed = el("select", { className: "lv-speed", "aria-label": texts.speed, title: texts.speed });
  for (const value of SPEEDS) {
    const option = el("option", { value, text: `${formatNumber(value, scene.number, value % 1 ? 1 : 0)} ${texts.steps_per_second}` });
    if (value === player.state.speed) option.selected = true;
    speed.append(option);
  }
  const stepText = el("div", { className: "lv-step-text" });  // (the scene's live region announces the step)
  bar.append(el("div", { className: "lv-buttons" }, first, back, play, next, last), scrubber, speed, stepText);

  first.addEventListener("click", () => player.act("first"));
  back.addEventListener("click", () => player.act("back"));
  play.addEventListener("click", () => player.act("toggle"));
  next.addEventListener("click", () => player.act("next"));
  last.addEventListener("click", () => player.act("last"));
  scrubber.addEventListener("input", () => player.jump(Number(scrubber.value)));
  speed.addEventListener("change", () => player.setSpeed(Number(speed.value)));

  player.listeners.add((t, playing) => {
    scrubber.value = String(t);
    play.replaceChildren(icon(playing ? "pause" : "play"), el("span", { className: "lv-button-text", text: playing ? texts.pause : texts.play }));
    play.setAttribute("aria-label", playing ? texts.pause : texts.play);
    play.setAttribute("title", `${playing ? texts.pause : texts.play} (${texts.keys_help})`);
    play.dataset.action = playing ? "pause" : "play";
    const x = scene.x[t];
    stepText.replaceChildren(richText(scene.backward
      ? fillTemplate(texts.backward_step, { t, last: scene.steps - 1 }) + " \u00b7 " +
        scene.cells.map((cell) => fillTemplate(texts.loss_value, { loss: formatNumber(cell.loss, scene.number, 4) })).join(" | ")
      : fillTemplate(texts.step_of, {
        t, last: scene.steps - 1, x: x.length === 1 ? formatNumber(x[0], scene.number) : formatVector(x, scene.number, 2, null, texts.vector_more),
      })));
    stepText.dataset.t = String(t);
  });

  // What the keys do now: the scene's, or a focused control's (a lecturer with a clicker cannot see the focus).
  const focusHint = el("div", { className: "lv-focus-hint", hidden: true });
  bar.append(focusHint);
  const updateHint = () => {
    const target = document.activeElement && (document.activeElement.shadowRoot ? null : document.activeElement);
    const widget = target && !root.contains(target) && isWidget(target);
    focusHint.hidden = !widget;
    if (widget) focusHint.textContent = fillTemplate(texts.focus_elsewhere, { name: widgetName(target) });
  };

  const listeners = [];
  const listen = (node, type, handler, options) => { node.addEventListener(type, handler, options); listeners.push([node, type, handler, options]); };
  if (scene.keys) {
    const actionOf = (key) => keyAction(key, scene.page_keys);  // (steps.js)
    listen(document, "keydown", (event) => {
      if (!keyIsForUs(event, root)) return;
      const action = actionOf(event.key);
      if (!action) return;
      event.preventDefault();  // Space and the arrows would otherwise scroll the page
      player.act(action);
    });
    // A clicker's PageUp/PageDown never changes a value: taken before a focused slider or box sees it (the
    // capture phase on window runs before React's listeners on its root).
    listen(window, "keydown", (event) => {
      if (!(event.key === "PageUp" || event.key === "PageDown") || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.composedPath ? event.composedPath()[0] : event.target;
      if (!target || root.contains(target) || !isWidget(target)) return;
      event.preventDefault();
      event.stopPropagation();
      const action = actionOf(event.key);
      if (action) player.act(action);
    }, true);
    // Esc gives the keys back to the scene from any control.
    listen(window, "keydown", (event) => {
      if (event.key !== "Escape") return;
      const target = event.composedPath ? event.composedPath()[0] : event.target;
      if (target && !root.contains(target) && isWidget(target) && target.blur) { target.blur(); updateHint(); }
    }, true);
    listen(document, "focusin", updateHint);
    listen(document, "focusout", () => setTimeout(updateHint, 0));
  }
  return { node: bar, dispose: () => { for (const [node, type, handler, options] of listeners) node.removeEventListener(type, handler, options); } };
}

export function isWidget(target) {
  if (!target || !target.tagName) return false;
  if (TEXT_ENTRY.test(target.tagName)) return true;
  const role = target.getAttribute && target.getAttribute("role");
  return Boolean(role && WIDGET_ROLES.test(role));
}

// A focused control's name as a screen reader says it: its aria-label, its labelled-by text, its <label>.
function widgetName(target) {
  const label = target.getAttribute("aria-label");
  if (label) return label;
  const by = target.getAttribute("aria-labelledby");
  if (by) {
    const text = by.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map((n) => n.textContent).join(" ").trim();
    if (text) return text;
  }
  const box = target.closest && target.closest("[data-testid^=st][class*=st-key-], [data-testid=stSlider], [data-testid=stSelectbox]");
  const own = box && box.querySelector("label");
  return own ? own.textContent.trim() : target.tagName.toLowerCase();
}
