"""Forms of the inspection pages: they parse input; the services decide every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role
from fazhi.accounts.models import User
from fazhi.enforcement.models import Officer
from fazhi.entities.constants import CreditRiskClass, EntityType
from fazhi.organizations.models import Organization

from .constants import MAX_EVOLVE_SECONDS, CheckResult, Outcome, PlanKind, TaskSource, VisitPurpose
from .models import InspectionItem

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("制定部门"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("计划名称"), max_length=200)
    kind = forms.ChoiceField(label=_("计划类型"), choices=PlanKind.choices)
    period_start = forms.DateField(label=_("计划期间自"), widget=DATE)
    period_end = forms.DateField(label=_("计划期间至"), widget=DATE)
    description = forms.CharField(label=_("计划说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(user).filter(
            has_enforcement_authority=True, voided_at__isnull=True
        )


class TaskForm(forms.Form):
    """One task of a plan (one enterprise), or — with a filter — one per matching enterprise."""

    item = forms.ModelChoiceField(label=_("检查事项"), queryset=InspectionItem.objects.none())
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18, required=False,
                           help_text=_("指定一家企业；留空则按下方筛选条件生成任务"))
    street = forms.ModelChoiceField(label=_("筛选：所在街道"), queryset=Organization.objects.none(), required=False)
    industry_prefix = forms.CharField(label=_("筛选：行业代码前缀"), max_length=5, required=False)
    credit_classes = forms.MultipleChoiceField(label=_("筛选：信用风险分类"), choices=CreditRiskClass.choices,
                                               required=False, widget=forms.CheckboxSelectMultiple)
    entity_types = forms.MultipleChoiceField(label=_("筛选：主体类型"), choices=EntityType.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    limit = forms.IntegerField(label=_("筛选：最多户数"), min_value=1, required=False)
    earliest = forms.DateField(label=_("窗口开始"), widget=DATE)
    latest = forms.DateField(label=_("窗口结束"), widget=DATE)
    officers_needed = forms.IntegerField(label=_("需要人数"), min_value=1, initial=2)
    reason = forms.CharField(label=_("检查事由"), max_length=300, required=False)
    no_disturbance_cause = forms.CharField(label=_("“无事不扰”企业检查事由"), max_length=300, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = InspectionItem.objects.published().filter(organization=plan.organization)
        self.fields["street"].queryset = Organization.objects.filter(
            kind="street", path__startswith=plan.organization.zone().path, voided_at__isnull=True
        )


class RunForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200, required=False)
    period_start = forms.DateField(label=_("统筹期间自"), widget=DATE)
    period_end = forms.DateField(label=_("统筹期间至"), widget=DATE)
    evolve_seconds = forms.IntegerField(
        label=_("深度优化（秒；部门每天只有一到三个组时可再减少入企次数，页面等待期间运行；0 为不做）"),
        min_value=0,
        max_value=MAX_EVOLVE_SECONDS,
        required=False,
        initial=0,
    )

    def clean_evolve_seconds(self) -> int:
        return self.cleaned_data.get("evolve_seconds") or 0


class AdjustForm(forms.Form):
    task = forms.IntegerField(label=_("任务编号（T 后的数字）"), min_value=1)
    to_day = forms.DateField(label=_("新日期"), widget=DATE)
    reason = forms.CharField(label=_("调整理由"), max_length=1000)


class OfficersForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(label=_("检查人员"), queryset=Officer.objects.none(),
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, visit, user, **kwargs):
        super().__init__(*args, **kwargs)
        zone = visit.organization.zone()
        # Every officer of the zone is listed; the service refuses one from another organization with its reason.
        self.fields["officers"].queryset = (
            Officer.objects.filter(organization__path__startswith=zone.path, voided_at__isnull=True)
            .select_related("organization")
            .order_by("organization__path", "staff_number")
        )


class OpenForm(forms.Form):
    override_approver = forms.ModelChoiceField(label=_("例外批准人（法治办或领导）"), queryset=User.objects.none(), required=False)
    override_reason = forms.CharField(label=_("例外批准理由"), max_length=1000, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        zone = visit.organization.zone()
        self.fields["override_approver"].queryset = User.objects.filter(
            organization__path__startswith=zone.path, role__in=[Role.LEGAL_OFFICE, Role.LEADERSHIP], is_active=True
        )


class RecordForm(forms.Form):
    left_at = forms.DateTimeField(label=_("离开时间"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    findings = forms.CharField(label=_("检查发现"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("检查结果"), choices=[("", "—"), *Outcome.choices], required=False)
    rectification_deadline = forms.DateField(label=_("整改期限"), required=False, widget=DATE)
    case_number = forms.CharField(label=_("案件编号"), max_length=60, required=False)


CHECK_CHOICES = [("", "—"), *CheckResult.choices]


class NonEnforcementForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("入企部门"), queryset=Organization.objects.none())
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    purpose = forms.ChoiceField(label=_("入企事由"), choices=VisitPurpose.choices)
    description = forms.CharField(label=_("说明"), max_length=300, required=False)
    participants = forms.CharField(label=_("入企人员（以“、”分隔）"), max_length=300)
    window_start = forms.DateField(label=_("入企日期自"), widget=DATE)
    window_end = forms.DateField(label=_("入企日期至"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(user).filter(
            voided_at__isnull=True, kind__in=["department", "enforcement_team", "street", "legal_office"]
        )


class AcceptForm(forms.Form):
    appointment_on = forms.DateField(label=_("预约日期"), widget=DATE)
    items = forms.ModelMultipleChoiceField(label=_("检查事项"), queryset=InspectionItem.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("受理意见"), max_length=1000, required=False)

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        zone = invitation.organization.zone()
        self.fields["items"].queryset = (
            InspectionItem.objects.published()
            .filter(organization__path__startswith=zone.path, matter__in=invitation.scopes)
            .select_related("organization")
            .order_by("matter", "organization__path", "code")
        )


class InvitationForm(forms.Form):
    """The public invitation form: USCC, a contact phone, the scopes and the dates wanted."""

    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=30)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30)
    scopes = forms.MultipleChoiceField(label=_("体检范围"), choices=(), widget=forms.CheckboxSelectMultiple)
    preferred_from = forms.DateField(label=_("希望日期自"), widget=DATE)
    preferred_to = forms.DateField(label=_("希望日期至"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(s, s) for s in scopes]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("评分"), coerce=int, choices=[(i, f"{i} ★") for i in range(5, 0, -1)],
                                   widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评价"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SupervisionForm(forms.Form):
    period_start = forms.DateField(label=_("检查期间自"), widget=DATE)
    period_end = forms.DateField(label=_("检查期间至"), widget=DATE)


class FindingActionForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=1000, required=False)
    opinion_reference = forms.CharField(label=_("监督意见书编号"), max_length=100, required=False)


TASK_SOURCES = TaskSource
