// Bring an element into sight once (a reloaded training page: its run's progress and Stop, which may sit far down a
// page on a 720-px projector). Waits up to two seconds for the page to draw it, then keeps it in sight for three
// more while charts above it are still growing (the page settles), and no longer.

function inSight(node) {
  const box = node.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}

export default function scroll(component) {
  const { selector, token } = component.data || {};
  if (!selector || globalThis.__lstmVizScrolled === token) return;
  globalThis.__lstmVizScrolled = token;
  const began = Date.now();
  let found = null;
  const attempt = () => {
    const target = document.querySelector(selector);
    if (target && !inSight(target)) target.scrollIntoView({ block: "center", behavior: "auto" });
    if (target && !found) found = Date.now();
    if (found ? Date.now() - found < 3000 : Date.now() - began < 2000) setTimeout(attempt, 150);
  };
  attempt();
}
