"""The English catalogue, one module per part of the app (lstm_viz/i18n.py reads TEXTS)."""

from lstm_viz.locales import collect

TEXTS: dict[str, str] = collect("en")
