"""The server process's settings (ui/server.py, 4.): Streamlit's config read without its global lock, the same
values as Streamlit's own functions give, and changes still seen."""

from __future__ import annotations

import copy
import threading

import pytest
from streamlit import config

from ui import server


@pytest.fixture
def unlocked(monkeypatch):
    """Streamlit's own functions (another test's server may have replaced them in this process), then ours."""
    config.get_config_options()
    originals = tuple(getattr(f, "locked", f) for f in (config.get_option, config.get_options_for_section))
    monkeypatch.setattr(config, "get_option", originals[0])  # (put back after the test)
    monkeypatch.setattr(config, "get_options_for_section", originals[1])
    server.unlock_config()
    assert config.get_option is not originals[0] and config.get_options_for_section is not originals[1]
    server.unlock_config()  # (once)
    assert config.get_option.locked is originals[0] and config.get_options_for_section.locked is originals[1]
    return originals


SECTIONS = ("theme", "server", "global", "client", "runner", "browser", "theme.sidebar")


def test_every_option_and_section_reads_as_streamlit_reads_it(unlocked):
    get_option, get_options_for_section = unlocked
    for name in config._config_options:
        assert config.get_option(name) == get_option(name), name
    for section in SECTIONS:
        assert config.get_options_for_section(section) == get_options_for_section(section), section
        assert config.get_options_for_section(section) == get_options_for_section(section), section  # (kept)
    with pytest.raises(RuntimeError):
        config.get_option("no.such_option")  # as Streamlit's own


def test_a_changed_option_and_a_parsed_config_are_seen(unlocked, monkeypatch):
    before = config.get_options_for_section("theme")["primaryColor"]  # which options are the theme's: kept
    monkeypatch.setattr(config, "_config_options", copy.deepcopy(config._config_options))  # a config parsed again
    config._set_option("theme.primaryColor", "#123456", "a test")  # (what set_option does)
    assert config.get_option("theme.primaryColor") == "#123456" != before
    assert config.get_options_for_section("theme")["primaryColor"] == "#123456"
    config._set_option("theme.primaryColor", "#654321", "a test")  # a value changed in place
    assert config.get_option("theme.primaryColor") == "#654321"
    assert config.get_options_for_section("theme")["primaryColor"] == "#654321"


def test_reading_an_option_waits_for_no_lock(unlocked):
    """Another thread holding the config's lock (as a thread that lost the GIL inside Streamlit's get_option did)
    keeps nobody waiting."""
    read = {}

    def reader():
        read["value"] = config.get_option("global.minCachedMessageSize")
        read["theme"] = config.get_options_for_section("theme")

    with config._config_lock:
        thread = threading.Thread(target=reader)
        thread.start()
        thread.join(timeout=5)
        assert not thread.is_alive(), "a reader waited for the config's lock"
    assert read["value"] == unlocked[0]("global.minCachedMessageSize")
    assert read["theme"] == unlocked[1]("theme")
