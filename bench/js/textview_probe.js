// Times the text view's first paint in the page (bench/neurons.py): from mount() to the frame after it is drawn.
// Loaded as a module after the renderer's text, which defines mount(); the data is in #tv-data.
const data = JSON.parse(document.getElementById("tv-data").textContent);
const began = performance.now();
mount({ data, key: "bench", parentElement: document.getElementById("tv-root") });
requestAnimationFrame(() => setTimeout(() => {
  window.__textviewMs = performance.now() - began;
  window.__textviewSpans = document.querySelectorAll(".tv-ch").length;
}, 0));
