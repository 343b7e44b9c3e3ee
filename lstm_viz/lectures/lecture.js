// An offline lecture: its explorer scenes one at a time, each with its caption, in the explorer's own renderer
// (bundled with it by lstm_viz/scene/bundle.py). PageDown goes to the next scene, PageUp back (what a presentation
// clicker sends); ← → Space Home End step and play the cell; the scene's own buttons step through time.
// #scene=3 reopens scene 3.

import { el } from "../scene/format.js";
import { mount } from "../scene/scene.js";

const lecture = JSON.parse(document.getElementById("lv-lecture-data").textContent);
const bar = document.getElementById("lv-lecture");
const root = document.getElementById("lv-root");
let index = 0;
let dispose = null;

function show(n) {
  if (!lecture.scenes.length) return;
  index = Math.min(Math.max(n, 0), lecture.scenes.length - 1);
  const item = lecture.scenes[index];
  const back = el("button", { type: "button", "aria-label": lecture.texts.back, title: lecture.texts.back, text: "\u2190" });
  const next = el("button", { type: "button", "aria-label": lecture.texts.next, title: lecture.texts.next, text: "\u2192" });
  back.disabled = index === 0;
  next.disabled = index === lecture.scenes.length - 1;
  back.addEventListener("click", () => show(index - 1));
  next.addEventListener("click", () => show(index + 1));
  bar.replaceChildren(
    el("p", { className: "lv-lecture-note", text: [lecture.title, lecture.texts.note, lecture.texts.left_out].filter(Boolean).join(" \u00b7 ") }),
    el("div", { className: "lv-lecture-bar" }, back,
      el("p", { className: "lv-lecture-caption", text: item.caption || lecture.title }),
      el("span", { className: "lv-lecture-count", text: `${item.number} / ${lecture.total}` }), next),
  );
  if (dispose) dispose();
  root.replaceChildren();
  dispose = mount({ data: item.data, key: `scene-${item.number}`, parentElement: root, setStateValue: () => {}, setTriggerValue: () => {} });
  history.replaceState(null, "", `#scene=${item.number}`);
}

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (["INPUT", "SELECT", "TEXTAREA"].includes((event.target && event.target.tagName) || "")) return;
  const step = event.key === "PageDown" ? 1 : event.key === "PageUp" ? -1 : 0;  // ← → Space: the cell's (its scene)
  if (!step) return;
  event.preventDefault();
  show(index + step);
});

const wanted = Number((location.hash.match(/scene=(\d+)/) || [])[1]);
const start = lecture.scenes.findIndex((item) => item.number >= wanted);
show(Number.isFinite(wanted) && start >= 0 ? start : 0);
