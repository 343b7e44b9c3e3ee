"""The offline scene: one self-contained HTML file with the renderer, its styles and one scene's data.

For a lecture-hall PC that cannot run Python: it opens from disk with no server and no network (nothing is fetched:
the script, the styles and the data are inline; MathML is drawn by the browser itself). It reopens at the step it was
saved at and keeps the step in the address's #t=… while it is used.
"""

from __future__ import annotations

import html as html_escape
from collections.abc import Mapping

from lstm_viz.scene import FOLDER, bundle, dumps, stylesheet

BOOT = FOLDER / "offline.js"  # reads the data and the #t=… step, and mounts the scene


def html(data: Mapping, title: str) -> str:
    """The file's text: ``data`` is a scene payload (lstm_viz.scene.payload)."""
    script = bundle.cached(BOOT, default_export=False)  # the renderer and its start, with no export
    note = data.get("texts", {}).get("offline_note", "")
    return f"""<!DOCTYPE html>
<html lang="{html_escape.escape(str(data.get("lang", "en")))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html_escape.escape(title)}</title>
<style>
body {{ margin: 16px auto; max-width: 1400px; padding: 0 16px; background: #fff; }}
.lv-offline-note {{ font: 13px sans-serif; color: #5b6470; margin: 0 0 8px; }}
{stylesheet()}
</style>
</head>
<body>
<p class="lv-offline-note">{html_escape.escape(note)}</p>
<div id="lv-root"></div>
<script type="application/json" id="lv-data">{dumps(data)}</script>
<script type="module">
{script}
</script>
</body>
</html>
"""
