"""Input forms of penalty cases, shared by the pages and the API (one set of rules for both).

Each action form's field names are the keyword arguments of its service, so a
view or an API action calls ``service(case=…, actor=…, **form.cleaned_data)``.
Forms only parse and limit choices to the user's scope; every rule is checked
by the service (STYLE R5: no workflow in forms).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import User

from .constants import (
    CaseSource,
    DeadlineRule,
    DecisionKind,
    ExecutionMethod,
    PartyKind,
    PenaltyKind,
    ReviewOutcome,
    ServiceMethod,
    StepKind,
    TransferKind,
    WithdrawalSource,
)
from .models import EnforcementItem, Officer, PenaltyCase
from .services import case_organizations_for
from .services.steps import APPROVER_ROLES, STEP_STATUSES

DATE = forms.DateInput(attrs={"type": "date"})


def _on_field():
    return forms.DateField(label=_("办理日期"), widget=DATE, initial=timezone.localdate)


class CaseForm(forms.ModelForm):
    """登记线索 / 修改案件信息. The item is entered by its catalogue code (事项编码)."""

    item_code = forms.CharField(label=_("执法事项编码"), required=False, max_length=60,
                                help_text=_("权责清单中的事项编码，例如 330208-CF-0001"))

    class Meta:
        model = PenaltyCase
        fields = [
            "organization", "source", "source_detail", "lead_received_on", "party_kind", "party_name",
            "party_id_number", "party_address", "party_representative", "act_date", "act_ended_on",
            "harm_to_life_health_finance", "facts", "major_public_interest", "major_rights", "complex_case",
            "legal_review_other_basis", "serious_violation",
        ]
        widgets = {"lead_received_on": DATE, "act_date": DATE, "act_ended_on": DATE,
                   "facts": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        orgs = case_organizations_for(user)
        self.fields["organization"].queryset = orgs
        self.fields["organization"].label = _("执法主体")
        if orgs.count() == 1 and not self.instance.pk:
            self.fields["organization"].initial = orgs.first().pk
        if self.instance.pk:
            self.fields["organization"].disabled = True
            if self.instance.item_id:
                self.fields["item_code"].initial = self.instance.item.code
        self.fields["lead_received_on"].initial = timezone.localdate
        self.fields["source"].choices = CaseSource.choices
        self.fields["party_kind"].choices = [("", "---------"), *PartyKind.choices]

    def clean(self):
        data = super().clean()
        code = (data.get("item_code") or "").strip()
        org = data.get("organization") or (self.instance.organization if self.instance.pk else None)
        data["item"] = None
        if code and org is not None:
            items = EnforcementItem.objects.filter(organization=org, code=code, voided_at__isnull=True)
            day = data.get("act_date")
            item = (items.valid_on(day).first() if day else None) or items.order_by("-valid_from").first()
            if item is None:
                self.add_error("item_code", _("本机关权责清单中没有编码为 %(code)s 的事项") % {"code": code})
            data["item"] = item
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("item_code", None)
        data.pop("organization", None)
        return data


def _officers_field(case: PenaltyCase, required: bool) -> forms.ModelMultipleChoiceField:
    qs = (
        Officer.objects.filter(organization__path__startswith=case.organization.path, voided_at__isnull=True)
        .select_related("organization")
        .order_by("organization__path", "staff_number")
    )
    f = forms.ModelMultipleChoiceField(
        label=_("执法人员（不少于两人）"), queryset=qs, required=required, widget=forms.CheckboxSelectMultiple,
        help_text=None if required else _("不选则为本案承办人"),
    )
    f.initial = [o.pk for o in case.officers.all()]
    return f


class CaseActionForm(forms.Form):
    """Base: every action has its date; subclasses add their fields.

    ``dynamic_fields`` names the fields added in ``__init__`` (their choices
    depend on the case) and their API type, for the OpenAPI schema.
    """

    dynamic_fields: dict[str, str] = {}
    on = _on_field()

    def __init__(self, *args, case: PenaltyCase, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user


class NoteForm(CaseActionForm):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(CaseActionForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class FileForm(NoteForm):
    dynamic_fields = {"officers": "officers"}
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"] = _officers_field(self.case, required=True)
        self.order_fields(["on", "officers", "note"])


class InvestigateForm(NoteForm):
    dynamic_fields = {"officers": "officers"}
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"] = _officers_field(self.case, required=False)
        self.order_fields(["on", "officers", "note"])


KIND_WIDGET = forms.CheckboxSelectMultiple


class SummaryForm(CaseActionForm):
    dynamic_fields = {"officers": "officers"}
    kinds = forms.MultipleChoiceField(label=_("处罚种类"), widget=KIND_WIDGET,
                                      choices=[(k, v) for k, v in PenaltyKind.choices if k in ("warning", "fine")])
    fine = forms.DecimalField(label=_("罚款（元）"), required=False, min_value=0, decimal_places=2, max_digits=14)
    decision_text = forms.CharField(label=_("处罚内容说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"] = _officers_field(self.case, required=True)


class NotifyForm(CaseActionForm):
    kinds = forms.MultipleChoiceField(label=_("拟处罚种类"), widget=KIND_WIDGET, choices=PenaltyKind.choices)
    fine = forms.DecimalField(label=_("拟罚款（元）"), required=False, min_value=0, decimal_places=2, max_digits=14)
    confiscation = forms.DecimalField(label=_("拟没收金额（元）"), required=False, min_value=0, decimal_places=2,
                                      max_digits=14)
    text = forms.CharField(label=_("拟处罚内容及理由、依据"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class HearingRequestForm(NoteForm):
    hearing_date = forms.DateField(label=_("拟举行听证日期"), required=False, widget=DATE)


class DecideForm(CaseActionForm):
    decision_kind = forms.ChoiceField(label=_("处理决定"), choices=DecisionKind.choices)
    kinds = forms.MultipleChoiceField(label=_("处罚种类"), widget=KIND_WIDGET, choices=PenaltyKind.choices,
                                      required=False)
    fine = forms.DecimalField(label=_("罚款（元）"), required=False, min_value=0, decimal_places=2, max_digits=14)
    confiscation = forms.DecimalField(label=_("没收金额（元）"), required=False, min_value=0, decimal_places=2,
                                      max_digits=14)
    text = forms.CharField(label=_("处罚内容说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publish = forms.BooleanField(label=_("依法公开（第四十八条）"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.proposed_kinds:
            self.fields["kinds"].initial = self.case.proposed_kinds
            self.fields["fine"].initial = self.case.proposed_fine


class ServeForm(NoteForm):
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    field_order = ["on", "method", "note"]


class ExecuteForm(NoteForm):
    method = forms.ChoiceField(label=_("执行方式"), choices=ExecutionMethod.choices)
    field_order = ["on", "method", "note"]


class TransferForm(CaseActionForm):
    kind = forms.ChoiceField(label=_("移送类型"), choices=TransferKind.choices)
    to = forms.CharField(label=_("接收机关"), max_length=200)
    reason = forms.CharField(label=_("移送理由"), widget=forms.Textarea(attrs={"rows": 2}))
    standard = forms.CharField(label=_("适用的移送标准"), max_length=300,
                               help_text=_("例如《高新区综合行政执法案件移送标准》第三条"))


#: action → (form class, service name in ``enforcement.services``)
ACTION_FORMS: dict[str, tuple[type[CaseActionForm], str]] = {
    "file": (FileForm, "case_file"),
    "decline": (ReasonForm, "case_decline"),
    "decide_summary": (SummaryForm, "case_decide_summary"),
    "investigate": (InvestigateForm, "case_investigation_start"),
    "notify": (NotifyForm, "case_notify"),
    "request_hearing": (HearingRequestForm, "case_hearing_request"),
    "submit_legal_review": (NoteForm, "case_legal_review_submit"),
    "discuss": (NoteForm, "case_discussion_submit"),
    "reinvestigate": (ReasonForm, "case_reinvestigate"),
    "decide": (DecideForm, "case_decide"),
    "serve": (ServeForm, "case_serve"),
    "execute": (ExecuteForm, "case_execute"),
    "close": (NoteForm, "case_close"),
    "transfer": (TransferForm, "case_transfer"),
    "void": (ReasonForm, "case_void"),
}


class StepForm(CaseActionForm):
    """A step of the current stage (调查取证、陈述申辩、听证、法制审核、集体讨论 …)."""

    dynamic_fields = {"officers": "officers"}
    kind = forms.ChoiceField(label=_("环节"), choices=StepKind.choices)
    summary = forms.CharField(label=_("内容摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("审核结论（法制审核）"), required=False,
                                choices=[("", "---------"), *ReviewOutcome.choices])
    reviewer = forms.CharField(label=_("审核人 / 听证主持人"), required=False, max_length=100)
    field_order = ["kind", "on", "officers", "summary", "outcome", "reviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("日期")
        self.fields["kind"].choices = [(k, v) for k, v in StepKind.choices if self.case.status in STEP_STATUSES[k]]
        self.fields["officers"] = _officers_field(self.case, required=False)
        self.order_fields(self.field_order)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("缴款日期"), widget=DATE, initial=timezone.localdate)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=0, decimal_places=2, max_digits=14)
    receipt_number = forms.CharField(label=_("票据号"), required=False, max_length=60)

    def __init__(self, *args, case=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


def _approver_field(case: PenaltyCase) -> forms.ModelChoiceField:
    zone = case.organization.zone()
    qs = User.objects.filter(organization__path__startswith=zone.path, role__in=APPROVER_ROLES,
                             voided_at__isnull=True, is_active=True).order_by("organization__path", "username")
    return forms.ModelChoiceField(label=_("批准人（负责人）"), queryset=qs)


class SuspendForm(CaseActionForm):
    dynamic_fields = {"approver": "user"}
    rule = forms.ChoiceField(label=_("期限"), choices=DeadlineRule.choices, initial=DeadlineRule.DECISION)
    reason = forms.CharField(label=_("中止理由"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"] = _approver_field(self.case)


class ResumeForm(CaseActionForm):
    rule = forms.ChoiceField(label=_("期限"), choices=DeadlineRule.choices, initial=DeadlineRule.DECISION)


class ExtendForm(CaseActionForm):
    dynamic_fields = {"approver": "user"}
    rule = forms.ChoiceField(label=_("期限"), choices=DeadlineRule.choices)
    days = forms.IntegerField(label=_("延长天数"), min_value=1)
    reason = forms.CharField(label=_("延长理由"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"] = _approver_field(self.case)


class EvidenceForm(forms.Form):
    upload = forms.FileField(label=_("证据文件"))
    description = forms.CharField(label=_("证据说明"), required=False, max_length=300)

    def __init__(self, *args, case=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class WithdrawForm(forms.Form):
    source = forms.ChoiceField(label=_("撤回依据"), choices=WithdrawalSource.choices)
    reason = forms.CharField(label=_("撤回原因"), max_length=500)

    def __init__(self, *args, case=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


#: non-transition writes: name → (form class, service name)
OTHER_FORMS: dict[str, tuple[type[forms.Form], str]] = {
    "step": (StepForm, "case_step_record"),
    "payment": (PaymentForm, "case_payment_record"),
    "suspend": (SuspendForm, "case_suspend"),
    "resume": (ResumeForm, "case_resume"),
    "extend": (ExtendForm, "case_deadline_extend"),
    "evidence": (EvidenceForm, "case_evidence_add"),
    "withdraw": (WithdrawForm, "case_decision_withdraw"),
}


class CaseFilterForm(forms.Form):
    """The list's filters (the same names ``selectors.case_list`` reads)."""

    q = forms.CharField(label=_("搜索"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    year = forms.IntegerField(label=_("立案年度"), required=False)
    procedure = forms.ChoiceField(label=_("程序"), required=False)
    open = forms.BooleanField(label=_("在办"), required=False)
    overdue = forms.BooleanField(label=_("已逾期"), required=False)

    def __init__(self, *args, **kwargs):
        from .constants import CaseStatus, Procedure

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), *CaseStatus.choices]
        self.fields["procedure"].choices = [("", _("全部")), *Procedure.choices]
