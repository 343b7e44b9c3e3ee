"""The cell explorer's server side: its configuration (config), presets, link (link), sidebar mapping (widgets)
and the CSV of a run (export). The time step is the browser's (lstm_viz.scene)."""
