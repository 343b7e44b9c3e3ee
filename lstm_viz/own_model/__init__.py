"""Your own model: a stranger's ``.keras`` file checked, loaded safely, and one recurrent layer opened in the explorer
(archive: the checks before Keras; model: loading, layers, NumPy beside Keras; inputs; summary: per-unit gates)."""

from lstm_viz.own_model.archive import OwnModelError

SOURCES = ("upload", "sample")  # where the page's model comes from (catalogue own.source.<name>)

__all__ = ["SOURCES", "OwnModelError"]
