"""The steps a page or the API can post, each bound to its form and its service.

Which steps a record offers comes from the core transition tables; who may
take them is decided by the service (the page only hides buttons a user
could never use).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fazhi.accounts.constants import Role
from fazhi.core import litigation as core_litigation
from fazhi.core import reconsideration as core
from fazhi.core import supervision_opinions as core_opinions

from . import forms, services
from .constants import CaseRole


@dataclass(frozen=True)
class StepSpec:
    key: str
    label: str
    form: type
    service: Callable
    #: the keyword the service takes the record under
    record_arg: str = "case"
    #: the service takes ``today`` (steps due by lapse of time)
    today: bool = False
    basis: str = ""


def _r(action: core.Action, form, service, today=False) -> StepSpec:
    return StepSpec(action.value, action.label, form, service, today=today, basis=action.basis)


RECONSIDERATION_STEPS: dict[str, StepSpec] = {
    s.key: s
    for s in (
        _r(core.Action.REQUEST_CORRECTION, forms.RequestCorrectionForm, services.reconsideration_request_correction),
        _r(core.Action.EXTEND_CORRECTION, forms.ExtendCorrectionForm, services.reconsideration_extend_correction),
        _r(core.Action.RECEIVE_CORRECTION, forms.ReceiveCorrectionForm, services.reconsideration_receive_correction),
        _r(core.Action.CORRECTION_LAPSE, forms.TodayForm, services.reconsideration_correction_lapse, today=True),
        _r(core.Action.NOT_ACCEPT, forms.NotAcceptForm, services.reconsideration_not_accept),
        _r(core.Action.ACCEPT, forms.AcceptForm, services.reconsideration_accept),
        _r(core.Action.DEEM_ACCEPTED, forms.TodayForm, services.reconsideration_deem_accepted, today=True),
        _r(core.Action.SEND_COPY, forms.SendCopyForm, services.reconsideration_send_copy),
        _r(core.Action.RECORD_REPLY, forms.RecordReplyForm, services.reconsideration_record_reply),
        _r(core.Action.HEAR_VIEWS, forms.HearViewsForm, services.reconsideration_hear_views),
        _r(core.Action.HOLD_HEARING, forms.HoldHearingForm, services.reconsideration_hold_hearing),
        _r(core.Action.CONVERT_TO_ORDINARY, forms.ConvertForm, services.reconsideration_convert_to_ordinary),
        _r(core.Action.INCIDENTAL_REVIEW, forms.IncidentalReviewForm, services.reconsideration_incidental_review),
        _r(core.Action.SUSPEND, forms.SuspendForm, services.reconsideration_suspend),
        _r(core.Action.RESUME, forms.ResumeForm, services.reconsideration_resume),
        _r(core.Action.EXTEND, forms.ExtendForm, services.reconsideration_extend),
        _r(core.Action.TERMINATE, forms.TerminateForm, services.reconsideration_terminate),
        _r(core.Action.MEDIATE, forms.MediateForm, services.reconsideration_mediate),
        _r(core.Action.DECIDE, forms.DecideForm, services.reconsideration_decide),
        _r(core.Action.PUBLISH, forms.PublishForm, services.reconsideration_publish),
    )
}


def _l(action: core_litigation.Action, form, service) -> StepSpec:
    return StepSpec(action.value, action.label, form, service, basis=action.basis)


LITIGATION_STEPS: dict[str, StepSpec] = {
    s.key: s
    for s in (
        _l(core_litigation.Action.ANSWER, forms.AnswerForm, services.litigation_answer),
        _l(core_litigation.Action.RECORD_HEARING, forms.RecordHearingForm, services.litigation_record_hearing),
        _l(core_litigation.Action.CONCLUDE, forms.ConcludeForm, services.litigation_conclude),
        _l(core_litigation.Action.RECORD_APPEAL, forms.AppealForm, services.litigation_record_appeal),
    )
}


def _o(action: core_opinions.Action, form, service) -> StepSpec:
    return StepSpec(action.value, action.label, form, service, record_arg="opinion")


OPINION_STEPS: dict[str, StepSpec] = {
    s.key: s
    for s in (
        _o(core_opinions.Action.RECEIVE, forms.OpinionReceiveForm, services.opinion_receive),
        _o(core_opinions.Action.REPLY, forms.OpinionReplyForm, services.opinion_reply),
        _o(core_opinions.Action.RETURN, forms.OpinionReturnForm, services.opinion_return),
        _o(core_opinions.Action.CLOSE, forms.OpinionCloseForm, services.opinion_close),
        _o(core_opinions.Action.WITHDRAW, forms.OpinionWithdrawForm, services.opinion_withdraw),
    )
}


def _department_may_reply(user, case) -> bool:
    return bool(case.respondent_id and user.scope_path and case.respondent.path.startswith(user.scope_path))


def reconsideration_steps_for(user, case) -> list[StepSpec]:
    """The steps the table allows now that ``user`` could take (the service re-checks)."""
    if case.voided_at is not None:
        return []
    done = {
        core.Action.SEND_COPY: case.copy_sent_on is not None,
        core.Action.RECORD_REPLY: case.reply_received_on is not None,
        core.Action.PUBLISH: case.published_on is not None,
        core.Action.CONVERT_TO_ORDINARY: case.procedure != "simplified",
        core.Action.REQUEST_CORRECTION: case.correction_notice_sent_on is not None,
    }
    steps = [RECONSIDERATION_STEPS[a.value] for a in core.allowed_actions(case.status, case.role) if not done.get(a)]
    if user.is_superuser or user.role == Role.LEGAL_OFFICE:
        return steps
    if user.role == Role.DEPARTMENT_STAFF:
        if case.role == CaseRole.RESPONDENT:
            return steps
        if _department_may_reply(user, case):
            return [s for s in steps if s.key == core.Action.RECORD_REPLY]
    return []


def litigation_steps_for(user, case) -> list[StepSpec]:
    if case.voided_at is not None or not (user.is_superuser or user.role in (Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF)):
        return []
    steps = [LITIGATION_STEPS[a.value] for (s, a) in core_litigation.TRANSITIONS if s == case.status]
    if case.instance != "first" or case.appealed_on or not case.served_on:
        steps = [s for s in steps if s.key != core_litigation.Action.RECORD_APPEAL]
    return steps


def litigation_may_edit(user, case) -> bool:
    """Whether the page offers 修改 / 作废 (the service re-checks role and scope)."""
    return case.voided_at is None and (user.is_superuser or user.role in (Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF))


def incidental_review_may_record(user, case) -> bool:
    """Whether the page offers the incidental-review progress forms (the service re-checks)."""
    if case.voided_at is not None:
        return False
    if case.role == CaseRole.BODY:
        return user.is_superuser or user.role == Role.LEGAL_OFFICE
    return user.is_superuser or user.role in (Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF)


def opinion_steps_for(user, opinion) -> list[StepSpec]:
    if opinion.voided_at is not None:
        return []
    allowed = [OPINION_STEPS[a.value] for (s, a) in core_opinions.TRANSITIONS if s == opinion.status]
    if user.is_superuser or user.role == Role.LEGAL_OFFICE:
        return allowed
    department_side = {core_opinions.Action.RECEIVE.value, core_opinions.Action.REPLY.value}
    return [s for s in allowed if s.key in department_side]
