"""OpenAPI post-processing: keep the committed schema the same on every database backend.

Django derives integer bounds from the backend (SQLite reports 64-bit limits,
PostgreSQL the column's own), so the same model yields a different schema on
each. Bounds that are only a backend's storage limit are dropped here; bounds a
model states with its own validators stay.
"""

from __future__ import annotations

BACKEND_LIMITS = {32767, 2147483647, 9223372036854775807, -32768, -2147483648, -9223372036854775808}


def _strip(node):
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in ("maximum", "minimum"):
                if node.get(key) in BACKEND_LIMITS:
                    del node[key]
            if node.get("format") == "int64" and "maximum" not in node:
                del node["format"]
        for value in node.values():
            _strip(value)
    elif isinstance(node, list):
        for value in node:
            _strip(value)


def drop_backend_integer_limits(result, generator, request, public):
    _strip(result)
    return result
