"""The README's screenshots: every page in English and in Russian, the explorer in lecture mode on a 1280×720
projector and in compare mode. Trains the quick recipes first (about two minutes on 2 cores).

python docs/screenshots.py        # writes docs/*.png
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.helpers import wait_for_app  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, wait_healthy  # noqa: E402

DOCS = ROOT / "docs"
LFW = ROOT.parent / "shared" / "data" / "lfw_home"


def shoot(page: Page, name: str) -> None:
    page.wait_for_timeout(800)
    page.screenshot(path=str(DOCS / f"{name}.png"))
    print("wrote", name, file=sys.stderr)


def train(page: Page, base: str, path: str, button: str, done: str, setup=()) -> None:
    """Open a page, make its settings, press Train and wait for the results."""
    page.goto(f"{base}/{path}")
    wait_for_app(page, 60_000)
    for action in setup:
        action(page)
        wait_for_app(page, 60_000)
    page.locator(f".st-key-{button} button").click()
    page.get_by_text(done).first.wait_for(timeout=600_000)
    wait_for_app(page, 60_000)


def newer_pages(page: Page, base: str, lang: str) -> None:
    """The faces lab (after the quick demo), a challenge, a lecture being presented, the lectures page and your
    model with a sample made on the server."""
    if LFW.exists():
        page.goto(f"{base}/faces-lab?lang={lang}")
        wait_for_app(page, 120_000)
        page.get_by_role("tab").nth(3).click()  # epochs and early stopping
        wait_for_app(page)
        page.locator(".st-key-lab_curves").scroll_into_view_if_needed()
        shoot(page, f"faces_lab_{lang}")
        page.get_by_role("tab").nth(4).click()  # does the conclusion hold?
        wait_for_app(page)
        page.locator(".st-key-lab_shift button").click()
        page.locator(".st-key-lab_shift_chart .js-plotly-plot").wait_for(timeout=300_000)
        wait_for_app(page, 120_000)
        page.locator(".st-key-lab_shift_chart").scroll_into_view_if_needed()
        shoot(page, f"faces_lab_shifts_{lang}")
    page.goto(f"{base}/challenges?lang={lang}")
    wait_for_app(page, 60_000)
    shoot(page, f"challenges_{lang}")
    page.goto(f"{base}/?lecture=lstm-cell&scene=4&lang={lang}")
    wait_for_app(page, 60_000)
    shoot(page, f"lecture_scene_{lang}")
    page.goto(f"{base}/lectures?lang={lang}")
    wait_for_app(page, 60_000)
    shoot(page, f"lectures_{lang}")
    page.goto(f"{base}/your-model?lang={lang}")
    wait_for_app(page, 60_000)
    page.locator(".st-key-own_source label").nth(2).click()  # a sample (the first label is the widget's)
    wait_for_app(page)
    if page.locator(".st-key-own_make_sample button").count():
        page.locator(".st-key-own_make_sample button").click()
    page.locator(".st-key-own_layer, [data-testid='stDataFrame']").first.wait_for(timeout=300_000)
    wait_for_app(page, 120_000)
    shoot(page, f"your_model_{lang}")


def neurons(page: Page, base: str) -> None:
    """What neurons learn: the default character model (about two minutes), its text view in both languages, the
    counting models, and the text view at 1280×720 in lecture mode."""
    page.goto(f"{base}/neurons")
    wait_for_app(page, 60_000)
    page.locator(".st-key-neurons_train button").click()
    page.locator(".tv-text").wait_for(timeout=600_000)
    wait_for_app(page, 120_000)
    page.get_by_role("tab").nth(1).click()
    wait_for_app(page)
    page.locator(".st-key-count_train button").click()
    page.locator(".st-key-count_counter").wait_for(timeout=300_000)
    page.wait_for_timeout(15_000)  # the second kind finishes
    for lang in ("en", "ru"):
        page.goto(f"{base}/neurons?lang={lang}")
        wait_for_app(page, 60_000)
        page.locator(".st-key-neurons_unit").scroll_into_view_if_needed()
        page.mouse.move(700, 400)
        page.mouse.wheel(0, -120)
        shoot(page, f"neurons_{lang}")
        page.get_by_role("tab").nth(1).click()
        wait_for_app(page)
        page.locator(".st-key-count_accuracy").scroll_into_view_if_needed()
        shoot(page, f"neurons_counting_{lang}")
    projector = page.context.browser.new_page(viewport={"width": 1280, "height": 720})
    projector.goto(f"{base}/neurons?lecture=1&lang=ru")
    wait_for_app(projector, 60_000)
    projector.locator(".tv-bar").scroll_into_view_if_needed()
    shoot(projector, "neurons_lecture_ru")
    projector.close()


def main() -> None:
    home = Path(tempfile.mkdtemp())
    if LFW.exists():
        shutil.copytree(LFW, home / "lfw_home")
    port = free_port()
    server = start_server(port, home / "streamlit.log", {"LSTM_VIZ_DATA_HOME": str(home)})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            for lang in ("en", "ru"):
                page.goto(f"{base}/?lang={lang}")
                wait_for_app(page)
                shoot(page, f"explorer_{lang}")
            page.goto(f"{base}/?seq=pulse&n=30&W=10,0,3,0&U=0,0,0,0&b=-5,6,0,3&Bkind=gru&BW=-10,0,3&BU=0,0,0"
                      "&Bb=6,0,0&t=12")  # fmt: skip
            wait_for_app(page)
            shoot(page, "explorer_compare")
            for lang in ("en", "ru"):
                projector = browser.new_page(viewport={"width": 1280, "height": 720})
                projector.goto(f"{base}/?lecture=1&lang={lang}")
                wait_for_app(projector)
                shoot(projector, f"explorer_lecture_{lang}")
                projector.close()

            def choose(key: str, option: str):
                return lambda p: p.locator(f".st-key-{key}").get_by_text(option, exact=True).click()

            def number(key: str, value: str):
                def act(p):
                    box = p.locator(f".st-key-{key} input")
                    box.fill(value)
                    box.press("Enter")

                return act

            train(
                page,
                base,
                "alphabet",
                "train",
                "Accuracy on",
                [choose("variant", "3. Three letters as three time steps"), choose("recipe", "Fast recipe")],
            )
            train(
                page,
                base,
                "forecasting",
                "fc_train",
                "RMSE, autoregressive",
                [choose("fc_recipe", "Our default"), number("fc_epochs", "8")],
            )
            if LFW.exists():
                page.goto(f"{base}/faces")
                wait_for_app(page, 120_000)
                page.get_by_role("tab", name="Train and judge").click()
                choose("faces_recipe", "Quick demo")(page)
                wait_for_app(page)
                page.locator(".st-key-faces_train button").click()
                page.get_by_text("Test accuracy", exact=True).wait_for(timeout=900_000)
            for lang in ("en", "ru"):
                for path, name, tab in (("alphabet", "alphabet", None), ("forecasting", "forecasting", None),
                                        ("faces", "faces", 2), ("why-lstm", "why_lstm", None)):  # fmt: skip
                    page.goto(f"{base}/{path}?lang={lang}")
                    wait_for_app(page, 120_000)
                    if path == "alphabet":
                        page.locator(".st-key-variant").get_by_text("3.", exact=False).first.click()
                        wait_for_app(page)
                        page.locator(".st-key-recipe label").nth(2).click()  # the first label is the widget's
                        wait_for_app(page)
                    if path == "forecasting":
                        page.locator(".st-key-fc_recipe label").nth(3).click()
                        wait_for_app(page)
                        number("fc_epochs", "8")(page)
                        wait_for_app(page)
                    if tab is not None:
                        page.get_by_role("tab").nth(tab).click()
                        wait_for_app(page)
                        page.locator(".st-key-faces_recipe label").nth(3).click()
                        wait_for_app(page)
                    if path != "why-lstm":  # the results, below the settings
                        page.mouse.move(900, 500)
                        page.mouse.wheel(0, 650)
                    shoot(page, f"{name}_{lang}")
                newer_pages(page, base, lang)
            neurons(page, base)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
