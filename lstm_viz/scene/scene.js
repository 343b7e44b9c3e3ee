// The scene: one or two cells on the same input, stepped together. Streamlit calls `mount` with the data the
// page computed (lstm_viz/scene/__init__.py); the offline file calls it the same way. The browser owns the step:
// it survives a redraw with new data (a weight moved) and is reported back only when the user stops moving it.

import { buildLiveRegion, buildTables, liveSentence } from "./access.js";
import { buildBars } from "./bars.js";
import { buildMatrices } from "./matrix.js";
import { buildCharts } from "./charts.js";
import { Player, buildControls } from "./controls.js";
import { buildDiagram } from "./diagram.js";
import { buildEquations, buildNotes, summaryText } from "./equations.js";
import { el, unpack } from "./format.js";
import { buildStack, stackCells } from "./stack.js";
import { buildTraining } from "./training.js";

const STATES = (globalThis.__lstmVizStates = globalThis.__lstmVizStates || new Map());

function restoredState(key, data) {
  const saved = STATES.get(key);
  const last = data.steps - 1;
  if (saved && saved.token === data.start.token) {
    saved.t = Math.min(saved.t, last);  // a shorter input: the last step
    return saved;
  }
  const state = { t: Math.min(data.start.t, last), speed: saved ? saved.speed : 2, token: data.start.token };
  STATES.set(key, state);
  return state;
}

// A class (issue 28): a student following the lecturer gets the lecturer's step with every new version of
// `data.follow` ({t, playing, speed, version}); true/false: play or stay (null: nothing new to follow).
function followed(state, data) {
  const follow = data.follow;
  if (!follow || follow.version === state.followVersion) return null;
  state.followVersion = follow.version;
  state.t = Math.max(0, Math.min(data.steps - 1, Math.round(Number(follow.t) || 0)));
  if (Number(follow.speed) > 0) state.speed = Number(follow.speed);
  return Boolean(follow.playing);
}

// A following student's scene takes each new step of the lecturer that the class's poll hands over (ui/browser/
// follow.js): a step is shown, playback starts or stops where the lecturer's did.
function listen(player, state, data) {
  const onFollow = (event) => {
    const follow = event.detail || {};
    if (follow.version === state.followVersion) return;
    state.followVersion = follow.version;
    if (Number(follow.speed) > 0) state.speed = Number(follow.speed);
    player.stop();
    player.show(Math.max(0, Math.min(data.steps - 1, Math.round(Number(follow.t) || 0))), true);
    if (follow.playing) player.play();
  };
  window.addEventListener("lstm-viz-follow", onFollow);
  return () => window.removeEventListener("lstm-viz-follow", onFollow);
}

// The lecturer's scene tells the class every step taken by hand, and when playback starts or stops (the students'
// browsers play along on their own: no message per tick). A burst of keys sends its last step.
function broadcast(component, player, state) {
  if (!component.setStateValue) return;
  let timer = null;
  let wasPlaying = player.playing;
  const send = () => {
    const value = { t: player.t, playing: player.playing, speed: state.speed };
    const text = JSON.stringify(value);
    if (text === state.sent) return;
    state.sent = text;
    component.setStateValue("follow", value);
  };
  player.listeners.add((t, playing) => {
    if (playing && wasPlaying) return;  // a tick of playback
    wasPlaying = playing;
    clearTimeout(timer);
    timer = setTimeout(send, 60);
  });
  send();
}

// The payload with its packed arrays unpacked, once per payload (a replay keeps state on its cells across mounts).
const UNPACKED = new WeakMap();

function unpacked(sent) {
  if (!UNPACKED.has(sent)) UNPACKED.set(sent, unpack(sent));
  return UNPACKED.get(sent);
}

export function mount(component) {
  const { parentElement } = component;
  const data = unpacked(component.data);
  // Streamlit calls mount again with new data (a weight moved) without calling the cleanup it returned: that
  // runs only when the element leaves the page. The previous instance's keys, timers and player go first, or its
  // key listener takes every key and moves a player no longer on screen (the "dead keys" of issue 25).
  if (parentElement.__lvDispose) parentElement.__lvDispose();
  // The step, speed and replay kept by the page's key for the scene: Streamlit mounts a scene anew, under a new id,
  // when an element appears above it (a message about a bad input), and the user's step must survive that.
  const key = data.state_key || component.key || "scene";
  const texts = data.texts;
  const state = restoredState(key, data);
  const playAfter = followed(state, data.follows ? { ...data, follow: globalThis.__lstmVizFollow } : data);
  // the cells drawn: every cell, or one picked per stack in its grid (stack.js: the browser keeps the picks)
  const mode = data.stacks ? stackCells(data, state)
    : { picks: () => data.cells.map((_, n) => n), sceneOf: () => data, localOf: (n, t) => t, timeScene: () => data };
  const unitKey = (cell, n) => (data.stacks ? `${n}` : cell.kind);
  const units = data.cells.map((cell, n) => (state.units && state.units[unitKey(cell, n)] !== undefined ? Math.min(state.units[unitKey(cell, n)], cell.shown.length - 1) : cell.unit));
  let stackViews = [];
  const columns = mode.picks().length;

  const root = el("div", {
    className: ["lv-scene", data.lecture ? "lv-lecture" : "", columns > 1 ? "lv-compare" : ""].join(" ").trim(),
    lang: data.lang,
    style: `--lv-columns: ${columns}`,
  });
  let views = [];
  let charts = null;
  let targets = null;  // a challenge's target panels, above the diagram
  let summary = null;
  let tables = null;
  const live = buildLiveRegion();

  function render(t) {
    const shown = mode.timeScene(), picks = mode.picks();
    const shownUnits = picks.map((n) => units[n]);
    for (const view of views) view.update(mode.localOf(view.cell, t), units[view.cell]);
    if (charts) charts.update(t);
    if (targets) targets.update(t);
    if (summary) summary.textContent = shown.cells.map((cell, k) => summaryText(shown, cell, t, shownUnits[k])).join("  |  ");
    if (tables) tables.update(t);
    for (const view of stackViews) view.update(t, picks);
    live.say(liveSentence(shown, shown.cells, shownUnits, t, texts));
    root.dataset.t = String(t);
  }

  const player = new Player(data, state, render, (t) => {
    if (component.setStateValue) component.setStateValue("t", t);
  });
  const controls = buildControls(data, player, texts, parentElement);

  function draw() {
    views = [];
    const shown = mode.timeScene();
    const stage = el("div", { className: "lv-stage" });
    const details = el("div", { className: "lv-details" });
    stackViews = (data.stacks || []).map((spec, side) => buildStack(data, spec, texts, (index, t) => {
      mode.pick(side, index);
      draw();
      if (t !== null) player.jump(t);
    }));
    mode.picks().forEach((n) => {
      const cell = data.cells[n], own = mode.sceneOf(n);
      const add = (view) => { views.push({ ...view, cell: n }); return view.node; };
      const head = el("div", { className: "lv-cell-head" });  // the title is in the diagram, beside the step
      if (data.unit_picker && cell.shown.length > 1) {
        const picker = el("select", { className: "lv-unit", "aria-label": texts.unit });
        cell.shown.forEach((unit, k) => picker.append(el("option", { value: k, text: `${texts.unit} ${unit + 1}`, selected: k === units[n] })));
        picker.addEventListener("change", () => {
          units[n] = Number(picker.value);
          state.units = { ...(state.units || {}), [unitKey(cell, n)]: units[n] };
          draw();
        });
        head.append(picker);
      }
      const matrices = (cell.matrices || []).length ? [add(buildMatrices(own, cell, texts))] : [];
      stage.append(el("div", { className: matrices.length ? "lv-cell lv-with-matrix" : "lv-cell" }, head, add(buildDiagram(own, cell, texts)), add(buildBars(own, cell, texts)), ...matrices));
      const column = el("div", { className: "lv-detail" });
      const which = columns > 1 ? ` \u00b7 ${data.stacks ? cell.title : cell.kind_name}` : "";
      column.append(el("h2", { className: "lv-heading", text: texts.equations + which }), add(buildEquations(own, cell, texts)));
      column.append(el("h2", { className: "lv-heading", text: texts.notes }), add(buildNotes(own, cell, texts)));
      details.append(column);
    });
    summary = el("p", { className: "lv-summary", "aria-hidden": "true" });  // the live region says it in words
    tables = buildTables(shown, shown.cells, texts);
    const jump = (t) => player.jump(t);
    charts = buildCharts(shown, shown.cells, texts, jump);
    targets = data.targets && data.targets.length ? buildCharts(shown, shown.cells, texts, jump, { targets: data.targets }) : null;
    const parts = [...stackViews.map((view) => view.node), ...(targets ? [el("div", { className: "lv-chart-box lv-targets" }, targets.node)] : []),
      stage, summary, live.node, details, el("div", { className: "lv-chart-box" }, charts.node), tables.node];
    root.replaceChildren(...(data.steps > 1 ? [controls.node] : []), ...parts);  // one step: nothing to step through
    render(player.t);
  }

  // the page's <style> stays beside it; (":scope >" matches nothing in a shadow root, so look at the children)
  let host = [...parentElement.children].find((child) => child.classList.contains("lv-host"));
  if (!host) {
    host = el("div", { className: "lv-host" });
    parentElement.append(host);
  }
  host.replaceChildren(root);
  draw();
  // A training run to replay (lstm_viz.cell_training): its frames redraw the first cell; seen once, it opens at its end.
  let training = null;
  if (data.training && data.training.frames_json) {  // the frames, once (as JSON text the training worker wrote)
    state.training = { ...data.training, frames: JSON.parse(data.training.frames_json), frames_json: null };
  } else if (data.training && data.training.frames && data.training.frames.length) {
    state.training = data.training;
  }
  const known = data.training && state.training && state.training.token === data.training.token;
  const run = known && state.training.frames.length ? state.training : null;  // (a run with no frame: nothing)
  if (run) {  // (a rerun sends only the token and the last frame: the frames came once, with the first)
    const replay = state.trainedToken !== data.training.token;
    state.trainedToken = data.training.token;
    data.training = { ...run, frames: run.frames.slice(0, data.training.last + 1) };
    const cell = data.cells[0];
    // Backward mode: the gradients came for the cell the run ended (or was stopped) with, so a frame on its way there
    // shows its forward values only; the δ's return with the frame that stays.
    // (a large layer's heatmap levels are the final weights': a frame on its way draws the units it carries)
    if (!cell.ended) cell.ended = { grads: cell.grads, back_equations: cell.back_equations, back_notes: cell.back_notes, heat: cell.heat };
    const ended = cell.ended;  // (kept once per payload: a mount again mid-replay must not keep a frame's nulls)
    training = buildTraining(data, texts, cell.unit, (frame, stays) => {
      cell.values = frame.values;
      cell.weights = frame.weights;
      Object.assign(cell, stays ? ended : { grads: null, back_equations: null, back_notes: null, heat: null });
      draw();
    }, (k) => {
      if (component.setStateValue) component.setStateValue("training_stop", { token: data.training.token, frame: k });
    }, replay);
    host.replaceChildren(training.node, root);
  }
  player.notify();
  if (data.broadcast) broadcast(component, player, state);
  let stopFollowing = null;
  if (data.follows) stopFollowing = listen(player, state, data);
  const wasPlaying = state.playing;  // playback goes on through a redraw (a report's rerun sends the data again)
  player.listeners.add((t, playing) => { state.playing = playing; });
  if (playAfter || (playAfter === null && wasPlaying)) player.play();
  else if (playAfter === false) player.stop();
  const dispose = () => {
    if (training) training.dispose();
    if (stopFollowing) stopFollowing();
    player.dispose();
    controls.dispose();
    if (parentElement.__lvDispose === dispose) delete parentElement.__lvDispose;
  };
  parentElement.__lvDispose = dispose;
  return dispose;
}

export default mount;
