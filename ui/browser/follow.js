// A class (issue 28): a member's browser looks at the class once a second at the app's route (lstm_viz/routes.py),
// with no script run on the server. While the student follows, the lecturer's step goes straight to the scene on
// this page (the scene listens for "lstm-viz-follow": lstm_viz/scene/scene.js). The class's fragment reruns (a
// trigger) only when the server must draw something: the lecturer's page or view is not this one, the question
// changed, the class ended (or this member is no longer one).

const LOOP = (globalThis.__lstmVizClassLoop = globalThis.__lstmVizClassLoop || { timer: null, looks: null });

const AGAIN_MS = 5000;  // the same change asked for again only after this (a page that cannot follow does not loop)

function changed(reason) {
  const now = Date.now();
  if (!LOOP.trigger || (LOOP.triggered === reason && now - LOOP.triggeredAt < AGAIN_MS)) return;
  LOOP.triggered = reason;
  LOOP.triggeredAt = now;
  const trigger = LOOP.trigger;
  // a task of its own: a scene's report waiting to be sent (another fragment's) would take it into its own run
  setTimeout(() => trigger("changed", reason), 0);
}

async function look() {
  LOOP.timer = null;
  const looks = LOOP.looks;
  if (!looks || !looks.code) return;
  try {
    const response = await fetch(looks.path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: looks.code, token: looks.token }),
      credentials: "same-origin",
      cache: "no-store",
    });
    if (looks !== LOOP.looks) return;  // the page drew itself again meanwhile: its own look is scheduled
    if (response.status === 403 || response.status === 400) {
      changed("gone");  // the class ended, or this browser is not a member: the page's panel says which
      return;
    }
    if (response.ok) {
      const seen = await response.json();
      if (!seen.alive) changed("gone");
      else {
        if (seen.question !== looks.question) changed(`question:${seen.question}`);
        if (looks.following) {
          if (seen.where !== looks.where) changed(`where:${seen.where}`);
          else step(seen, looks);
        }
      }
    }
  } catch (error) {
    // the network or the server is away for a moment: look again
  }
  if (looks === LOOP.looks) LOOP.timer = setTimeout(look, looks.every_ms || 1000);
}

function step(seen, looks) {
  const next = { t: seen.t, playing: seen.playing, speed: seen.speed, version: `${looks.code}-${seen.version}-${looks.epoch}` };
  const last = globalThis.__lstmVizFollow;
  if (last && last.version === next.version) return;
  globalThis.__lstmVizFollow = next;
  window.dispatchEvent(new CustomEvent("lstm-viz-follow", { detail: next }));
}

export default function follow(component) {
  const looks = component.data || {};
  LOOP.trigger = component.setTriggerValue;
  const same = LOOP.looks && JSON.stringify(LOOP.looks) === JSON.stringify(looks);
  if (same && LOOP.timer) return;
  clearTimeout(LOOP.timer);
  LOOP.looks = looks;
  LOOP.triggered = null;
  LOOP.timer = looks.code ? setTimeout(look, 0) : null;
  return () => {
    if (LOOP.looks === looks) {
      clearTimeout(LOOP.timer);
      LOOP.timer = null;
      LOOP.looks = null;
    }
  };
}
