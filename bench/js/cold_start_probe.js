// Installed before the page's own scripts (bench/cell.py): when the app's websocket opened, when its first message
// arrived and when the explorer's cell diagram first showed, on the page's own clock (ms from navigation start).
(() => {
  const marks = (window.__lvColdStart = { wsOpen: null, wsFirstMessage: null, diagram: null });
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("open", () => { if (marks.wsOpen === null) marks.wsOpen = performance.now(); });
    socket.addEventListener("message", () => {
      if (marks.wsFirstMessage === null) marks.wsFirstMessage = performance.now();
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  // The scene renders inside a components-v2 shadow root: watch the document and every shadow root attached.
  const roots = [];
  const seen = () => {
    if (marks.diagram !== null) return true;
    for (const root of roots) {
      const diagram = root.querySelector(".lv-scene .lv-diagram");
      if (!diagram) continue;
      const box = diagram.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) {
        marks.diagram = performance.now();
        return true;
      }
    }
    return false;
  };
  const watch = (root) => {
    roots.push(root);
    new MutationObserver((_, observer) => { if (seen()) observer.disconnect(); })
      .observe(root, { childList: true, subtree: true, attributes: true });
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (...args) {
    const root = attach.apply(this, args);
    watch(root);
    return root;
  };
  watch(document);
})();
