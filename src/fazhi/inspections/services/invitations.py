"""Enterprise invitations (企业邀约检查, “一次预约、全面体检”) and ratings (企业评价) — the public side.

An enterprise submits an invitation on the public form (no account) and
receives a private link (an unguessable token; only its SHA-256 is stored).
The legal office accepts it: one task per chosen item of every competent
department, all on one joint visit on the appointment day; or declines it
with a reason. After a visit the enterprise rates it from the code page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.config.selectors import work_calendar
from fazhi.core.identifiers import uscc_error, uscc_normalize
from fazhi.core.inspection_code import code_verify
from fazhi.core.inspection_workflow import INVITATION_TRANSITIONS, InvitationAction
from fazhi.entities.models import MarketEntity
from fazhi.inspections.constants import RATING_DAYS, InvitationStatus, TaskSource, VisitStatus
from fazhi.inspections.models import (
    InspectionCode,
    InspectionItem,
    InspectionTask,
    Invitation,
    InvitationStatusChange,
    Rating,
    Visit,
    VisitStatusChange,
)
from fazhi.organizations.models import Organization

from ._common import audit, require_legal_office, supervising_office, transition
from .coordination import lead_department
from .plans import _new_task
from .visits import code_key

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
#: open invitations (submitted or accepted) one enterprise may have at once
MAX_OPEN_PER_ENTITY = 1
#: days ahead an enterprise may ask for
MAX_DAYS_AHEAD = 180


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_scopes(*, zone: Organization) -> list[str]:
    """The matters an enterprise can pick: those of the zone's published items, in order."""
    return sorted(
        set(
            InspectionItem.objects.published()
            .filter(organization__path__startswith=zone.path)
            .values_list("matter", flat=True)
        )
    )


@transaction.atomic
def invitation_submit(
    *,
    zone: Organization,
    uscc: str,
    contact_phone: str,
    scopes: Sequence[str],
    preferred_from: dt.date | None,
    preferred_to: dt.date | None,
    note: str = "",
    today: dt.date | None = None,
) -> tuple[Invitation, str]:
    """Record an enterprise's invitation; returns it and the private link's token (shown once).

    Every field is checked first; a wrong USCC, an unknown enterprise, a bad
    phone number, no scope, or dates that end before they start get a message
    naming the rule and nothing is written.
    """
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    code = uscc_normalize(uscc or "")
    problem = uscc_error(code)
    entity = None
    if problem:
        errors["uscc"] = _("统一社会信用代码不符合 GB 32100-2015：%(problem)s") % {"problem": problem}
    else:
        entity = MarketEntity.objects.filter(
            uscc=code, organization__path__startswith=zone.path, voided_at__isnull=True, status="active"
        ).first()
        if entity is None:
            errors["uscc"] = _("本区经营主体名录中没有该统一社会信用代码的存续企业")
    phone = re.sub(r"\s", "", contact_phone or "")
    if not PHONE.match(phone):
        errors["contact_phone"] = _("联系电话应为 11 位手机号码或带区号的固定电话")
    allowed = set(invitation_scopes(zone=zone))
    chosen = [s for s in dict.fromkeys(scopes or []) if s]
    if not chosen:
        errors["scopes"] = _("请至少选择一个体检范围")
    elif set(chosen) - allowed:
        errors["scopes"] = _("体检范围只能从公布的检查领域中选择")
    if preferred_from is None or preferred_to is None:
        errors["preferred_from"] = _("请填写希望的日期范围")
    elif preferred_to < preferred_from:
        errors["preferred_to"] = _("希望日期的结束日期不能早于开始日期")
    elif preferred_from <= today:
        errors["preferred_from"] = _("希望日期须晚于今天")
    elif preferred_to > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors["preferred_to"] = _("希望日期不能晚于 %(n)s 天之后") % {"n": MAX_DAYS_AHEAD}
    if entity is not None and "uscc" not in errors and Invitation.objects.filter(
        entity=entity, status__in=[InvitationStatus.SUBMITTED, InvitationStatus.ACCEPTED], voided_at__isnull=True
    ).count() >= MAX_OPEN_PER_ENTITY:
        errors["uscc"] = _("该企业已有一项尚未完成的邀约，请通过原查询链接查看进度")
    if errors:
        raise ValidationError(errors)
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        organization=supervising_office(zone), entity=entity, uscc=code, contact_phone=phone, scopes=chosen,
        preferred_from=preferred_from, preferred_to=preferred_to, note=(note or "").strip()[:1000],
        token_hash=token_hash(token), submitted_at=timezone.now(),
    )
    invitation.full_clean()
    invitation.save()
    InvitationStatusChange.objects.create(invitation=invitation, from_status="", to_status=invitation.status,
                                          action="submit", actor=None, actor_name=_("企业（公开页面）"))
    audit(event="inspection.invitation_submitted", obj=invitation, actor=None, data={"public": True})
    return invitation, token


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.filter(token_hash=token_hash(token), voided_at__isnull=True).select_related("entity").first()


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    appointment_on: dt.date,
    items: Sequence[InspectionItem],
    actor,
    officers_per_task: int = 2,
    reason: str = "",
    today: dt.date | None = None,
) -> Visit:
    """Accept: one task per item, every department on one joint visit on ``appointment_on``."""
    require_legal_office(actor, invitation.organization)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if appointment_on is None:
        errors["appointment_on"] = _("请填写预约日期")
    elif appointment_on < today:
        errors["appointment_on"] = _("预约日期不能早于今天")
    elif not work_calendar().is_working_day(appointment_on):
        errors["appointment_on"] = _("%(d)s 不是工作日") % {"d": appointment_on}
    if not items:
        errors["items"] = _("请至少选择一个检查事项")
    if errors:
        raise ValidationError(errors)
    tasks = []
    for item in items:
        task = _new_task(
            plan=None, entity=invitation.entity, department=item.organization, item=item,
            earliest=appointment_on, latest=appointment_on, officers_needed=officers_per_task,
            source=TaskSource.INVITATION, reason=_("企业邀约检查"), invitation=invitation,
        )
        task.full_clean(exclude=["invitation"])
        tasks.append(task)
    transition(obj=invitation, table=INVITATION_TRANSITIONS, action=InvitationAction.ACCEPT,
               history_model=InvitationStatusChange, parent_field="invitation", actor=actor, reason=reason,
               event="inspection.invitation_accepted",
               extra={"appointment_on": appointment_on, "decided_by": actor, "decision_reason": (reason or "").strip()})
    for t in tasks:
        t.organization = t.item.organization
    visit = Visit.objects.create(
        organization_id=lead_department(tasks), entity=invitation.entity, invitation=invitation,
        window_start=appointment_on, window_end=appointment_on, status=VisitStatus.SCHEDULED,
        description=_("企业邀约检查（一次预约、全面体检）"),
    )
    VisitStatusChange.objects.create(visit=visit, from_status="", to_status=visit.status, action="schedule",
                                     actor=actor, actor_name=str(actor), reason=_("企业邀约"))
    for t in tasks:
        t.visit = visit
        t.save()
        audit(event="inspection.task_created", obj=t, actor=actor, data={"source": "invitation"})
    audit(event="inspection.visit_scheduled", obj=visit, actor=actor, data={"invitation": invitation.pk})
    invitation.visit = visit
    invitation.save(update_fields=["visit", "updated_at"])
    return visit


@transaction.atomic
def invitation_decline(*, invitation: Invitation, actor, reason: str) -> Invitation:
    require_legal_office(actor, invitation.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("不予受理必须说明理由")})
    return transition(obj=invitation, table=INVITATION_TRANSITIONS, action=InvitationAction.DECLINE,
                      history_model=InvitationStatusChange, parent_field="invitation", actor=actor,
                      reason=reason.strip(), event="inspection.invitation_declined",
                      extra={"decided_by": actor, "decision_reason": reason.strip()})


def code_lookup(code_text: str, *, today: dt.date):
    """(check, InspectionCode or None) for a code read from a QR image."""
    check = code_verify(code_text, key=code_key(), today=today)
    if not check.authentic:
        return check, None
    return check, InspectionCode.objects.filter(ref=check.ref, code=code_text.strip()).select_related("visit").first()


def rating_allowed(code: InspectionCode | None, *, today: dt.date) -> bool:
    if code is None or code.revoked_at is not None:
        return False
    visit = code.visit
    return (
        visit.status == VisitStatus.COMPLETED
        and today <= visit.window_end + dt.timedelta(days=RATING_DAYS)
        and not Rating.objects.filter(visit=visit).exists()
    )


@transaction.atomic
def rating_submit(*, code_text: str, score: int | None, comment: str = "", today: dt.date | None = None) -> Rating:
    """The enterprise rates a completed visit from its code page (once, within RATING_DAYS of the visit)."""
    today = today or timezone.localdate()
    check, code = code_lookup(code_text, today=today)
    if code is None:
        raise ValidationError({"code": _("检查码无效，不能评价")})
    visit = code.visit
    if Rating.objects.filter(visit=visit).exists():
        raise ValidationError({"code": _("这次检查已经评价过")})
    if not rating_allowed(code, today=today):
        raise ValidationError({"code": _("只能在检查完成后 %(n)s 天内评价") % {"n": RATING_DAYS}})
    try:
        score = int(score)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("评分应为 1 至 5 分")})
    rating = Rating(visit=visit, organization=supervising_office(visit.organization), score=score,
                    comment=(comment or "").strip()[:1000], submitted_at=timezone.now())
    rating.full_clean()
    rating.save()
    audit(event="inspection.rating_submitted", obj=rating, actor=None, data={"public": True})
    return rating


def tasks_of_invitation(invitation: Invitation) -> list[InspectionTask]:
    return list(invitation.tasks.filter(voided_at__isnull=True).select_related("organization", "item"))
