"""Does a proxy in front of several app processes keep each browser on its own app? Uploads and media tell.

Streamlit keeps a session's uploaded files and its media (downloads, images) in the process that runs the session,
and fetches both over plain HTTP beside the websocket: a proxy without session affinity sends some of those requests
to another process, which answers 400/404 (``MediaFileStorageError``). ``upload_errors(url, count)`` opens the
Lectures page through ``url`` in ``count`` fresh browsers (Debian's Chromium, driven by Playwright: the test extras),
each with its own cookies, uploads a lecture file, waits for the page to accept it, and downloads it back through a
download button; it returns how many of them failed.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LECTURE = ROOT / "lectures" / "lstm-cell.en.toml"
CHROMIUM = os.environ.get("LSTM_VIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]


def upload_errors(url: str, count: int = 10, timeout: float = 60, details: list | None = None) -> int:
    """How many of ``count`` fresh browsers failed to upload a lecture file and download it back through ``url``
    (``details``, if given, gets one line per failure)."""
    from playwright.sync_api import sync_playwright

    failures = 0
    data = LECTURE.read_bytes()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for k in range(count):
                context = browser.new_context(accept_downloads=True)  # a fresh browser: no cookies yet
                try:
                    _one(context, url, data, timeout)
                except Exception as error:
                    failures += 1
                    if details is not None:
                        details.append(f"browser {k + 1}: {type(error).__name__}: {str(error).splitlines()[0][:300]}")
                finally:
                    context.close()
        finally:
            browser.close()
    return failures


def _one(context, url: str, data: bytes, timeout: float) -> None:
    page = context.new_page()
    page.goto(f"{url}/lectures", timeout=timeout * 1000)
    ready = "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
    page.wait_for_selector(ready, timeout=timeout * 1000)
    page.locator(".st-key-lecture_upload input[type=file]").set_input_files(
        {"name": LECTURE.name, "mimeType": "application/toml", "buffer": data}
    )
    page.get_by_test_id("stAlertContentSuccess").first.wait_for(timeout=timeout * 1000)  # the lecture was read
    errors = page.get_by_test_id("stException").count() + page.get_by_test_id("stFileUploaderFileErrorMessage").count()
    if errors:
        raise RuntimeError(f"the page shows {errors} error(s) after the upload")
    with page.expect_download(timeout=timeout * 1000) as download:
        page.locator(".st-key-upload_file button").first.click()  # a media file kept by the session's app
    failure = download.value.failure()
    if failure:
        raise RuntimeError(f"the download failed: {failure}")
    if not Path(download.value.path()).stat().st_size:
        raise RuntimeError("the download was empty")
