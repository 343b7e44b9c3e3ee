"""Reaching into the scene (lstm_viz/scene), which lives in a shadow root: Playwright's CSS locators pierce it, but
``page.evaluate`` code must find the root itself; and timing inside the page, where the user's clicks land."""

from __future__ import annotations

from playwright.sync_api import Page

FIND_SCENE = """
(window.__lvRoot = function () {
  for (const node of document.querySelectorAll('*')) {
    if (node.shadowRoot && node.shadowRoot.querySelector('.lv-scene')) return node.shadowRoot;
  }
  return document.querySelector('.lv-scene') ? document : null;
})
"""

# Records, inside the page, when the user's input event happened and when the view then showed a new step: the time
# from the event to the frame after the DOM changed (requestAnimationFrame, then a task: after that frame's paint).
WATCH = """
() => {
  const find = window.__lvRoot;
  window.__lvTimes = [];
  window.__lvSteps = [];
  const record = (start) => {
    const root = find();
    const expected = root.querySelector('.lv-scene').dataset.t;
    requestAnimationFrame(() => setTimeout(() => {
      const r = find();
      window.__lvTimes.push({
        ms: performance.now() - start,
        text: r.querySelector('.lv-step-text').dataset.t,
        diagram: r.querySelector('.lv-diagram').dataset.t,
        expected,
      });
    }, 0));
  };
  const root = find();
  root.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('.lv-button');
    if (button) record(event.timeStamp);  // bubbling: after the button's own handler has drawn the step
  });
  new MutationObserver(() => {
    const scene = find().querySelector('.lv-scene');
    window.__lvSteps.push([Number(scene.dataset.t), performance.now()]);
  }).observe(root.querySelector('.lv-scene'), { attributes: true, attributeFilter: ['data-t'] });
  return true;
}
"""


def install(page: Page) -> None:
    page.evaluate(FIND_SCENE)
    page.evaluate(WATCH)


def step_shown(page: Page) -> int:
    """The step the scene shows (its step text's)."""
    return int(page.locator(".lv-step-text").first.get_attribute("data-t"))


def click(page: Page, action: str) -> None:
    """Press one of the scene's buttons (first, back, play, pause, next, last) with the mouse."""
    page.locator(f".lv-scene [data-action={action}]").first.click()


def offline_view(browser, path):
    """A downloaded scene file opened with the network blocked: (its page, the URLs it asked for, its context)."""
    offline = browser.new_context()
    offline.set_offline(True)
    requests: list[str] = []
    view = offline.new_page()
    view.on("request", lambda request: requests.append(request.url))
    view.goto(path.as_uri())
    return view, requests, offline


def asked_the_network(requests: list[str]) -> list[str]:
    """What a scene asked for beyond its file (a heatmap's blob: picture is pixels in memory, no request)."""
    return [url for url in requests if not url.startswith(("file:", "blob:"))]
