// The offline scene's start (lstm_viz/scene/offline.py bundles it with the renderer into one HTML file): the data
// from the page's JSON, the step from the address's #t=… (kept there while the scene is used).

import { mount } from "./scene.js";

const data = JSON.parse(document.getElementById("lv-data").textContent);
const fromHash = Number((location.hash.match(/t=(\d+)/) || [])[1]);
if (Number.isFinite(fromHash)) data.start = { t: Math.min(fromHash, data.steps - 1), token: -1 };
mount({
  data, key: "offline", parentElement: document.getElementById("lv-root"),
  setStateValue: (name, value) => { if (name === "t") history.replaceState(null, "", "#t=" + value); },
  setTriggerValue: () => {},
});
