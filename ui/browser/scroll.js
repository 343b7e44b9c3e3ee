// Bring an element into sight once (a reloaded training page: its run's progress and Stop, which may sit far down a
// page on a 720-px projector). Tries for two seconds while the page draws it.

export default function scroll(component) {
  const { selector, token } = component.data || {};
  if (!selector || globalThis.__lstmVizScrolled === token) return;
  globalThis.__lstmVizScrolled = token;
  const began = Date.now();
  const attempt = () => {
    const target = document.querySelector(selector);
    if (target) target.scrollIntoView({ block: "center", behavior: "auto" });
    else if (Date.now() - began < 2000) setTimeout(attempt, 100);
  };
  attempt();
}
