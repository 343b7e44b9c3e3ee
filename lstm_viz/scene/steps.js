// The time axis's rules with no page around them (controls.js applies them; tests/js tests them with Node): which
// step an action leads to, when playback shows its next step, and what a key does.

export const SPEEDS = [0.5, 1, 2, 4, 8];  // steps per second

// The keys of the scene, and PageUp/PageDown unless a lecture gives them to its scenes (a clicker's keys).
const KEYS = new Map([["ArrowLeft", "back"], ["ArrowRight", "next"], ["Home", "first"], ["End", "last"], [" ", "toggle"]]);
const PAGE_KEYS = new Map([["PageUp", "back"], ["PageDown", "next"]]);

// A step shown: a whole number from 0 to last (a step that is not a number stays where it was).
export function clampStep(t, last, current = 0) {
  const step = Number.isFinite(t) ? Math.round(t) : current;
  return Math.max(0, Math.min(last, step));
}

// state: {t, last, playing}; action: "first" | "back" | "next" | "last" | "toggle" | "play" | "pause" | "tick", or
// {type: "jump", t}. Returns {t, playing}. Moving by hand stops playback; Play at the last step starts again at
// the first; playback stops on the last step; with one step there is nothing to play.
export function nextStep(state, action) {
  const { t, last, playing } = state;
  const type = typeof action === "string" ? action : action.type;
  switch (type) {
    case "first": return { t: 0, playing: false };
    case "last": return { t: last, playing: false };
    case "back": return { t: clampStep(t - 1, last, t), playing: false };
    case "next": return { t: clampStep(t + 1, last, t), playing: false };
    case "jump": return { t: clampStep(action.t, last, t), playing: false };
    case "toggle": return nextStep(state, playing ? "pause" : "play");
    case "play": return last > 0 ? { t: t >= last ? 0 : t, playing: true } : { t, playing: false };
    case "pause": return { t, playing: false };
    case "tick": {
      if (!playing) return { t, playing };
      const step = clampStep(t + 1, last, t);
      return { t: step, playing: step < last };
    }
    default: throw new Error(`unknown action: ${type}`);
  }
}

// Playback keeps to an absolute timetable: started at `origin` (ms) on step `originStep`, step t + 1 is due at
// origin + (t + 1 − originStep) / speed seconds, so a slow frame never shifts the steps after it.
export function dueTime(origin, originStep, t, speed) {
  return origin + ((t - originStep + 1) * 1000) / speed;
}

// The action of a key (null: not the scene's key).
export function keyAction(key, pageKeys = true) {
  return KEYS.get(key) || (pageKeys && PAGE_KEYS.get(key)) || null;
}
