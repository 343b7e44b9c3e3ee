// Keys for a lecture: → and PageDown (what a presentation clicker sends) go to the next scene, ← and PageUp back.
// Ignored while the focus is in a text field, and while a modifier is held (browser shortcuts stay the browser's).

const FORWARD = new Set(["ArrowRight", "PageDown"]);
const BACK = new Set(["ArrowLeft", "PageUp"]);

function typing(target) {
  const node = target && target.closest ? target : null;
  if (!node) return false;
  return node.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(node.tagName);
}

export default function keys(component) {
  const { setTriggerValue } = component;
  const listener = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.composedPath()[0])) return;
    const step = FORWARD.has(event.key) ? 1 : BACK.has(event.key) ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    setTriggerValue("go", step);
  };
  document.addEventListener("keydown", listener);
  return () => document.removeEventListener("keydown", listener);
}
