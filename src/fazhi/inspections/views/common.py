"""Helpers the inspection pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def attempt(request, action: Callable[[], object], success: str) -> bool:
    """Run a service call; its ValidationError messages become page messages (nothing was written)."""
    try:
        action()
    except ValidationError as exc:
        for m in error_messages(exc):
            messages.error(request, m)
        return False
    messages.success(request, success)
    return True


def form_errors_from(form, exc: ValidationError) -> None:
    """Put a service's field errors on the form's fields where they exist."""
    if hasattr(exc, "error_dict"):
        for field, msgs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        form.add_error(None, exc.messages)


def year_param(request) -> int:
    """The ``year`` asked for, else the latest year with inspections carried out (else this year)."""
    from fazhi.inspections.selectors import year_or_default

    return year_or_default(request.GET.get("year"), user=request.user)
