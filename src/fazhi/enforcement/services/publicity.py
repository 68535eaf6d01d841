"""Publicity of decisions (执法公示, 行政处罚法 第四十八条) and their withdrawal.

A decision marked ``publish`` appears on the public page from the moment it is
made (``case_decide``). When a reconsideration body or a court revokes it, or
the body corrects itself (第七十五条第二款), ``case_decision_withdraw`` takes it
off the public page and records why, by whom and on what source — the disputes
app calls it with the reconsideration or litigation case as ``source``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import audit_record
from fazhi.enforcement.constants import WithdrawalSource
from fazhi.enforcement.models import PenaltyCase

from .cases import _lock, refresh_deadlines
from .record import record_append

__all__ = ["WITHDRAW_ROLES", "case_decision_withdraw"]

#: the legal office runs reconsideration; the body corrects itself
WITHDRAW_ROLES = frozenset({Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF, Role.ADMINISTRATOR})

ERR_NO_DECISION = _("该案件尚未作出决定，没有可撤回的决定")
ERR_ALREADY = _("该决定已于 %(when)s 撤回")


@transaction.atomic
def case_decision_withdraw(*, case: PenaltyCase, reason: str, source: str, actor) -> PenaltyCase:
    """Record that the decision was revoked and withdraw it from the public page.

    ``source`` is a ``WithdrawalSource`` value (reconsideration, litigation,
    self_correction, other). ``actor`` None is the system. The case keeps its
    status; the withdrawal is appended to its full-process record and audited.
    """
    case = _lock(case)
    if actor is not None:
        if not actor.has_role(*WITHDRAW_ROLES):
            raise PermissionDenied(_("您的角色不能撤回处罚决定的公示"))
        if not PenaltyCase.objects.visible_to(actor).filter(pk=case.pk).exists():
            raise PermissionDenied(_("该案件不在您的管辖范围内"))
    if not case.decided_on:
        raise ValidationError({"case": ERR_NO_DECISION})
    if case.withdrawal_source:
        raise ValidationError({"case": ERR_ALREADY % {"when": timezone.localtime(case.withdrawn_at).strftime("%Y-%m-%d")}})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("应当填写撤回原因")})
    source = WithdrawalSource(source)
    was_public = case.is_public
    case.withdrawn_at = timezone.now()
    case.withdrawal_reason = reason.strip()[:500]
    case.withdrawal_source = source
    refresh_deadlines(case)
    case.save()
    data = {"reason": case.withdrawal_reason, "source": source.value, "was_public": was_public}
    record_append(case=case, event="publicity.withdrawn", obj=case,
                  summary=_("决定被撤销，撤回公示（%(source)s）") % {"source": source.label}, data=data, actor=actor)
    audit_record(event="case.decision_withdrawn", obj=case, actor=actor,
                 changes={"withdrawn_at": [None, case.withdrawn_at], "withdrawal_source": ["", source.value]},
                 data=data)
    return case
