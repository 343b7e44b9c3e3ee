// Keys for a lecture: PageDown (what a presentation clicker sends) goes to the next scene, PageUp back; ← → Space
// Home End stay the cell's (the scene steps and plays with them). Ignored while the focus is in a text field, and
// while a modifier is held (browser shortcuts stay the browser's). Taken in the capture phase, before a focused
// slider would move its value with PageUp/PageDown.

const FORWARD = new Set(["PageDown"]);
const BACK = new Set(["PageUp"]);

function typing(target) {
  const node = target && target.closest ? target : null;
  if (!node) return false;
  if (node.isContentEditable || node.tagName === "TEXTAREA") return true;
  return node.tagName === "INPUT" && !["range", "checkbox", "radio", "button"].includes(node.type);
}

export default function keys(component) {
  const { setTriggerValue, parentElement } = component;
  // mount runs again on a rerun without the cleanup (that runs on unmount only): one listener at a time
  if (parentElement.__lvDispose) parentElement.__lvDispose();
  const listener = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.composedPath()[0])) return;
    const step = FORWARD.has(event.key) ? 1 : BACK.has(event.key) ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    event.stopPropagation();
    // Streamlit sends the widget updates of one macrotask as one message, scoped to one fragment: a scene's report
    // pending from the key before (Space pauses and reports its step, in the scene's fragment) would take this
    // page-wide trigger into a fragment run, where it is dropped. A task of its own, after that flush.
    setTimeout(() => setTriggerValue("go", step), 0);
  };
  window.addEventListener("keydown", listener, true);
  const dispose = () => {
    window.removeEventListener("keydown", listener, true);
    if (parentElement.__lvDispose === dispose) delete parentElement.__lvDispose;
  };
  parentElement.__lvDispose = dispose;
  return dispose;
}
