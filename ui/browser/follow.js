// A class (issue 28): the lecturer's step, as the class's poll last read it, handed to the scene on this page. The
// scene listens for it (lstm_viz/scene/scene.js), so the page's big scene is not sent again every second.

export default function follow(component) {
  const next = component.data && component.data.follow;
  if (!next) return;
  const last = globalThis.__lstmVizFollow;
  if (last && last.version === next.version) return;
  globalThis.__lstmVizFollow = next;
  window.dispatchEvent(new CustomEvent("lstm-viz-follow", { detail: next }));
}
