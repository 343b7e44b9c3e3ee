// A stack's scene (lstm_viz/scene/stack.js): which cell of each stack is drawn, and every picked cell in the input's
// time order for the charts (a backward cell's values and heatmap levels turned round), its views in its own order.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { defaultPick, stackCells } from "../../lstm_viz/scene/stack.js";

// two stacks on 3 steps: A = a Bidirectional layer (cells 0 →, 1 ←) under one layer (cell 2); B = one layer (cell 3)
function scene() {
  const cell = (reverse, h) => ({ reverse, x: [[1], [2], [3]], values: { h }, unpinned: {},
    heat: { h: { steps: 3, units: 1, at: (t, u) => h[t][u] } } });
  return {
    steps: 3,
    cells: [cell(false, [[0.1], [0.2], [0.3]]), cell(true, [[-1], [-2], [-3]]), cell(false, [[5], [6], [7]]),
      cell(false, [[9], [8], [7]])],
    stacks: [{ layers: [{ cells: [0, 1] }, { cells: [2] }] }, { layers: [{ cells: [3] }] }],
  };
}

describe("stackCells", () => {
  test("picks each stack's top layer first, and keeps a pick while the stacks keep their shape", () => {
    const data = scene(), state = {};
    assert.equal(defaultPick(data.stacks[0]), 2);
    const mode = stackCells(data, state);
    assert.deepEqual(mode.picks(), [2, 3]);
    mode.pick(0, 1);
    assert.deepEqual(stackCells(scene(), state).picks(), [1, 3]);  // a new payload of the same shape: kept
    const other = scene();
    other.stacks[1].layers.push({ cells: [4] });
    assert.deepEqual(stackCells(other, state).picks(), [2, 4]);  // another shape: the top layers again
  });

  test("a backward cell's views run in its own order, its charts in the input's", () => {
    const data = scene(), state = {};
    const mode = stackCells(data, state);
    mode.pick(0, 1);
    assert.equal(mode.localOf(1, 0), 2);  // at t = 0 the backward cell has read steps 2, 1, 0: its step 2
    assert.equal(mode.localOf(3, 0), 0);
    const timed = mode.timeScene();
    assert.deepEqual(timed.cells[0].values.h, [[-3], [-2], [-1]]);
    assert.deepEqual(timed.cells[0].x, [[3], [2], [1]]);
    assert.equal(timed.cells[0].heat.h.at(0, 0), -3);
    assert.deepEqual(timed.cells[1].values.h, [[9], [8], [7]]);  // a forward cell as it came
    assert.deepEqual(data.cells[1].values.h, [[-1], [-2], [-3]]);  // the payload itself untouched
    assert.deepEqual(mode.sceneOf(1).x, [[1], [2], [3]]);
  });
});
