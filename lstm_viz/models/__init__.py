"""Keras models the pages train, one module per task (alphabet, forecast, faces) over what they share (core).

Import lazily: TensorFlow takes seconds to load, and only pages that train need it.
"""
