"""Running LSTM Viz on more than one process: the cluster script (``deploy/cluster.py``) and its checks."""
