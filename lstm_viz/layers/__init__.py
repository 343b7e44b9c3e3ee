"""The explorer's stack view (issue 34): 1–3 recurrent layers, each forwards or Bidirectional, over one input, with an
optional Dense softmax head, as document 001's model is built. ``config`` declares its state once (fields → widget
keys, link keys, lecture link) and runs it with ``lstm_viz.stack``; ``link`` reads and writes its links; ``presets``
holds the course's architectures in miniature. The scene (lstm_viz.scene.stack) draws it; the browser steps it.
"""
