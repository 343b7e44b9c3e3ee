"""The alphabet task (course document 003 and the tutorial it follows): learn the letter that comes next.

Letters A–Z map to 0–25; inputs are scaled by /26 and targets one-hot over 26 letters. Five variants:
1. one letter → next letter, input shape (1, 1);
2. a three-letter window as three features of one time step, shape (1, 3);
3. a three-letter window as three time steps, shape (3, 1);
4. a stateful LSTM reading one letter per call, state carried between calls (batch 1, shape (1, 1));
5. 1 to 5 letters, pre-padded with zeros to 5 steps (``pad_sequences``), shape (5, 1). The padding 0 is also the
   code of "A", so "AB" and "B" become the same input; ``MASKED`` padding fixes it (letters coded 1–26, and a
   Keras ``Masking`` layer skips the padded steps).
Any variant can be read by an LSTM, a GRU or a plain RNN layer (``LAYERS``). Titles and explanations are in the
catalogues ("variant.<n>.title", "alphabet_recipe.<key>"…).
No Keras here: these are NumPy arrays (``pad`` does what ``keras.utils.pad_sequences`` does; a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from lstm_viz.i18n import Plural, TextError
from lstm_viz.runs.key import RunKey

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LETTERS = len(ALPHABET)
MAX_LENGTH = 5  # variant 5
LAYERS = ("LSTM", "GRU", "SimpleRNN")  # the Keras layer that reads the letters
DOCUMENT_PADDING, MASKED = "zeros", "masked"  # variant 5: the tutorial's padding, or padding told apart from "A"


@dataclass(frozen=True)
class Variant:
    number: int
    input_shape: tuple[int, int]  # (time steps, features)
    document_accuracy: float | None  # course document 003's reported accuracy, percent
    stateful: bool = False


VARIANTS: dict[int, Variant] = {
    1: Variant(1, (1, 1), 84.00),
    2: Variant(2, (1, 3), 86.96),
    3: Variant(3, (3, 1), 100.00),
    4: Variant(4, (1, 1), None, stateful=True),
    5: Variant(5, (MAX_LENGTH, 1), None),
}


def encode(letters: str) -> list[int]:
    return [ALPHABET.index(letter) for letter in letters]


def decode(indices) -> str:
    return "".join(ALPHABET[int(i)] for i in indices)


def one_hot(indices) -> np.ndarray:
    """(n, 26) one-hot rows (what ``keras.utils.to_categorical`` gives for the 26 letters)."""
    indices = np.asarray(indices, dtype=int)
    result = np.zeros((len(indices), LETTERS))
    result[np.arange(len(indices)), indices] = 1.0
    return result


def pad(sequences: list[list[int]], length: int = MAX_LENGTH) -> np.ndarray:
    """Pre-pad (and pre-truncate) integer sequences with 0 to ``length``: Keras's ``pad_sequences`` defaults."""
    result = np.zeros((len(sequences), length))
    for row, sequence in enumerate(sequences):
        kept = list(sequence)[-length:]
        if kept:
            result[row, length - len(kept) :] = kept
    return result


@dataclass(frozen=True)
class Dataset:
    """Inputs X (n, steps, features) scaled by /26, one-hot targets y (n, 26), and the letters they encode."""

    x: np.ndarray
    y: np.ndarray
    inputs: list[str]  # the letters of each pattern, e.g. "ABC"
    targets: str  # the next letter of each pattern


def windows(length: int) -> tuple[list[list[int]], list[int]]:
    """Every window of ``length`` consecutive letters and the letter after it (document 003's dataX, dataY)."""
    starts = range(0, LETTERS - length)
    return [list(range(s, s + length)) for s in starts], [s + length for s in starts]


def variable_length_patterns(count: int, rng: np.random.Generator) -> tuple[list[list[int]], list[int]]:
    """The tutorial's random patterns of 1 to 5 consecutive letters (start, end drawn as it draws them)."""
    data_x, data_y = [], []
    for _ in range(count):
        start = int(rng.integers(0, LETTERS - 2))
        end = int(rng.integers(start, min(start + MAX_LENGTH, LETTERS - 1)))
        data_x.append(list(range(start, end + 1)))
        data_y.append(end + 1)
    return data_x, data_y


def every_variable_length_pattern() -> tuple[list[list[int]], list[int]]:
    """All distinct patterns of 1–5 consecutive letters followed by a letter: the evaluation set of variant 5."""
    data_x, data_y = [], []
    for end in range(LETTERS - 1):
        for length in range(1, MAX_LENGTH + 1):
            if end - length + 1 >= 0:
                data_x.append(list(range(end - length + 1, end + 1)))
                data_y.append(end + 1)
    return data_x, data_y


def inputs_array(variant: int, sequences: list[list[int]], padding: str = DOCUMENT_PADDING) -> np.ndarray:
    """Integer letter sequences → the variant's input array, scaled by /26.

    Variant 5 with ``MASKED`` padding codes the letters 1–26 (scaled by /27), so that the padding 0 is no letter.
    """
    if variant == 5:
        if padding == MASKED:
            return pad([[k + 1 for k in sequence] for sequence in sequences])[:, :, None] / (LETTERS + 1)
        return pad(sequences)[:, :, None] / LETTERS
    steps, features = VARIANTS[variant].input_shape
    return np.reshape(np.array(sequences, dtype=np.float64), (len(sequences), steps, features)) / LETTERS


def dataset(
    variant: int, training: bool = True, seed: int = 7, count: int = 1000, padding: str = DOCUMENT_PADDING
) -> Dataset:
    """The patterns of a variant: its training set, or (``training=False``) the set it is judged on.

    Variants 1–4 are judged on the patterns they learn from, as document 003 does. Variant 5 learns from
    ``count`` random patterns and is judged on every distinct pattern.
    """
    if variant == 5:
        if training:
            data_x, data_y = variable_length_patterns(count, np.random.default_rng(seed))
        else:
            data_x, data_y = every_variable_length_pattern()
    else:
        data_x, data_y = windows(3 if variant in (2, 3) else 1)
    x = inputs_array(variant, data_x, padding)
    return Dataset(x, one_hot(data_y), [decode(s) for s in data_x], decode(data_y))


def collisions(padding: str = DOCUMENT_PADDING) -> list[tuple[str, str]]:
    """Pairs of different variant-5 patterns that reach the network as the same array ("AB" and "B" with zeros)."""
    data_x, _ = every_variable_length_pattern()
    arrays = inputs_array(5, data_x, padding)
    seen: dict[bytes, str] = {}
    pairs = []
    for letters, array in zip(data_x, arrays):
        key = array.tobytes()
        if key in seen:
            pairs.append((seen[key], decode(letters)))
        else:
            seen[key] = decode(letters)
    return pairs


DEFAULT_SEED = 7  # the course's numpy.random.seed(7): the page's starting seed, and a prepared lecture's


def default_epochs(variant: int, recipe: str) -> int:
    """A recipe's epochs for a variant (what the page offers first)."""
    return ALPHABET_RECIPES[recipe].for_variant(variant).epochs


@dataclass(frozen=True)
class AlphabetRun(RunKey):
    """What one training run is (the key of its result in the stores of alphabet runs)."""

    family = "alphabet"

    variant: int
    recipe: str
    seed: int
    epochs: int
    layer: str = "LSTM"
    padding: str = DOCUMENT_PADDING

    def plan(self):
        """What training this run means, from the key alone (``lstm_viz.runs.plans``)."""
        from lstm_viz.runs.plans import alphabet_plan

        return alphabet_plan(self)

    def estimate_seconds(self) -> float:
        return estimated_seconds(self)


EXAMPLES = {1: "K", 2: "KLM", 3: "KLM", 4: "ABCD", 5: "KLM"}  # letters to try, per variant (a placeholder)


def pattern_input(run: AlphabetRun, letters: str) -> np.ndarray:
    """One pattern as the run's model reads it: (steps, features), with the run's padding."""
    return inputs_array(run.variant, [encode(letters)], run.padding)[0]


# Measured (issue 35): on a quiet 2-core machine variant 3's course recipe (11,500 updates of one pattern) took 35 s
# and variant 5's fast recipe (1600 updates of 1000 patterns × 5 steps) 20 s; the old estimate, from the number of
# updates alone, said 49 s and 10 s. An update costs a fixed part and a part per pattern and time step in its batch.
# (Here, on the machine shared with two other fits, the same runs took 62 s and 45 s: the ratio held.)
SECONDS_PER_UPDATE = 0.0024
SECONDS_PER_PATTERN_STEP = 1.7e-6  # per pattern × time step of a batch
SECONDS_PER_EPOCH = 0.01  # Keras's own bookkeeping per epoch
SECONDS_TO_START = 3.0  # building the model (TensorFlow is loaded already, or the queue's measured times say so)


def estimated_seconds(run: AlphabetRun) -> float:
    """About how long a run will take on a quiet 2-core machine, from its weight updates and what each one reads
    (the queue corrects it with this server's finished runs: ``lstm_viz.runs.queue.Durations``)."""
    recipe = ALPHABET_RECIPES[run.recipe].for_variant(run.variant)
    patterns = 1000 if run.variant == 5 else LETTERS - (3 if run.variant in (2, 3) else 1)
    batch = 1 if run.variant == 4 else recipe.batch_size or patterns
    updates = run.epochs * -(-patterns * recipe.repeats // batch)
    steps = VARIANTS[run.variant].input_shape[0]
    per_update = SECONDS_PER_UPDATE + SECONDS_PER_PATTERN_STEP * batch * steps
    return SECONDS_TO_START + updates * per_update + run.epochs * SECONDS_PER_EPOCH


def parse_letters(text: str, variant: int) -> str:
    """A student's typed letters, checked for the variant; ValueError with a plain message otherwise."""
    letters = "".join(ch for ch in (text or "").upper() if not ch.isspace() and ch not in ",;-")
    if not letters:
        raise TextError("letters.empty")
    bad = sorted({ch for ch in letters if ch not in ALPHABET})
    if bad:
        raise TextError("letters.unknown", bad=", ".join(repr(c) for c in bad[:5]))
    needed = {1: (1, 1), 2: (3, 3), 3: (3, 3), 4: (1, LETTERS), 5: (1, MAX_LENGTH)}[variant]
    if not needed[0] <= len(letters) <= needed[1]:
        if needed[0] == needed[1]:
            raise TextError(
                "letters.exactly",
                variant=variant,
                count=needed[0],
                typed=len(letters),
                letters=Plural(needed[0], "letter"),
            )
        raise TextError("letters.between", variant=variant, low=needed[0], high=needed[1], typed=len(letters))
    return letters


# --- recipes (what models.train_alphabet runs) ----------------------------------------------------------


@dataclass(frozen=True)
class AlphabetRecipe:
    """A training recipe (its name and description: catalogue "alphabet_recipe.<key>")."""

    key: str
    units: int
    epochs: int
    batch_size: int | None  # None: every pattern in one batch
    learning_rate: float
    repeats: int = 1  # passes over the patterns in one epoch (fewer, longer epochs: less of Keras's per-epoch cost)
    per_variant: dict = field(default_factory=dict)  # variant → changed fields

    def for_variant(self, variant: int) -> AlphabetRecipe:
        return replace(self, **self.per_variant.get(variant, {}), per_variant={})


ALPHABET_RECIPES: dict[str, AlphabetRecipe] = {
    "course": AlphabetRecipe(
        "course",
        32,
        500,
        1,
        0.001,
        per_variant={4: dict(units=16, epochs=300)},
    ),
    "fast": AlphabetRecipe(
        "fast",
        64,
        10,
        None,
        0.02,
        repeats=15,
        per_variant={
            4: dict(epochs=60, batch_size=1, learning_rate=0.02, repeats=1),
            5: dict(epochs=40, batch_size=None, learning_rate=0.03, repeats=40),
        },
    ),
}
