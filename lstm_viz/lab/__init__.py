"""The faces lab (course document 001's second half, made live): cross-entropy, dropout, Adam, epochs and
early stopping read from a real run, a toy loss surface for the optimisers, and the tests of the lab's conclusion
(row filters, shifted faces). NumPy only; the Keras side is in lstm_viz.models.faces."""

TABS = ("crossentropy", "dropout", "adam", "epochs", "conclusion")  # the lab page's tabs (catalogue lab.tab.<name>)
