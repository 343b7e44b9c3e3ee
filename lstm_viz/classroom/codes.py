"""Join codes, lecturer secrets and member tokens of a live class (issue 28), and the untrusted text people type
(nicknames, numbers) made safe.

A join code is 8 symbols of a 32-symbol alphabet without the look-alikes 0/O and 1/I: 8 × 5 = 40 bits from
``secrets``, about 1.1 × 10¹² codes. Guessing is bounded by the service's per-client limit on wrong codes (10 a minute
by default, counted in the store so it holds across processes): with 100 live classes one client needs ~1.1 × 10¹⁰
guesses on average for any of them, about 10⁹ minutes (2000 years). A code only lets a student in; a lecturer
holds a 256-bit secret and a student a 192-bit member token. Only their SHA-256 digests are stored, compared in
constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import numbers
import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
ENTROPY_BITS = 40  # CODE_LENGTH × log2(len(ALPHABET))
MAX_TYPED = 64  # longer typed text is never a code (nothing longer is even looked at)
_SEPARATORS = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014\u2212\u00a0\u202f\t")
_SYMBOLS = frozenset(ALPHABET)
NICKNAME_LENGTH, NICKNAME_TYPED = 40, 1000  # characters kept; a longer typed text is refused
MAX_NUMBER = 1e6
MAX_KEY = 100
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT_FORMAT = frozenset("\u200d") | frozenset(map(chr, range(0xE0020, 0xE0080)))  # emoji joiner and flag tags
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?", re.ASCII)
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

assert len(ALPHABET) == 32 and len(set(ALPHABET)) == 32 and 2**ENTROPY_BITS == len(ALPHABET) ** CODE_LENGTH


def new_code() -> str:
    """A fresh join code: CODE_LENGTH symbols of ALPHABET from the system's secure random source."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display(code: str) -> str:
    """The code as shown and read aloud: ABCD-EFGH."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalize(text: object) -> str | None:
    """The code a person typed (any case, spaces and dashes anywhere), or None for anything that is not exactly
    CODE_LENGTH symbols of ALPHABET. Total: never raises, whatever the input (None, bytes, 10 MB, emoji)."""
    if not isinstance(text, str) or len(text) > MAX_TYPED:
        return None
    code = text.translate(_SEPARATORS).upper()
    if len(code) != CODE_LENGTH or not all(symbol in _SYMBOLS for symbol in code):
        return None
    return code


def new_secret() -> str:
    """A lecturer's secret: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_member_token() -> str:
    """A member's token: 192 bits, URL-safe."""
    return secrets.token_urlsafe(24)


def digest(secret: str) -> str:
    """SHA-256 hex of a secret or token: what the store keeps instead of it."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def same(secret: object, stored_digest: str | None) -> bool:
    """Whether ``secret`` is the one whose digest is stored, in constant time; False for a missing or odd value."""
    if not isinstance(secret, str) or not secret or not stored_digest or len(secret) > 256:
        return False
    return hmac.compare_digest(digest(secret), stored_digest)


# --- untrusted text ---------------------------------------------------------------------------------------


def clean_nickname(text: object) -> str | None:
    """Plain, visible, one-line text of at most NICKNAME_LENGTH characters, or None.

    ValueError for a non-text or a text over NICKNAME_TYPED characters (a 10 kB paste is refused, not cut)."""
    if text is None:
        return None
    if not isinstance(text, str) or len(text) > NICKNAME_TYPED:
        raise ValueError("not a usable nickname")
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch.isspace():
            kept.append(" ")
        elif ch in _BIDI or category in ("Cc", "Cs", "Cn") or (category == "Cf" and ch not in _KEPT_FORMAT):
            continue
        else:
            kept.append(ch)
    name = " ".join(unicodedata.normalize("NFC", "".join(kept)).split())[:NICKNAME_LENGTH].rstrip(" \u200d")
    return name or None


def parse_number(value: object) -> float:
    """A finite number with |x| ≤ MAX_NUMBER from a float or the text typed (decimal comma allowed); ValueError else."""
    number = None
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            number = None
    elif isinstance(value, str) and len(value) <= 64:
        text = value.strip().replace("\u2212", "-").translate(_SPACES)
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if _NUMBER.fullmatch(text):
            number = float(text)
    if number is None or not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise ValueError("not a usable number")
    return number


def is_key(value: object) -> bool:
    """Whether this is a short identifier (a page, a question id, a challenge or condition key)."""
    return isinstance(value, str) and 0 < len(value) <= MAX_KEY and not _CONTROL.search(value)


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
