"""The random words of a draw: SHA-256 in counter mode over the seed.

No language's RNG is involved, so an independent implementation reproduces a
draw from the seed alone (docs/domain/random-draw.md, "Random words").

    block(label, b) = SHA-256( "fazhi-draw-v1" 0x00 ‖ u32be(len(seed)) ‖ seed
                               ‖ UTF-8(label) 0x00 ‖ u64be(b) )        b = 0, 1, 2, …

Each 32-byte block gives four words: its 8-byte big-endian unsigned integers in
order. A stream is the words of blocks 0, 1, 2, … of one label. Labels separate
the uses of the seed: ``target:<class>`` for the target selection of a class,
``officers:<level>`` for the officers' tie-break keys at a load level.
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = [
    "SPEC_VERSION",
    "WordStream",
    "level_order",
    "partial_fisher_yates",
    "sample_without_replacement",
]

SPEC_VERSION = "fazhi-draw-v1"
_PREFIX = SPEC_VERSION.encode("ascii") + b"\x00"
_U64_MAX = np.uint64(2**64 - 1)


class WordStream:
    """The 64-bit words of one labelled SHA-256 counter stream."""

    __slots__ = ("_base",)

    def __init__(self, seed: bytes, label: str):
        self._base = hashlib.sha256(
            _PREFIX + len(seed).to_bytes(4, "big") + seed + label.encode("utf-8") + b"\x00"
        )

    def block(self, b: int) -> bytes:
        h = self._base.copy()
        h.update(b.to_bytes(8, "big"))
        return h.digest()

    def words(self, start: int, count: int) -> np.ndarray:
        """Words ``start … start+count-1`` of the stream as a ``uint64`` array."""
        if count <= 0:
            return np.empty(0, dtype=np.uint64)
        first, last = start // 4, (start + count - 1) // 4
        base = self._base
        blocks = []
        for b in range(first, last + 1):
            h = base.copy()
            h.update(b.to_bytes(8, "big"))
            blocks.append(h.digest())
        raw = np.frombuffer(b"".join(blocks), dtype=">u8").astype(np.uint64)
        offset = start - 4 * first
        return raw[offset : offset + count]


def sample_without_replacement(stream: WordStream, n: int, k: int) -> np.ndarray:
    """The ``j`` of the first ``k`` steps of a Fisher–Yates shuffle of ``0 … n-1``.

    Step ``i`` draws ``j = i + uniform(n - i)``. ``uniform(m)`` takes the next
    word ``w`` of the stream and returns ``w mod m``, unless
    ``w ≥ 2**64 − (2**64 mod m)``, in which case ``w`` is discarded and the next
    word is tried (rejection sampling: exactly uniform, no modulo bias). A
    rejection has probability below ``m / 2**64``, so in practice every step
    uses one word.

    perf: the words and the ``j`` are computed for all steps at once with numpy;
    after a rejection the remaining steps are recomputed one word later.
    """
    if not 0 <= k <= n:
        raise ValueError(f"cannot take {k} of {n}")
    js = np.empty(k, dtype=np.int64)
    i = 0  # next step
    w = 0  # next word of the stream
    while i < k:
        need = k - i
        words = stream.words(w, need)
        steps = np.arange(i, k, dtype=np.int64)
        m = (n - steps).astype(np.uint64)
        rem = (_U64_MAX % m + np.uint64(1)) % m  # 2**64 mod m
        rejected = np.flatnonzero(words > _U64_MAX - rem)
        good = need if rejected.size == 0 else int(rejected[0])
        js[i : i + good] = steps[:good] + (words[:good] % m[:good]).astype(np.int64)
        i += good
        w += good
        if good < need:
            w += 1  # the rejected word is discarded; step i takes the next one
    return js


def partial_fisher_yates(js: np.ndarray) -> list[int]:
    """Apply the swaps ``a[i] ↔ a[js[i]]`` to ``a = [0, 1, …]`` and return ``a[:len(js)]``.

    perf: ``a`` is virtual. A dict holds only the positions a swap has touched,
    so the cost is O(k), not O(n), and nothing of size n is allocated.
    """
    moved: dict[int, int] = {}
    get = moved.get
    out = []
    append = out.append
    for i, j in enumerate(js.tolist()):
        vj = get(j, j)
        moved[j] = get(i, i)
        append(vj)
    return out


def level_order(seed: bytes, level: int, pool_size: int) -> np.ndarray:
    """Pool indices in the order of their tie-break keys at a load level.

    Officer ``i``'s key at level ``ℓ`` is word ``i`` of stream ``officers:ℓ``;
    the order is by (key, i) ascending.
    """
    keys = WordStream(seed, f"officers:{level}").words(0, pool_size)
    return np.argsort(keys, kind="stable")
