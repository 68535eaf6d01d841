"""Forms of the draw pages: they parse input; the services decide every rule."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.models import Officer
from fazhi.entities.constants import CreditRiskClass, EntityType
from fazhi.entities.selectors import entity_by_uscc
from fazhi.inspections.models import InspectionItem
from fazhi.organizations.models import Organization

from .constants import DEFAULT_RATIOS, RISK_CLASSES
from .inputs import PopulationFilter
from .services import RecusalSpec

DATE = forms.DateInput(attrs={"type": "date"})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DrawForm(forms.Form):
    """Preparing a draw: what is drawn from, how, and who may go."""

    organization = forms.ModelChoiceField(label=_("抽取部门"), queryset=Organization.objects.none())
    item = forms.ModelChoiceField(
        label=_("抽查事项"), queryset=InspectionItem.objects.none(), help_text=_("本部门已公布的检查事项")
    )
    title = forms.CharField(label=_("抽查名称"), max_length=200, required=False, help_text=_("留空则按事项和日期命名"))
    draw_date = forms.DateField(label=_("抽取日期"), widget=DATE, help_text=_("执法人员的执法证须在该日有效"))
    window_start = forms.DateField(label=_("检查期间自"), widget=DATE)
    window_end = forms.DateField(label=_("检查期间至"), widget=DATE)
    ratio_A = forms.CharField(label=_("A 类（低风险）抽查比例"), max_length=20, initial=DEFAULT_RATIOS["A"])
    ratio_B = forms.CharField(label=_("B 类（一般风险）抽查比例"), max_length=20, initial=DEFAULT_RATIOS["B"])
    ratio_C = forms.CharField(label=_("C 类（较高风险）抽查比例"), max_length=20, initial=DEFAULT_RATIOS["C"])
    ratio_D = forms.CharField(label=_("D 类（高风险）抽查比例"), max_length=20, initial=DEFAULT_RATIOS["D"])
    per_visit = forms.IntegerField(label=_("每组执法人员数"), initial=2)
    street = forms.ModelChoiceField(label=_("筛选：所在街道"), queryset=Organization.objects.none(), required=False)
    industry_prefix = forms.CharField(
        label=_("筛选：行业代码前缀"), max_length=5, required=False, help_text=_("GB/T 4754-2017，例如 H62（餐饮业）")
    )
    entity_types = forms.MultipleChoiceField(
        label=_("筛选：主体类型"), choices=EntityType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    risk_classes = forms.MultipleChoiceField(
        label=_("筛选：信用风险分类"), choices=CreditRiskClass.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("不选即全部类别"),
    )
    include_no_disturbance = forms.BooleanField(
        label=_("纳入“无事不扰”名单上的企业"), required=False,
        help_text=_("默认不纳入；仅当抽查事项要求检查它们时勾选并写明依据"),
    )
    no_disturbance_cause = forms.CharField(label=_("纳入依据"), max_length=300, required=False)
    recusals = forms.CharField(
        label=_("回避"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一对：执法证号或工号,统一社会信用代码,理由。回避名单不公开，只公布其哈希"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.visible_to(user).filter(has_enforcement_authority=True, voided_at__isnull=True)
        self.fields["organization"].queryset = orgs
        self.fields["item"].queryset = InspectionItem.objects.published().filter(organization__in=orgs)
        zone = user.zone_path if user.is_authenticated else ""
        self.fields["street"].queryset = Organization.objects.filter(
            kind="street", path__startswith=zone or "-", voided_at__isnull=True
        )

    @property
    def ratios(self) -> dict[str, str]:
        return {c: self.cleaned_data.get(f"ratio_{c}", "") for c in RISK_CLASSES}

    @property
    def population_filter(self) -> PopulationFilter:
        d = self.cleaned_data
        return PopulationFilter(
            street_id=d["street"].pk if d.get("street") else None,
            industry_prefix=(d.get("industry_prefix") or "").strip().upper(),
            entity_types=tuple(d.get("entity_types") or ()),
            risk_classes=tuple(d.get("risk_classes") or ()),
            include_no_disturbance=bool(d.get("include_no_disturbance")),
        )

    def clean(self):
        data = super().clean()
        org = data.get("organization")
        text = data.get("recusals") or ""
        specs: list[RecusalSpec] = []
        problems: list[str] = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",", 2)]
            if len(parts) < 3 or not all(parts):
                problems.append(_("第 %(n)s 行应为“执法证号或工号,统一社会信用代码,理由”") % {"n": n})
                continue
            who, code, reason = parts
            officers = list(
                Officer.objects.filter(
                    Q(certificates__number=who) | Q(staff_number=who),
                    certificates__organization=org,
                    voided_at__isnull=True,
                ).distinct()[:2]
            ) if org else []
            if len(officers) != 1:
                problems.append(
                    _("第 %(n)s 行：%(org)s 的持证执法人员中没有执法证号或工号为 %(w)s 的人") % {"n": n, "org": org, "w": who}
                    if not officers else _("第 %(n)s 行：工号 %(w)s 不唯一，请填执法证号") % {"n": n, "w": who}
                )
                continue
            entity = entity_by_uscc(code)
            if entity is None:
                problems.append(_("第 %(n)s 行：经营主体名录中没有统一社会信用代码 %(c)s") % {"n": n, "c": code})
                continue
            specs.append(RecusalSpec(officer=officers[0], entity=entity, reason=reason))
        if problems:
            self.add_error("recusals", "；".join(str(p) for p in problems))
        data["recusal_specs"] = specs
        return data
