// The browser's local storage for one key of the app: what is stored is reported to Python once (when it differs
// from what Python last knew), and what Python asks to save is written. Progress stays on the student's machine:
// no accounts and no server database.

export default function storage(component) {
  const { data, setStateValue } = component;
  const name = `lstm-viz.${data.name}`;
  let stored = null;
  try {
    if (typeof data.save === "string" && localStorage.getItem(name) !== data.save) localStorage.setItem(name, data.save);
    stored = localStorage.getItem(name);
  } catch (error) {
    stored = null;  // storage switched off (a private window, a policy): the page works without it
  }
  if ((stored || "") !== (data.known || "")) setStateValue("stored", stored || "");
}
