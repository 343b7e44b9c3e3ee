"""What neurons learn (issue 16): a character-level LSTM's units read against features of its text, and a counting
LSTM on aⁿbⁿ (Weiss, Goldberg & Yahav 2018). NumPy and the standard library only; Keras lives in lstm_viz.models."""
