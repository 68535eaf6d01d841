"""Verifiable random draws (双随机、一公开): which enterprises are inspected, which officers go.

A draw is a pure function of (seed, inputs). Its randomness is SHA-256 in
counter mode over the seed, and its inputs are put in canonical order first,
so an independent implementation in any language reproduces it from the
published seed and inputs. docs/domain/random-draw.md specifies the procedure
step by step; docs/domain/verify_draw.py implements it in plain Python.

Commit and reveal: before the draw, publish ``commit(seed)`` and
``input_hash(...)``; after it, publish the seed and the result.

Public API (the web application calls only these):

* ``draw(population, officers, ratios, *, seed, draw_date, per_visit=2,
  recusals=(), history=(), organization=None) -> DrawResult``
* ``commit(seed) -> str`` and ``input_hash(...) -> str``
* ``verify(result_rows, ...) -> DrawDifference | None`` (``compare`` when the
  draw is already recomputed)
* ``DrawImpossible`` (a target cannot be staffed) and ``DrawInputError``
  (malformed input), both ``ValueError``.
"""

from .canonical import canonical_ratio, commit, seed_bytes
from .engine import compare, draw, input_hash, verify
from .model import (
    ClassCount,
    DrawDifference,
    DrawImpossible,
    DrawInputError,
    DrawResult,
    Entity,
    Officer,
    Pairs,
    Population,
    Target,
    TargetList,
)
from .stream import SPEC_VERSION

__all__ = [
    "SPEC_VERSION",
    "ClassCount",
    "DrawDifference",
    "DrawImpossible",
    "DrawInputError",
    "DrawResult",
    "Entity",
    "Officer",
    "Pairs",
    "Population",
    "Target",
    "TargetList",
    "canonical_ratio",
    "commit",
    "compare",
    "draw",
    "input_hash",
    "seed_bytes",
    "verify",
]
