"""A small per-address rate limit for the public pages, on Django's cache.

The public pages (code page, invitation form and status page, published
plans) need no login, so each client address gets a budget per window: reads
and writes are counted separately. The address is the one
``AuditContextMiddleware`` records for the request (``REMOTE_ADDR``). Over
budget: 429 with a plain message. The cache is the deployment's default
(local memory in one process; a shared cache when several app servers run).
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

from fazhi.audit.context import current

#: (requests, seconds) per client address
READ_LIMIT = (60, 60)
WRITE_LIMIT = (10, 3600)


def client_address(request) -> str:
    address = current().source_address or request.META.get("REMOTE_ADDR") or "unknown"
    return str(address)


def allow(request, scope: str, limit: tuple[int, int]) -> bool:
    """Count one request of ``scope`` for the client; False when over ``limit`` (n per seconds)."""
    n, seconds = limit
    window = int(time.time() // seconds)
    who = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    key = f"fazhi:rl:{scope}:{who}:{window}"
    cache.add(key, 0, timeout=seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        count = 1
    return count <= n


def rate_limited(scope: str):
    """Decorate a public view: GET/HEAD count against READ_LIMIT, other methods against WRITE_LIMIT as well."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            ok = allow(request, f"{scope}:r", READ_LIMIT)
            if ok and request.method not in ("GET", "HEAD"):
                ok = allow(request, f"{scope}:w", WRITE_LIMIT)
            if not ok:
                response = HttpResponse(_("请求过于频繁，请稍后再试。"), status=429, content_type="text/plain; charset=utf-8")
                response["Retry-After"] = "60"
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
