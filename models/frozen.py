"""Frozen records built fast, for the rows a commune's report reads by the ten thousand (issue 13)."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def filled(cls: type[T], values: dict[str, object]) -> T:
    """An instance of the frozen dataclass ``cls`` holding ``values``, built without its __init__: a frozen
    dataclass sets each field through object.__setattr__, which makes 22,000 events or 10,000 review rows three
    times slower to build. Every field must be given (no defaults are filled in); tests/models/test_frozen.py
    checks each caller."""
    record = object.__new__(cls)
    record.__dict__.update(values)
    return record
