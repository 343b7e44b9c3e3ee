// The player (lstm_viz/scene/controls.js) on a fake clock: what it draws, in which order, what it reports to the
// page; and which key presses are the scene's. No page is needed: the player only calls back.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";

import { Player, keyIsForUs } from "../../lstm_viz/scene/controls.js";

// A clock the test moves: setTimeout, clearTimeout and performance.now, put back after each test.
let clock;
const saved = {};
beforeEach(() => {
  clock = { now: 0, timers: new Map(), next: 1 };
  for (const name of ["setTimeout", "clearTimeout", "performance"]) saved[name] = globalThis[name];
  globalThis.setTimeout = (callback, delay = 0) => {
    const id = clock.next++;
    clock.timers.set(id, { due: clock.now + delay, callback });
    return id;
  };
  globalThis.clearTimeout = (id) => clock.timers.delete(id);
  globalThis.performance = { now: () => clock.now };
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) globalThis[name] = value;
});

function advance(ms) {  // run the timers due by now + ms, in time order
  const end = clock.now + ms;
  for (;;) {
    const due = [...clock.timers.entries()].filter(([, timer]) => timer.due <= end).sort((a, b) => a[1].due - b[1].due);
    if (!due.length) break;
    const [id, timer] = due[0];
    clock.timers.delete(id);
    clock.now = timer.due;
    timer.callback();
  }
  clock.now = end;
}

function player(steps, t = 0, speed = 2, backward = false) {
  const drawn = [], reported = [], heard = [];
  const p = new Player({ steps, backward }, { t, speed }, (step) => drawn.push(step), (step) => reported.push(step));
  p.listeners.add((step, playing) => heard.push([step, playing]));
  return { p, drawn, reported, heard };
}

describe("Player, backward mode (issue 29)", () => {
  test("Next goes one step earlier, First is the last step, Last is step 0, a jump is where it says", () => {
    const { p, drawn } = player(5, 4, 2, true);
    p.act("next");
    p.act("next");
    p.act("back");
    p.act("last");
    p.act("next");  // already at step 0
    p.act("first");
    p.jump(2);
    assert.deepEqual(drawn, [3, 2, 3, 0, 0, 4, 2]);
  });

  test("plays from the last step down to step 0 at the asked speed, and again from the last", () => {
    const { p, drawn } = player(4, 3, 2, true);
    p.act("toggle");
    advance(1500);
    assert.deepEqual(drawn, [2, 1, 0]);
    assert.equal(p.playing, false);
    p.act("toggle");  // Play at step 0 starts again from the last step
    advance(500);
    assert.deepEqual(drawn, [2, 1, 0, 3, 2]);
  });
});

describe("Player", () => {
  test("steps by hand within the input and reports the step once the user stops", () => {
    const { p, drawn, reported } = player(5, 2);
    p.act("next");
    p.act("next");
    p.act("next");  // already at the last step
    assert.deepEqual(drawn, [3, 4, 4]);
    assert.equal(p.t, 4);
    assert.deepEqual(reported, []);  // not at every step
    advance(600);
    assert.deepEqual(reported, [4]);
    p.act("first");
    p.act("back");
    p.act("last");
    p.jump(2.7);
    advance(600);
    assert.deepEqual(drawn, [3, 4, 4, 0, 0, 4, 3]);
    assert.deepEqual(reported, [4, 3]);
  });

  test("plays every step in order at the asked speed, stops on the last and reports it", () => {
    const { p, drawn, reported, heard } = player(4, 0, 2);
    p.act("toggle");
    assert.equal(p.playing, true);
    assert.deepEqual(heard, [[0, true]]);
    advance(499);
    assert.deepEqual(drawn, []);  // step 1 is due after half a second at 2 steps/s
    advance(1);
    assert.deepEqual(drawn, [1]);
    advance(1000);
    assert.deepEqual(drawn, [1, 2, 3]);
    assert.equal(p.playing, false);
    assert.deepEqual(reported, [3]);
    assert.deepEqual(heard.at(-1), [3, false]);
    advance(5000);
    assert.deepEqual(drawn, [1, 2, 3]);  // nothing after the last step
  });

  test("play at the last step starts again from the first", () => {
    const { p, drawn } = player(3, 2, 1);
    p.play();
    assert.deepEqual(drawn, [0]);
    advance(2000);
    assert.deepEqual(drawn, [0, 1, 2]);
  });

  test("pause keeps the step on screen; a step by hand stops playback", () => {
    const { p, drawn, reported } = player(10, 0, 4);
    p.act("toggle");
    advance(600);  // steps 1 and 2 (every 250 ms)
    p.act("toggle");
    assert.equal(p.playing, false);
    assert.deepEqual(reported, [2]);
    advance(2000);
    assert.deepEqual(drawn, [1, 2]);
    p.play();
    advance(250);
    p.act("back");
    assert.equal(p.playing, false);
    advance(2000);
    assert.deepEqual(drawn, [1, 2, 3, 2]);
  });

  test("a new speed while playing keeps the step and times the next from now", () => {
    const { p, drawn } = player(10, 0, 1);
    p.play();
    advance(1000);
    assert.deepEqual(drawn, [1]);
    p.setSpeed(4);
    advance(250);
    assert.deepEqual(drawn, [1, 2]);
  });

  test("one step: play does nothing", () => {
    const { p, drawn } = player(1);
    p.act("toggle");
    assert.equal(p.playing, false);
    assert.deepEqual(drawn, []);
  });

  test("dispose stops playback and its timers", () => {
    const { p, drawn, reported } = player(10);
    p.play();
    p.dispose();
    advance(5000);
    assert.deepEqual(drawn, []);
    assert.deepEqual(reported, []);
  });
});

describe("keyIsForUs", () => {
  const node = (tagName, attributes = {}, extra = {}) => ({
    tagName, getAttribute: (name) => attributes[name] ?? null, ...extra,
  });
  const root = { contains: (target) => target.inScene === true };
  const key = (k, target, extra = {}) => ({ key: k, composedPath: () => [target], defaultPrevented: false, ...extra });

  test("the page's keys are the scene's", () => {
    assert.equal(keyIsForUs(key("ArrowRight", node("BODY")), root), true);
    assert.equal(keyIsForUs(key("ArrowRight", node("BUTTON")), root), true);
  });

  test("not while the user types or works another control", () => {
    assert.equal(keyIsForUs(key("ArrowRight", node("INPUT")), root), false);
    assert.equal(keyIsForUs(key("ArrowRight", node("TEXTAREA")), root), false);
    assert.equal(keyIsForUs(key("ArrowRight", node("DIV", { role: "slider" })), root), false);
    assert.equal(keyIsForUs(key("ArrowRight", node("DIV", {}, { isContentEditable: true })), root), false);
    assert.equal(keyIsForUs(key(" ", node("BUTTON")), root), false);  // Space presses the focused button
  });

  test("the scene's own scrubber keeps the keys, its speed box does not", () => {
    assert.equal(keyIsForUs(key("ArrowRight", node("INPUT", {}, { type: "range", inScene: true })), root), true);
    assert.equal(keyIsForUs(key("ArrowRight", node("SELECT", {}, { inScene: true })), root), false);
  });

  test("not with a modifier (the browser's shortcuts) or once handled", () => {
    for (const modifier of ["altKey", "ctrlKey", "metaKey"]) {
      assert.equal(keyIsForUs(key("ArrowRight", node("BODY"), { [modifier]: true }), root), false, modifier);
    }
    assert.equal(keyIsForUs(key("ArrowRight", node("BODY"), { defaultPrevented: true }), root), false);
  });
});
