"""A small synthetic LFW folder in scikit-learn's layout, for the faces tests when the real data is not there."""

from pathlib import Path

import numpy as np
from PIL import Image


def write_synthetic_lfw(home: str | Path, people: dict[str, int], seed: int = 0, size: tuple[int, int] = (250, 250)):
    """Write ``home/lfw_home`` in LFW's layout: per person JPEGs of a distinct pattern, plus the pairs files."""
    rng = np.random.default_rng(seed)
    root = Path(home) / "lfw_home"
    folder = root / "lfw_funneled"
    for k, (name, count) in enumerate(people.items()):
        person = folder / name
        person.mkdir(parents=True, exist_ok=True)
        base = rng.uniform(40, 215, size=(8, 8))
        for n in range(1, count + 1):
            pattern = np.kron(base, np.ones((size[0] // 8 + 1, size[1] // 8 + 1)))[: size[0], : size[1]]
            noise = rng.normal(0, 12, size)
            stripe = np.zeros(size)
            stripe[:, (k * 25) % size[1] : (k * 25) % size[1] + 20] = 60
            pixels = np.clip(pattern + noise + stripe, 0, 255).astype(np.uint8)
            Image.fromarray(np.stack([pixels] * 3, axis=-1)).save(person / f"{name}_{n:04d}.jpg")
    for pairs in ("pairs.txt", "pairsDevTest.txt", "pairsDevTrain.txt"):
        (root / pairs).write_text("1\t1\n")
    return root
