"""Input of the dispute pages and API: one form per step (the API validates with the same forms).

A form only shapes input; the rules live in the services. ``kwargs()`` turns
the cleaned data into the service's keyword arguments.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.organizations.constants import OrganizationKind
from fazhi.organizations.models import Organization

from .constants import (
    DecisionType,
    HeadPost,
    HearingMode,
    OpinionKind,
    OpinionSource,
    Outcome,
    Procedure,
    SanctionKind,
    SuspensionGround,
    TerminationGround,
)
from .models import IncidentalReview, LitigationCase, ReconsiderationCase, SupervisionOpinion
from .services.litigation import EDITABLE_FIELDS as LITIGATION_EDITABLE_FIELDS
from .services.litigation import RECEIPT_FIELDS as LITIGATION_FIELDS
from .services.reconsideration import RECEIPT_FIELDS as RECONSIDERATION_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


class StepForm(forms.Form):
    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


def _scoped_organizations(user, kinds=None):
    qs = Organization.objects.visible_to(user).filter(voided_at__isnull=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


_WORKING_KINDS = (OrganizationKind.GOVERNMENT, OrganizationKind.LEGAL_OFFICE, OrganizationKind.DEPARTMENT,
                  OrganizationKind.ENFORCEMENT_TEAM, OrganizationKind.STREET, OrganizationKind.TEAM)


def _dates_as_inputs(form):
    for f in form.fields.values():
        if isinstance(f, forms.DateField):
            f.widget = DateInput()


class ReconsiderationReceiveForm(forms.ModelForm):
    """收到申请 / 登记应议案件."""

    class Meta:
        model = ReconsiderationCase
        fields = ["organization", *RECONSIDERATION_FIELDS]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _scoped_organizations(user, _WORKING_KINDS)
        self.fields["respondent"].queryset = Organization.objects.filter(
            path__startswith=user.zone_path if user and user.zone_path else "~", voided_at__isnull=True,
        ).exclude(kind__in=(OrganizationKind.PROVINCE, OrganizationKind.CITY)) if user else Organization.objects.none()
        _dates_as_inputs(self)

    def kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return {"organization": data.pop("organization"), **data}


class ReconsiderationEditForm(forms.ModelForm):
    class Meta:
        model = ReconsiderationCase
        fields = [
            "handler_name", "applicant_name", "applicant_kind", "third_party", "respondent_name", "body_name",
            "disputed_act", "act_kind", "sanction_kind", "amount", "on_the_spot", "penalty_case_number", "request",
            "known_on", "note",
        ]

    def __init__(self, *args, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        _dates_as_inputs(self)

    def kwargs(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class VoidForm(StepForm):
    reason = forms.CharField(label=_("作废原因"), max_length=500)


class RequestCorrectionForm(StepForm):
    sent_on = _date(_("补正通知发出日"))
    notice_received_on = _date(_("申请人收到补正通知日"), required=False)
    items = forms.CharField(label=_("补正事项（一次性载明）"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendCorrectionForm(StepForm):
    on = _date(_("决定日"))
    days = forms.IntegerField(label=_("延长（工作日）"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("正当理由"), widget=forms.Textarea(attrs={"rows": 2}))
    notice_received_on = _date(_("申请人收到补正通知日"), required=False)


class ReceiveCorrectionForm(StepForm):
    received_on = _date(_("收到补正材料日"))
    notice_received_on = _date(_("申请人收到补正通知日"), required=False)


class TodayForm(StepForm):
    """Steps that are due by lapse of time: the service checks the period against today."""


class NotAcceptForm(StepForm):
    decided_on = _date(_("决定日"))
    reason = forms.CharField(label=_("不予受理理由（不属于本机关管辖的，告知有管辖权的复议机关）"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(StepForm):
    accepted_on = _date(_("受理日"))
    procedure = forms.ChoiceField(label=_("审理程序"), choices=Procedure.choices, initial=Procedure.ORDINARY)
    facts_clear = forms.BooleanField(label=_("事实清楚、权利义务关系明确、争议不大"), required=False)
    all_parties_agree = forms.BooleanField(label=_("当事人各方同意适用简易程序"), required=False)


class SendCopyForm(StepForm):
    sent_on = _date(_("发送申请书副本日"))
    received_on = _date(_("被申请人收到日"), required=False)


class RecordReplyForm(StepForm):
    replied_on = _date(_("答复日（提交答复和证据、依据）"))
    copy_received_on = _date(_("被申请人收到申请书副本日"), required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HearViewsForm(StepForm):
    heard_on = _date(_("听取意见日"))
    mode = forms.ChoiceField(label=_("方式"), choices=HearingMode.choices)
    note = forms.CharField(label=_("记录"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HoldHearingForm(StepForm):
    held_on = _date(_("听证日"))
    notice_sent_on = _date(_("书面通知日"), required=False)
    respondent_head_attended = forms.BooleanField(label=_("被申请人负责人参加听证（第五十一条第三款）"), required=False)
    note = forms.CharField(label=_("记录"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConvertForm(StepForm):
    on = _date(_("批准日"))
    approved_by = forms.CharField(label=_("批准人（行政复议机构负责人）"), max_length=50)
    reason = forms.CharField(label=_("理由"), required=False)


class IncidentalReviewForm(StepForm):
    document_title = forms.CharField(label=_("规范性文件或者依据"), max_length=300)
    issuing_body = forms.CharField(label=_("制定机关"), max_length=200)
    requested_on = _date(_("提出日"))
    handled_by_body = forms.BooleanField(label=_("本机关有权处理"), required=False, initial=True)


class IncidentalReviewRecordForm(StepForm):
    """The progress of one incidental review of the case (行政复议法 第五十六条至第六十条)."""

    review = forms.ModelChoiceField(label=_("附带审查"), queryset=IncidentalReview.objects.none())
    transferred_on = _date(_("转送日"), required=False, help_text=_("无权处理的，七个工作日内转送（第五十六条）"))
    reply_received_on = _date(_("收到处理意见日"), required=False,
                              help_text=_("接受转送的机关六十日内回复（第六十条）"))
    handled_on = _date(_("处理完毕日"), required=False, help_text=_("有权处理的，三十日内处理（第五十六条）"))
    conclusion = forms.CharField(label=_("处理意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["review"].queryset = IncidentalReview.objects.filter(case=case, voided_at__isnull=True)


class SuspendForm(StepForm):
    ground = forms.ChoiceField(label=_("中止情形（第三十九条第一款）"), choices=SuspensionGround.choices)
    suspended_on = _date(_("中止日"))
    notice_sent_on = _date(_("书面告知日"), required=False)
    reason = forms.CharField(label=_("中止原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResumeForm(StepForm):
    resumed_on = _date(_("恢复审理日"))
    notice_sent_on = _date(_("书面告知日"), required=False)


class ExtendForm(StepForm):
    on = _date(_("批准日"))
    days = forms.IntegerField(label=_("延长（日）"), min_value=1, max_value=30)
    approved_by = forms.CharField(label=_("批准人（行政复议机构负责人）"), max_length=50)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class TerminateForm(StepForm):
    ground = forms.ChoiceField(label=_("终止情形（第四十一条）"), choices=TerminationGround.choices)
    on = _date(_("终止日"))
    withdrawn_after_correction = forms.BooleanField(
        label=_("被申请人纠正后申请人撤回（含和解，第七十四条）"), required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MediateForm(StepForm):
    mediated_on = _date(_("调解书生效日"))
    summary = forms.CharField(label=_("调解协议内容"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(StepForm):
    decision_type = forms.ChoiceField(label=_("决定类型"), choices=DecisionType.choices)
    decided_on = _date(_("决定日"))
    summary = forms.CharField(label=_("决定要旨"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    varied_kind = forms.ChoiceField(label=_("变更后处罚种类"), choices=[("", "—"), *SanctionKind.choices],
                                    required=False)
    varied_amount = forms.DecimalField(label=_("变更后金额（元）"), required=False, min_value=Decimal(0))
    varied_days = forms.IntegerField(label=_("变更后期限（日）"), required=False, min_value=0)
    third_party_contrary_request = forms.BooleanField(label=_("第三人提出相反请求"), required=False)

    def kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        kind = d.pop("varied_kind")
        amount = d.pop("varied_amount")
        days = d.pop("varied_days")
        if kind:
            d["varied_sanctions"] = [{"kind": kind, "amount": str(amount or 0), "days": days or 0}]
        return d


class PublishForm(StepForm):
    published_on = _date(_("公开日"))
    ref = forms.CharField(label=_("公开位置"), max_length=300)


# ---- litigation -------------------------------------------------------------------------------


class LitigationReceiveForm(forms.ModelForm):
    class Meta:
        model = LitigationCase
        fields = ["organization", *LITIGATION_FIELDS]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _scoped_organizations(user, _WORKING_KINDS)
        self.fields["previous"].queryset = LitigationCase.objects.visible_to(user).filter(voided_at__isnull=True)
        self.fields["reconsideration_case"].queryset = ReconsiderationCase.objects.visible_to(user).filter(
            voided_at__isnull=True)
        _dates_as_inputs(self)

    def kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return {"organization": data.pop("organization"), **data}


class LitigationEditForm(forms.ModelForm):
    """修改应诉案件的描述性信息 (page and API; the steps' dates and the state are not here)."""

    class Meta:
        model = LitigationCase
        fields = list(LITIGATION_EDITABLE_FIELDS)

    def __init__(self, *args, **kwargs):
        kwargs.pop("user", None)
        super().__init__(*args, **kwargs)
        _dates_as_inputs(self)

    def kwargs(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class AnswerForm(StepForm):
    answered_on = _date(_("提交答辩状日"))
    evidence_submitted_on = _date(_("提交证据日"), required=False)
    note = forms.CharField(label=_("说明"), required=False)


class RecordHearingForm(StepForm):
    held_on = _date(_("开庭日"))
    court_suggested = forms.BooleanField(label=_("法院书面建议负责人出庭"), required=False)
    head_appeared = forms.BooleanField(label=_("负责人出庭"), required=False)
    head_name = forms.CharField(label=_("出庭负责人"), required=False, max_length=50)
    head_post = forms.ChoiceField(label=_("负责人职务类别"), required=False, choices=[("", "—"), *HeadPost.choices])
    head_title = forms.CharField(label=_("负责人职务"), required=False, max_length=50)
    staff_names = forms.CharField(label=_("出庭工作人员"), required=False, max_length=200)
    lawyer_names = forms.CharField(label=_("出庭律师"), required=False, max_length=200)
    absence_reason = forms.CharField(label=_("负责人不能出庭的理由"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    sealed_explanation = forms.BooleanField(label=_("已提交盖章或主要负责人签字的情况说明"), required=False)
    note = forms.CharField(label=_("备注"), required=False)


class ConcludeForm(StepForm):
    outcome = forms.ChoiceField(label=_("裁判结果"), choices=Outcome.choices)
    result_on = _date(_("裁判日"))
    served_on = _date(_("送达日"), required=False)
    summary = forms.CharField(label=_("裁判要旨"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(StepForm):
    appealed_on = _date(_("上诉日"))
    appellant = forms.CharField(label=_("上诉人"), max_length=200)


# ---- opinions -----------------------------------------------------------------------------------


class OpinionIssueForm(forms.ModelForm):
    class Meta:
        model = SupervisionOpinion
        fields = ["organization", "department", "kind", "number", "title", "content", "source_type", "source_id",
                  "source_label", "issued_on", "rectification_deadline"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _scoped_organizations(
            user, (OrganizationKind.LEGAL_OFFICE, OrganizationKind.GOVERNMENT))
        self.fields["department"].queryset = _scoped_organizations(user, _WORKING_KINDS)
        self.fields["kind"].choices = OpinionKind.choices
        self.fields["source_type"].choices = OpinionSource.choices
        _dates_as_inputs(self)

    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class OpinionReceiveForm(StepForm):
    received_on = _date(_("签收日"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class OpinionReplyForm(StepForm):
    replied_on = _date(_("回复日"))
    text = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("整改证明材料"), required=False,
                               widget=MultipleFileInput(attrs={"multiple": True}))

    def __init__(self, *args, files_list=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._files_list = files_list or []

    def kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["evidence"] = self._files_list
        return d


class OpinionReturnForm(StepForm):
    on = _date(_("退回日"))
    note = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class OpinionCloseForm(StepForm):
    closed_on = _date(_("销号日"))
    note = forms.CharField(label=_("审核意见"), required=False)


class OpinionWithdrawForm(StepForm):
    on = _date(_("撤回日"))
    reason = forms.CharField(label=_("撤回理由"), max_length=500)

