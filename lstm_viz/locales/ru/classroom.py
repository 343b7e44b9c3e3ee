"""Russian texts: the class store's messages (lstm_viz.classroom)."""

TEXTS: dict[str, str] = {}
