"""The cell explorer: a NumPy LSTM stepped through time, every gate live, every number bendable.

Widgets (sidebar) -> ExplorerConfig -> lstm_viz.explorer.run -> figures and formulas (main area).
The per-step views live in a fragment, so stepping and playback rerun only them.
"""

import time

import streamlit as st

from lstm_viz import explain, explorer, lstm, plots
from lstm_viz.explorer import (
    C0_LIMIT,
    CELL_PRESETS,
    GATE_SYMBOLS,
    MAX_STEPS,
    MAX_UNITS,
    MIN_STEPS,
    MIN_UNITS,
    STATE_LIMIT,
    WEIGHT_LIMIT,
    WORKED_EXAMPLE,
    ExplorerConfig,
    weight_key,
)
from lstm_viz.lstm import GATE_RANGES, GATES
from lstm_viz.sequences import SEQUENCE_PRESETS
from pages._shared import app_params, chart, lecture, page_setup

tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)  # steps per second
NAV_BUTTONS = ("first", "prev", "play", "pause", "next", "last")
SESSION_DEFAULTS = {"preset": "worked", "seed": 7, "playing": False, "speed": 2.0, "last_tick": 0.0}


def load(config: ExplorerConfig) -> None:
    """Put a configuration into every widget (presets, shared links, a change of size)."""
    st.session_state.update(explorer.widget_values(config))
    st.session_state.config = config
    history().show(config.t, time.monotonic())


def ensure(config: ExplorerConfig) -> None:
    """Give a widget that was not drawn last run (so Streamlit dropped its state) its configured value."""
    for key, value in explorer.widget_values(config).items():
        if key not in st.session_state:
            st.session_state[key] = value


def on_units_change() -> None:
    load(st.session_state.config.with_units(st.session_state.units))


def on_preset() -> None:
    config = explorer.preset(st.session_state.preset, st.session_state.config, seed=int(st.session_state.seed))
    load(config)
    st.session_state.playing = False


def slider(label: str, low, high, key: str, place=st, **options):
    """A slider whose value lives in ``st.session_state[key]`` (every slider here: ``ensure`` fills them).

    Passing that value as the default spares Streamlit a scan of the whole session state for each slider (it
    otherwise looks there to guess single value or range): a tenth of a busy classroom server's time.
    """
    value = st.session_state.get(key, low)
    if not (isinstance(value, int | float) and low <= value <= high):  # NaN, out of range: config_from_widgets
        value = low  # says why; the slider's default only has to be valid
    return place.slider(label, low, high, value=value, key=key, **options)


def sequence_ui() -> None:
    st.sidebar.subheader(tr("explorer.input_sequence"))
    st.sidebar.selectbox(
        tr("explorer.sequence"), list(SEQUENCE_PRESETS), format_func=lambda k: tr(f"sequence_preset.{k}"), key="seq"
    )
    if st.session_state.seq == "custom":
        st.sidebar.text_input(
            tr("explorer.your_numbers_comma_separated_to"), key="custom", help=tr("explorer.for_example")
        )
    else:
        slider(tr("explorer.steps"), MIN_STEPS, MAX_STEPS, key="steps", place=st.sidebar)


def cell_ui(config: ExplorerConfig) -> None:
    st.sidebar.subheader(tr("explorer.cell"))
    slider(tr("explorer.hidden_units"), MIN_UNITS, MAX_UNITS, key="units", place=st.sidebar, on_change=on_units_change)
    if config.units > 1:
        st.sidebar.radio(
            tr("explorer.unit_to_show_and_edit"),
            range(config.units),
            format_func=lambda k: f"u{k + 1}",
            key="unit",
            horizontal=True,
        )
    with st.sidebar.container(border=True):
        st.selectbox(
            tr("explorer.cell_preset"), list(CELL_PRESETS), format_func=lambda k: tr(f"cell_preset.{k}"), key="preset"
        )
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        right.number_input(tr("explorer.seed"), 0, 10_000, key="seed", disabled=st.session_state.preset != "random")
        left.button(tr("explorer.load_preset"), on_click=on_preset, width="stretch")


def gate_ui(config: ExplorerConfig) -> None:
    """Weight sliders and the pin of each gate, one tab per gate, for the selected unit."""
    st.sidebar.subheader(tr("explorer.weights_and_gates"))
    k, u = st.session_state.unit if config.units > 1 else 0, config.units
    tabs = st.sidebar.tabs([f"{GATE_SYMBOLS[g]}  {tr(f'plot.gate_word.{g}')}" for g in GATES])
    for tab, gate in zip(tabs, GATES):
        symbol = GATE_SYMBOLS[gate]
        with tab:
            slider(
                tr("explorer.w_symbol_input_weight", symbol=symbol),
                -WEIGHT_LIMIT,
                WEIGHT_LIMIT,
                step=0.1,
                key=weight_key("W", gate, k),
            )
            for j in range(u):
                source = "h" if u == 1 else f"h{j + 1}"
                slider(
                    tr("explorer.u_symbol_recurrent_weight_from", symbol=symbol, source=source),
                    -WEIGHT_LIMIT,
                    WEIGHT_LIMIT,
                    step=0.1,
                    key=weight_key("U", gate, k, j),
                )
            slider(
                tr("explorer.b_symbol_bias", symbol=symbol),
                -WEIGHT_LIMIT,
                WEIGHT_LIMIT,
                step=0.1,
                key=weight_key("b", gate, k),
            )
            st.toggle(
                tr("explorer.pin_symbol_at_every_step", symbol=symbol),
                key=f"pin_{gate}",
                help=tr("explorer.replace_the_computed_v_by", v1=tr(f"gate_name.{gate}")),
            )
            if st.session_state[f"pin_{gate}"]:
                low, high = GATE_RANGES[gate]
                for unit in range(u):
                    label = tr("explorer.pinned_to", symbol=symbol) + ("" if u == 1 else f" (u{unit + 1})")
                    slider(label, low, high, step=0.01, key=f"pinval_{gate}_{unit}")


def initial_state_ui(config: ExplorerConfig) -> None:
    with st.sidebar.expander(tr("explorer.initial_state_h_c")):
        for k in range(config.units):
            suffix = "" if config.units == 1 else f" (u{k + 1})"
            slider(f"h₀{suffix}", -STATE_LIMIT, STATE_LIMIT, step=0.05, key=f"h0_{k}")
            slider(f"c₀{suffix}", -C0_LIMIT, C0_LIMIT, step=0.05, key=f"c0_{k}")


def share_ui(config: ExplorerConfig, trace: lstm.Trace) -> None:
    st.sidebar.subheader(tr("explorer.share"))
    st.sidebar.caption(tr("explorer.the_address_bar_holds_this"))
    st.sidebar.download_button(
        tr("explorer.download_the_trace_csv"),
        explorer.trace_csv(trace),
        file_name="lstm_trace.csv",
        mime="text/csv",
        width="stretch",
    )


def history() -> explorer.StepHistory:
    return st.session_state.setdefault("step_history", explorer.StepHistory())


def show_step(step: int) -> None:
    """The page moves the time step itself (a button, a preset): the step to show from now on."""
    st.session_state.t = step
    history().show(step, time.monotonic())


def clicked(key: str, action, *args) -> None:
    """A step button's callback: ``action(*args)``, unless this is the echo of a click during playback
    (explorer.ClickFilter)."""
    echoes = st.session_state.setdefault("click_filter", explorer.ClickFilter())
    if echoes.fresh(key, time.monotonic()) or not st.session_state.playing:
        action(*args)


def step_by(delta: int, last: int) -> None:
    """Back and Next: from the step shown now (playback may have moved it since the buttons were drawn)."""
    show_step(min(max(int(history().shown or 0) + delta, 0), last))


def set_playing(playing: bool, last: int) -> None:
    """Play or Pause: a state, not a toggle (see nav_ui)."""
    if playing and not st.session_state.playing and st.session_state.t >= last:
        show_step(0)  # play from the start again
    st.session_state.playing = playing
    st.session_state.last_tick = time.monotonic()


def worked_example_note(trace: lstm.Trace) -> None:
    h = trace.h[0]
    document = ", ".join(f"{v:.2f}" for v in WORKED_EXAMPLE["h_document"])
    st.info(
        tr(
            "explorer.course_document_s_worked_example",
            v1=", ".join(f"{v:.2f}" for v in trace.c[0]),
            v2=", ".join(f"{v:.2f}" for v in h),
            document=document,
        ),
        icon=":material/menu_book:",
    )


def restore_defaults() -> None:
    """Widget keys are dropped while another page is shown (and a run may arrive without a widget's state)."""
    for key, value in SESSION_DEFAULTS.items():
        st.session_state.setdefault(key, value)


def nav_ui(last: int) -> None:
    """The step buttons and the speed, in the fragment: a step reruns the views only."""
    playing = bool(st.session_state.playing)
    nav = st.columns([1, 1, 1.3, 1, 1, 2.6], vertical_alignment="bottom")
    nav[0].button(
        tr("explorer.first"),
        icon=":material/skip_previous:",
        on_click=clicked,
        args=("first", show_step, 0),
        width="stretch",
        key="first",
    )
    nav[1].button(
        tr("explorer.back"),
        icon=":material/chevron_left:",
        on_click=clicked,
        args=("prev", step_by, -1, last),
        width="stretch",
        key="prev",
    )
    # Play and Pause are two buttons (two keys), each with one meaning: a click that reaches the script twice, as
    # Streamlit can deliver one that met a playback tick, then asks twice for the same thing instead of toggling
    # back. (A click on a button no longer drawn is dropped.)
    key, icon = ("pause", ":material/pause:") if playing else ("play", ":material/play_arrow:")
    nav[2].button(
        tr(f"explorer.{key}"),
        icon=icon,
        on_click=clicked,
        args=(key, set_playing, not playing, last),
        width="stretch",
        key=key,
        type="primary",
    )
    nav[3].button(
        tr("explorer.next"),
        icon=":material/chevron_right:",
        on_click=clicked,
        args=("next", step_by, 1, last),
        width="stretch",
        key="next",
    )
    nav[4].button(
        tr("explorer.last"),
        icon=":material/skip_next:",
        on_click=clicked,
        args=("last", show_step, last),
        width="stretch",
        key="last",
    )
    nav[5].select_slider(tr("explorer.speed_steps_per_second"), SPEEDS, key="speed")


def views(config: ExplorerConfig, trace: lstm.Trace, speed: float, playing: bool) -> None:
    """Everything that depends on the step t: the fragment's body (``speed`` and ``playing``: as the page defined
    the fragment's timer)."""
    last = trace.steps - 1
    restore_defaults()  # a fragment run skips main()
    if st.session_state.playing != playing or st.session_state.speed != speed:
        st.rerun()  # the whole page: run_every is fixed when the fragment is defined
    st.session_state.setdefault("t", config.t)
    t, moved = history().settle(st.session_state.t, time.monotonic(), last)  # moved: by the student's slider
    if t != st.session_state.t:
        st.session_state.t = t  # the browser's late copy: keep the step the page showed last
    clicked = any(st.session_state.get(key) for key in NAV_BUTTONS)  # a click, not the timer, ran this
    due = time.monotonic() - st.session_state.last_tick >= 0.8 / speed
    if st.session_state.playing and not clicked and not moved and due:
        st.session_state.last_tick = time.monotonic()
        if st.session_state.t >= last:
            st.session_state.playing = False
            st.rerun()  # the whole page, so the fragment is defined again without its timer
        st.session_state.t += 1
    nav_ui(last)
    if last > 0:
        slider(tr("explorer.time_step_t"), 0, last, key="t")
    t = st.session_state.t
    history().show(t, time.monotonic())
    st.query_params["t"] = str(t)

    k = config.unit
    st.markdown(tr("explorer.step_t_t_of_last", t=t, last=last, v3=trace.x[t, 0]))
    st.caption(explain.summary(trace, t))
    left, right = st.columns([3, 2])
    title = (
        tr("explorer.cell_title")
        if config.units == 1
        else tr("explorer.cell_title_unit", unit=k + 1, units=config.units)
    )
    with left:
        chart(
            plots.trace_cell_diagram(trace, t, k, title=title, tr=tr), key="diagram", config={"displayModeBar": False}
        )
    with right:
        chart(plots.gate_bars(trace, t, tr), key="bars", config={"displayModeBar": False})
        notes = explain.notes(trace, t, k, tr)
        for part in ("f", "i", "c_tilde", "c", "o"):
            st.markdown(notes[part])
    with st.expander(tr("explorer.the_equations_at_step_t", t=t), expanded=True):
        for line in explain.equations(config.params, trace, t, k, tr):
            st.latex(line)
    chart(plots.time_charts(trace, t, tr), key="time_charts", config={"displayModeBar": False})


def main() -> None:
    if "config" not in st.session_state:  # a new session: start from the link (or the defaults)
        config, notes = explorer.from_query(st.query_params.to_dict())
        load(config)
        st.session_state.link_notes = notes
    handoff = st.session_state.pop("explorer_handoff", None)
    if handoff is not None:  # another page opened a cell here (e.g. a trained unit)
        config, note = handoff
        load(config)
        st.session_state.playing = False
        st.session_state.handoff_note = note
    ensure(st.session_state.config)
    restore_defaults()

    st.title(tr("explorer.lstm_cell_explorer"))
    st.caption(tr("explorer.a_long_short_term_memory"))
    if "handoff_note" in st.session_state:
        note = st.session_state.pop("handoff_note")  # [(catalogue key, values), …] from the page that sent it
        st.info("".join(tr(key, **values) for key, values in note), icon=":material/input:")
    for note in st.session_state.pop("link_notes", []):
        st.warning(note.text(tr), icon=":material/link_off:")

    sequence_ui()
    cell_ui(st.session_state.config)
    gate_ui(st.session_state.config)
    initial_state_ui(st.session_state.config)
    config, errors = explorer.config_from_widgets(st.session_state, st.session_state.config)
    for error in errors:
        st.error(error.text(tr), icon=":material/error:")
    st.session_state.config = config
    trace = explorer.run(config)
    if st.session_state.t != config.t:
        show_step(config.t)  # clamp to a shorter sequence
    share_ui(config, trace)
    st.query_params.from_dict({**explorer.to_query(config), **app_params()})

    if explorer.is_worked_example(config):
        worked_example_note(trace)

    speed = float(st.session_state.speed)
    interval = 1.0 / speed if st.session_state.playing else None
    st.fragment(run_every=interval)(views)(config, trace, speed, bool(st.session_state.playing))

    if lecture():  # on the projector: the cell, its numbers and the step buttons; the code stays for the students
        return
    with st.expander(tr("explorer.show_the_code_that_computed")):
        st.caption(tr("explorer.lstm_viz_lstm_py_every"))
        st.code(lstm.source(), language="python")


main()
