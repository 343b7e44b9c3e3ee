// The time axis's rules (lstm_viz/scene/steps.js): where each action goes, playback's order and timetable, the keys.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { SPEEDS, clampStep, dueTime, keyAction, nextStep } from "../../lstm_viz/scene/steps.js";

const at = (t, last = 9, playing = false) => ({ t, last, playing });

describe("nextStep", () => {
  test("first, back, next and last move by hand and stop playback", () => {
    assert.deepEqual(nextStep(at(4, 9, true), "first"), { t: 0, playing: false });
    assert.deepEqual(nextStep(at(4, 9, true), "back"), { t: 3, playing: false });
    assert.deepEqual(nextStep(at(4, 9, true), "next"), { t: 5, playing: false });
    assert.deepEqual(nextStep(at(4, 9, true), "last"), { t: 9, playing: false });
  });

  test("back at the first step and next at the last stay there", () => {
    assert.deepEqual(nextStep(at(0), "back"), { t: 0, playing: false });
    assert.deepEqual(nextStep(at(9), "next"), { t: 9, playing: false });
    assert.deepEqual(nextStep(at(0, 0), "next"), { t: 0, playing: false });
  });

  test("a jump lands on a whole step inside the input", () => {
    assert.deepEqual(nextStep(at(4), { type: "jump", t: 7 }), { t: 7, playing: false });
    assert.equal(nextStep(at(4), { type: "jump", t: 2.6 }).t, 3);
    assert.equal(nextStep(at(4), { type: "jump", t: -5 }).t, 0);
    assert.equal(nextStep(at(4), { type: "jump", t: 50 }).t, 9);
    assert.equal(nextStep(at(4), { type: "jump", t: NaN }).t, 4);  // not a step: stays
  });

  test("play starts from the step shown, or from the first at the last step", () => {
    assert.deepEqual(nextStep(at(3), "play"), { t: 3, playing: true });
    assert.deepEqual(nextStep(at(9), "play"), { t: 0, playing: true });
  });

  test("one step: nothing to play", () => {
    assert.deepEqual(nextStep(at(0, 0), "play"), { t: 0, playing: false });
    assert.deepEqual(nextStep(at(0, 0), "toggle"), { t: 0, playing: false });
  });

  test("toggle plays when paused and pauses on the step shown when playing", () => {
    assert.deepEqual(nextStep(at(5), "toggle"), { t: 5, playing: true });
    assert.deepEqual(nextStep(at(5, 9, true), "toggle"), { t: 5, playing: false });
    assert.deepEqual(nextStep(at(5, 9, true), "pause"), { t: 5, playing: false });
  });

  test("playback shows every step once, in order, and stops on the last", () => {
    let state = { ...at(0), ...nextStep(at(0), "play") };
    const shown = [state.t];
    while (state.playing) {
      state = { ...state, ...nextStep(state, "tick") };
      shown.push(state.t);
    }
    assert.deepEqual(shown, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(nextStep(at(9), "tick"), { t: 9, playing: false });  // a late tick after a pause: no move
  });

  test("an unknown action is an error", () => {
    assert.throws(() => nextStep(at(0), "rewind"), /unknown action: rewind/);
  });
});

describe("clampStep", () => {
  test("rounds and clamps to 0 … last", () => {
    assert.equal(clampStep(3.4, 9), 3);
    assert.equal(clampStep(-1, 9), 0);
    assert.equal(clampStep(12, 9), 9);
    assert.equal(clampStep(Infinity, 9, 2), 2);
  });
});

describe("dueTime", () => {
  test("keeps an absolute timetable from the start of playback", () => {
    assert.equal(dueTime(1000, 0, 0, 2), 1500);  // step 1 is due half a second after step 0 at 2 steps/s
    assert.equal(dueTime(1000, 0, 3, 2), 3000);  // step 4: 2 s after the start, however late step 3 was shown
    assert.equal(dueTime(0, 5, 5, 0.5), 2000);
    assert.equal(dueTime(0, 5, 6, 8), 250);
  });

  test("the speeds on offer are steps per second, slowest first", () => {
    assert.deepEqual(SPEEDS, [...SPEEDS].sort((a, b) => a - b));
    assert.ok(SPEEDS.includes(2));  // the default speed (scene.js)
  });
});

describe("keyAction", () => {
  test("arrows step, Home and End jump, Space plays or pauses", () => {
    assert.equal(keyAction("ArrowLeft"), "back");
    assert.equal(keyAction("ArrowRight"), "next");
    assert.equal(keyAction("Home"), "first");
    assert.equal(keyAction("End"), "last");
    assert.equal(keyAction(" "), "toggle");
  });

  test("PageUp and PageDown step unless a lecture keeps them for its scenes", () => {
    assert.equal(keyAction("PageUp"), "back");
    assert.equal(keyAction("PageDown", true), "next");
    assert.equal(keyAction("PageUp", false), null);
    assert.equal(keyAction("PageDown", false), null);
    assert.equal(keyAction("ArrowRight", false), "next");
  });

  test("other keys are not the scene's", () => {
    for (const key of ["a", "Enter", "ArrowUp", "Tab", "Escape", "toString", "constructor", "__proto__", ""]) {
      assert.equal(keyAction(key), null, key);
    }
  });
});
