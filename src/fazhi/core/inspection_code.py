"""Inspection codes (检查码 / 扫码入企): signed, expiring, free of personal data.

A code is one line of text, printed as a QR image and read on a public page::

    FZ1-E-7K3M9Q2XWD-20240315-5TQ2…(26 characters)
    │   │ │          │        └ signature: HMAC-SHA256(key, "FZ1|E|ref|20240315"), first 128 bits, base32
    │   │ │          └ last day the code is valid (the end of the visit window, local date)
    │   │ └ reference: 10 random characters naming the visit (not its database id)
    │   └ kind: E = enforcement inspection (行政检查), N = non-enforcement visit (非执法类入企)
    └ format and version

What the code proves: the platform holding the key issued it for this
reference and this last day. It carries no personal data: no names, no
certificate numbers, no enterprise; the public page looks those up by the
reference and shows only what the rules allow. A changed character anywhere
breaks the signature (``FORGED``) or the format (``MALFORMED``); a code read
after its last day is ``EXPIRED``. Whether the visit was cancelled or the code
revoked is the database's to say, not the code's.

The key comes from the deployment (``settings.INSPECTION_CODE_KEY``) and is
passed in; ``today`` is a parameter (no clock reads in the core).

Pure Python; no Django imports (STYLE R1).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "CODE_PREFIX",
    "REF_ALPHABET",
    "REF_LENGTH",
    "CodeCheck",
    "CodeKind",
    "CodeVerdict",
    "code_sign",
    "code_verify",
    "new_reference",
]

CODE_PREFIX = "FZ1"
#: Crockford's base32 alphabet: no I, L, O, U, so a reference read aloud is not misheard
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REF_LENGTH = 10
SIGNATURE_BYTES = 16  # 128 bits: forging needs 2^128 guesses

_SIG_LENGTH = len(base64.b32encode(b"\0" * SIGNATURE_BYTES).rstrip(b"="))
_PATTERN = re.compile(
    rf"^{CODE_PREFIX}-(?P<kind>[EN])-(?P<ref>[{REF_ALPHABET}]{{{REF_LENGTH}}})-(?P<day>\d{{8}})-(?P<sig>[A-Z2-7]{{{_SIG_LENGTH}}})$"
)


class CodeKind(StrEnum):
    ENFORCEMENT = "E"
    NON_ENFORCEMENT = "N"


class CodeVerdict(StrEnum):
    VALID = "valid"
    MALFORMED = "malformed"
    FORGED = "forged"
    EXPIRED = "expired"


@dataclass(frozen=True)
class CodeCheck:
    """What a code says about itself. ``kind``, ``ref`` and ``expires_on`` are set only when signed."""

    verdict: CodeVerdict
    kind: CodeKind | None = None
    ref: str | None = None
    expires_on: date | None = None

    @property
    def valid(self) -> bool:
        return self.verdict == CodeVerdict.VALID

    @property
    def authentic(self) -> bool:
        """Issued by the key holder (valid or merely expired)."""
        return self.verdict in (CodeVerdict.VALID, CodeVerdict.EXPIRED)


def new_reference() -> str:
    """A fresh random reference (50 bits), for a new code."""
    return "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))


def _signature(kind: str, ref: str, day: str, key: bytes) -> str:
    mac = hmac.new(key, f"{CODE_PREFIX}|{kind}|{ref}|{day}".encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(mac[:SIGNATURE_BYTES]).decode("ascii").rstrip("=")


def code_sign(*, kind: CodeKind | str, ref: str, expires_on: date, key: bytes) -> str:
    """The code text for a visit ``ref`` valid through ``expires_on``."""
    kind = CodeKind(kind)
    if len(ref) != REF_LENGTH or any(ch not in REF_ALPHABET for ch in ref):
        raise ValueError(f"reference must be {REF_LENGTH} characters of {REF_ALPHABET!r}, got {ref!r}")
    if not key:
        raise ValueError("the signing key is empty")
    day = expires_on.strftime("%Y%m%d")
    return f"{CODE_PREFIX}-{kind.value}-{ref}-{day}-{_signature(kind.value, ref, day, key)}"


def code_verify(code: str, *, key: bytes, today: date) -> CodeCheck:
    """Check ``code`` with ``key`` on ``today``: VALID, EXPIRED (authentic but past), FORGED or MALFORMED."""
    text = (code or "").strip()
    m = _PATTERN.match(text)
    if m is None:
        return CodeCheck(CodeVerdict.MALFORMED)
    kind, ref, day, sig = m.group("kind"), m.group("ref"), m.group("day"), m.group("sig")
    if not key or not hmac.compare_digest(sig, _signature(kind, ref, day, key)):
        return CodeCheck(CodeVerdict.FORGED)
    try:
        expires_on = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:  # a signed but impossible date cannot come from code_sign
        return CodeCheck(CodeVerdict.MALFORMED)
    verdict = CodeVerdict.EXPIRED if today > expires_on else CodeVerdict.VALID
    return CodeCheck(verdict, CodeKind(kind), ref, expires_on)
