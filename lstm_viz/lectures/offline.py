"""A lecture as one offline HTML file: its explorer and stack-view scenes, each with its caption, played by the
explorer's own renderer (lstm_viz/scene) with no server and no network. Scenes of other pages need the app (they
train models or read data); the file lists them instead of dropping them silently.
"""

from __future__ import annotations

import html as html_escape
from pathlib import Path

from lstm_viz import scene
from lstm_viz.explorer import link
from lstm_viz.explorer.config import run
from lstm_viz.explorer.presets import default_config
from lstm_viz.i18n import Texts
from lstm_viz.lectures import Lecture
from lstm_viz.scene import bundle

LECTURE_JS = Path(__file__).with_name("lecture.js")


def payloads(lecture: Lecture, tr: Texts) -> tuple[list[dict], list[int]]:
    """([{"number", "caption", "data"} for each explorer scene], [numbers of the scenes left out]), 1-based."""
    shown, left_out = [], []
    default = default_config()[0]
    for number, item in enumerate(lecture.scenes, 1):
        if item.page not in ("explorer", "layers"):
            left_out.append(number)
            continue
        try:
            data = (_explorer if item.page == "explorer" else _layers)(str(item.state.get("link", "")), tr, number,
                                                                       default)  # fmt: skip
        except (scene.SceneError, ValueError):
            left_out.append(number)
            continue
        shown.append({"number": number, "caption": item.caption, "data": data})
    return shown, left_out


def _explorer(text: str, tr: Texts, number: int, default) -> dict:
    config, t, _ = link.from_query(link.parse_query(text), default)
    traces = run(config)
    cells = [scene.Cell(c.weights(config.input_dim), trace, tr(f"kind.{c.kind}"), c.unit)
             for c, trace in zip(config.cells, traces)]  # fmt: skip
    return scene.payload(cells, tr, t, number, lecture=True, keys=True, page_keys=False)


def _layers(text: str, tr: Texts, number: int, default) -> dict:
    """A stack view's scene (lstm_viz.layers): its grid and cells, as the page shows them."""
    from lstm_viz.layers import config as stack_config
    from lstm_viz.layers import link as layers_link
    from lstm_viz.scene import stack

    config, t, _ = layers_link.from_query(layers_link.parse_query(text))
    return stack.payload(stack_config.run(config), tr, t, number, lecture=True, keys=True, page_keys=False)


def html(lecture: Lecture, tr: Texts) -> str:
    shown, left_out = payloads(lecture, tr)
    script = bundle.cached(LECTURE_JS, default_export=False)  # lecture.js and the renderer it imports
    data = {
        "title": lecture.title,
        "total": len(lecture.scenes),
        "scenes": shown,
        "texts": {
            "back": tr("lectures.back"),
            "next": tr("lectures.next"),
            "left_out": tr("lectures.offline_left_out", numbers=", ".join(map(str, left_out))) if left_out else "",
            "note": tr("lectures.offline_note"),
        },
    }
    return f"""<!DOCTYPE html>
<html lang="{html_escape.escape(lecture.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html_escape.escape(lecture.title)}</title>
<style>
body {{ margin: 12px auto; max-width: 1500px; padding: 0 16px; background: #fff;
  font-family: "Source Sans Pro", "Source Sans 3", Inter, "Segoe UI", Helvetica, Arial, sans-serif; }}
.lv-lecture-bar {{ display: flex; align-items: center; gap: 16px; border: 1px solid #d8dde3; border-radius: 10px;
  padding: 10px 14px; margin-bottom: 10px; background: #f3f5f8; }}
.lv-lecture-caption {{ flex: 1; font-size: 24px; font-weight: 600; margin: 0; }}
.lv-lecture-count {{ font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }}
.lv-lecture-bar button {{ font-size: 22px; min-width: 56px; min-height: 48px; border-radius: 8px;
  border: 1px solid #c4ccd6; background: #fff; cursor: pointer; }}
.lv-lecture-note {{ font-size: 13px; color: #5b6470; margin: 0 0 6px; }}
{scene.stylesheet()}
</style>
</head>
<body>
<div id="lv-lecture"></div>
<div id="lv-root"></div>
<script type="application/json" id="lv-lecture-data">{scene.dumps(data)}</script>
<script type="module">
{script}
</script>
</body>
</html>
"""
