// The scene's files load as real ES modules, each with its own imports (no file relies on another's globals):
// what lstm_viz/scene/bundle.py flattens for the page is the same module graph.
import assert from "node:assert/strict";
import { test } from "node:test";

const SCENE = "../../lstm_viz/scene/";

test("every part of the renderer loads on its own and exports what the others import", async () => {
  const format = await import(SCENE + "format.js");
  const controls = await import(SCENE + "controls.js");
  const scene = await import(SCENE + "scene.js");
  for (const name of ["el", "svgEl", "formatNumber", "formatPercent", "formatVector", "fillTemplate", "richText"]) {
    assert.equal(typeof format[name], "function", name);
  }
  assert.equal(typeof controls.Player, "function");
  assert.equal(typeof controls.buildControls, "function");
  assert.equal(scene.default, scene.mount);  // the component's entry point
  assert.equal(scene.default.name, "mount");
  for (const name of ["diagram", "bars", "charts", "equations", "access", "steps"]) {
    const module = await import(SCENE + name + ".js");
    assert.ok(Object.keys(module).length > 0, name);
    assert.equal(module.default, undefined, name);  // only the entry has a default export
  }
});
