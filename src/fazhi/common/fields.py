"""Typed fields for domain identifiers (STYLE R18); the check functions live in fazhi.core."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.identifiers import uscc_error


def validate_uscc(value: str) -> None:
    if not value:
        return
    problem = uscc_error(value)
    if problem:
        raise ValidationError(
            _("统一社会信用代码 %(code)s 不符合 GB 32100-2015：%(problem)s"),
            code="uscc",
            params={"code": value, "problem": problem},
        )


class USCCField(models.CharField):
    """统一社会信用代码: 18 characters with the GB 32100-2015 check character."""

    default_validators = [validate_uscc]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 18:
            del kwargs["max_length"]
        return name, path, args, kwargs
