"""What every dispute service shares: scope checks, the status-history row and its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import audit_record, diff, snapshot
from fazhi.disputes.models import StatusChange
from fazhi.organizations.models import Organization


def in_scope(actor, organization: Organization | None) -> bool:
    """``organization`` lies in the subtree ``actor`` may act for (their scope)."""
    if actor is None:
        return True  # system work (demo, scheduled jobs) runs without a user
    if actor.is_superuser:
        return True
    if organization is None or not actor.scope_path:
        return False
    return organization.path.startswith(actor.scope_path)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def not_future(value: dt.date | None, field: str, today: dt.date | None = None) -> None:
    """A step cannot be recorded as having happened after today."""
    today = today or timezone.localdate()
    if value is not None and value > today:
        raise ValidationError({field: _("日期不能晚于今天（%(today)s）") % {"today": today.isoformat()}})


def not_before(value: dt.date | None, field: str, earlier: dt.date | None, earlier_label: str) -> None:
    if value is not None and earlier is not None and value < earlier:
        raise ValidationError(
            {field: _("不能早于%(label)s（%(day)s）") % {"label": earlier_label, "day": earlier.isoformat()}}
        )


def jsonable(value: Any) -> Any:
    """Dates as ISO strings, decimals as strings, recursively: what a JSONField stores."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_step(
    *,
    obj: models.Model,
    kind: str,
    action: str,
    action_label: str,
    from_status: str,
    on: dt.date,
    actor,
    before: dict[str, Any] | None,
    event: str,
    note: str = "",
    basis: str = "",
    data: dict[str, Any] | None = None,
) -> StatusChange:
    """Save ``obj`` (validated), append its history row and its audit entry, in the caller's transaction.

    ``kind`` is the history foreign key ("reconsideration", "litigation", "opinion").
    """
    obj.full_clean()
    obj.save()
    step = StatusChange(
        **{kind: obj},
        action=action,
        action_label=action_label,
        from_status=from_status,
        to_status=obj.status,
        on=on,
        note=note,
        basis=basis,
        data=jsonable(data or {}),
        actor=actor if actor is not None and actor.pk else None,
        actor_name=str(actor) if actor is not None else "system",
    )
    step.save()
    audit_record(
        event=event,
        obj=obj,
        actor=actor,
        changes=diff(before or {}, snapshot(obj)),
        data={"step": action, "on": on, "basis": basis, **jsonable(data or {})},
    )
    return step
