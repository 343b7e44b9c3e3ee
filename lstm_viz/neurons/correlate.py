"""Which unit tracks which feature: the Pearson correlation of every unit's activation with every text feature."""

from __future__ import annotations

import numpy as np


def correlations(activations: np.ndarray, features: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """r of each unit's activation (T, units) with each feature (T,): {feature: (units,)}; 0 where either is flat."""
    a = np.asarray(activations, dtype=np.float64)
    a = a - a.mean(axis=0)
    a_norm = np.sqrt((a**2).sum(axis=0))
    result = {}
    for name, values in features.items():
        f = np.asarray(values, dtype=np.float64)
        f = f - f.mean()
        f_norm = np.sqrt((f**2).sum())
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (a * f[:, None]).sum(axis=0) / (a_norm * f_norm)
        result[name] = np.nan_to_num(r, nan=0.0)
    return result


def direction(r: float) -> str:
    """How a unit follows a feature, from the sign of its r: "up" (high where the feature is) or "down" (low there).
    Texts that describe a unit say it this way, so they cannot contradict the chart (issue 35)."""
    return "down" if r < 0 else "up"
