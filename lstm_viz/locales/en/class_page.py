"""English texts: the class panel (ui/classroom.py)."""

TEXTS: dict[str, str] = {}
