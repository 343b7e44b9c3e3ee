"""plotly figure builders, one module per view: arrays in, figures out (the cell itself is drawn by lstm_viz.scene).

style (colours, fonts, fast figures), training, alphabet, forecast, faces, gradients.
"""
