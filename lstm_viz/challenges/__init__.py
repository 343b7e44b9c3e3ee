"""Challenges that check themselves: make a cell do one thing, graded in NumPy on every move."""

from lstm_viz.challenges.base import Challenge, Grade
from lstm_viz.challenges.tasks import CHALLENGES

BY_KEY = {challenge.key: challenge for challenge in CHALLENGES}


def challenge(key: str) -> Challenge:
    return BY_KEY[key]


__all__ = ["BY_KEY", "CHALLENGES", "Challenge", "Grade", "challenge"]
