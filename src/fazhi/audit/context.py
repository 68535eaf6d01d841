"""Who and where a change comes from, for the request or command being served.

The middleware (or a CLI command) sets it; ``audit.services`` reads it, so
services need only an ``actor`` argument.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    source_address: str | None = None
    via: str = "web"


_current: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "fazhi_audit_context", default=AuditContext(via="system")  # noqa: B039 (frozen dataclass)
)


def current() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(*, source_address: str | None = None, via: str = "web"):
    token = _current.set(AuditContext(source_address=source_address, via=via))
    try:
        yield
    finally:
        _current.reset(token)
