"""Where a page's scene should start its step, and where the browser last said it is (the browser owns the step:
the server only sends it somewhere, with a token that changes each time, and learns the step when the user stops
moving it, for the link). One per page that shows a scene: the explorer's, the stack view's."""

from __future__ import annotations

import streamlit as st


class SceneStep:
    def __init__(self, name: str) -> None:
        self._start, self._step = f"{name}_start", f"{name}_step"

    def send(self, t: int) -> None:
        """Send the browser to step t (a link, a preset, a lecture's scene)."""
        token = st.session_state.get(self._start, (0, 0))[1] + 1
        st.session_state[self._start] = (int(t), token)
        st.session_state[self._step] = int(t)

    def start(self) -> tuple[int, int]:
        """(the step the browser should go to, a token that changes each time it should)."""
        return st.session_state.get(self._start, (0, 0))

    def step(self) -> int:
        """The step the browser last reported."""
        return int(st.session_state.get(self._step, 0))

    def reported(self, t: int | None) -> None:
        if t is not None:
            st.session_state[self._step] = int(t)
