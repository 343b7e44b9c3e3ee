"""Figures of the alphabet page (course document 003). Last line: one JSON object.

python bench/alphabet.py        # about 3 minutes on 2 cores
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from lstm_viz.alphabet import ALPHABET_RECIPES, AlphabetRun  # noqa: E402
from lstm_viz.models.alphabet import AlphabetResult, train_alphabet  # noqa: E402
from lstm_viz.training import Progress  # noqa: E402


def run(variant: int, recipe: str) -> AlphabetResult:
    epochs = ALPHABET_RECIPES[recipe].for_variant(variant).epochs
    result = train_alphabet(AlphabetRun(variant, recipe, 7, epochs), Progress(0))
    print(f"variant {variant}, {recipe}: {result.accuracy:.2f}% in {result.seconds:.1f} s", file=sys.stderr)
    return result


def main() -> None:
    course = {v: run(v, "course") for v in (1, 2, 3)}
    fast = {v: run(v, "fast") for v in (1, 2, 3, 4, 5)}
    figures = {
        "course_recipe_accuracy": {v: round(r.accuracy, 2) for v, r in course.items()},
        "course_recipe_seconds": {v: round(r.seconds, 1) for v, r in course.items()},
        "document_accuracy": {1: 84.00, 2: 86.96, 3: 100.00},
        "fast_recipe_accuracy": {v: round(r.accuracy, 2) for v, r in fast.items()},
        "fast_recipe_seconds": {v: round(r.seconds, 1) for v, r in fast.items()},
        "fast_speedup": round(course[3].seconds / fast[3].seconds, 1),
        "fast_speedup_accuracy_equal_or_better": fast[3].accuracy >= course[3].accuracy,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
