"""REST API of the disputes app (mounted at /api/disputes/): thin viewsets over selectors and services.

Reads come from the selectors (the user's scope; anything else is a 404).
Writes are explicit POST actions, one per step (``POST /api/disputes/
reconsideration/{id}/accept/``), validated by the same forms as the pages and
carried out by the same services; a refused step is a 400 naming the rule, a
step the user may not take a 403. The request schema of each step is derived
from its form, so pages and API take the same fields.
"""

from __future__ import annotations

from django import forms as django_forms
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.organizations.models import Organization

from . import actions, exports, forms, selectors, services
from .deadlines import (
    deadline_rows,
    incidental_review_deadlines,
    litigation_deadlines,
    reconsideration_deadlines,
)
from .models import (
    IncidentalReview,
    LitigationCase,
    LitigationHearing,
    ReconsiderationCase,
    ReconsiderationSuspension,
    SupervisionOpinion,
)
from .schema import DisputeChoiceField

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---- forms → request serializers (schema) ------------------------------------------------------


def _serializer_field(f: django_forms.Field) -> serializers.Field:
    common = {"required": f.required, "help_text": str(f.label or "")}
    if isinstance(f, django_forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(f, django_forms.ChoiceField):
        return DisputeChoiceField(choices=[c for c in f.choices if c[0] != ""],
                                       allow_blank=not f.required, **common)
    if isinstance(f, django_forms.DateField):
        return serializers.DateField(allow_null=not f.required, **common)
    if isinstance(f, django_forms.BooleanField):
        return serializers.BooleanField(required=False, help_text=common["help_text"])
    if isinstance(f, django_forms.DecimalField):
        return serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, **common)
    if isinstance(f, django_forms.IntegerField):
        return serializers.IntegerField(allow_null=not f.required, **common)
    if isinstance(f, django_forms.FileField):
        return serializers.ListField(child=serializers.FileField(), required=False, help_text=common["help_text"])
    return serializers.CharField(allow_blank=not f.required, **common)


_SERIALIZERS: dict[type, type[serializers.Serializer]] = {}


def request_serializer(form_class, name: str) -> type[serializers.Serializer]:
    """A serializer with the fields of ``form_class`` (for the schema; validation stays with the form)."""
    if form_class not in _SERIALIZERS:
        attrs = {n: _serializer_field(f) for n, f in form_class.base_fields.items()}
        _SERIALIZERS[form_class] = type(name, (serializers.Serializer,), attrs)
    return _SERIALIZERS[form_class]


def _validated(form) -> dict:
    if not form.is_valid():
        raise ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})
    return form.kwargs()


# ---- output serializers ------------------------------------------------------------------------


class DisputeDeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    basis = serializers.CharField()
    start = serializers.DateField()
    deadline = serializers.DateField(allow_null=True)
    unrolled = serializers.DateField(allow_null=True)
    met_on = serializers.DateField(allow_null=True)
    state = serializers.CharField()
    state_label = serializers.CharField()
    derivation = serializers.CharField()
    suspended_days = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True)


class SuspensionSerializer(serializers.ModelSerializer):
    serializer_choice_field = DisputeChoiceField

    class Meta:
        model = ReconsiderationSuspension
        fields = ["id", "ground", "reason", "suspended_on", "notice_sent_on", "resumed_on", "resumption_notice_on"]


class IncidentalReviewSerializer(serializers.ModelSerializer):
    """附带审查 with its periods (行政复议法 第五十六条、第六十条) from the legal-time engine."""

    deadlines = serializers.SerializerMethodField()

    class Meta:
        model = IncidentalReview
        fields = ["id", "document_title", "issuing_body", "requested_on", "handled_by_body", "transferred_on",
                  "reply_received_on", "handled_on", "conclusion", "deadlines"]

    @extend_schema_field(DisputeDeadlineSerializer(many=True))
    def get_deadlines(self, obj) -> list[dict]:
        return [r.as_dict() for r in deadline_rows(incidental_review_deadlines(obj), today=timezone.localdate())]


class ReconsiderationSerializer(serializers.ModelSerializer):
    serializer_choice_field = DisputeChoiceField

    suspensions = SuspensionSerializer(many=True, read_only=True)
    incidental_reviews = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()

    class Meta:
        model = ReconsiderationCase
        exclude = ["created_at", "updated_at", "voided_by"]

    @extend_schema_field(DisputeDeadlineSerializer(many=True))
    def get_deadlines(self, obj) -> list[dict]:
        return [r.as_dict() for r in deadline_rows(reconsideration_deadlines(obj), today=timezone.localdate())]

    @extend_schema_field(IncidentalReviewSerializer(many=True))
    def get_incidental_reviews(self, obj) -> list[dict]:
        reviews = [r for r in obj.incidental_reviews.all() if r.voided_at is None]
        return IncidentalReviewSerializer(reviews, many=True).data

    def get_steps(self, obj) -> list[str]:
        user = self.context.get("request").user if self.context.get("request") else None
        return [s.key for s in actions.reconsideration_steps_for(user, obj)] if user else []


class HearingSerializer(serializers.ModelSerializer):
    serializer_choice_field = DisputeChoiceField

    class Meta:
        model = LitigationHearing
        exclude = ["created_at", "updated_at", "voided_by", "case"]


class LitigationSerializer(serializers.ModelSerializer):
    serializer_choice_field = DisputeChoiceField

    hearings = HearingSerializer(many=True, read_only=True)
    deadlines = serializers.SerializerMethodField()
    lost = serializers.BooleanField(read_only=True)

    class Meta:
        model = LitigationCase
        exclude = ["created_at", "updated_at", "voided_by"]

    @extend_schema_field(DisputeDeadlineSerializer(many=True))
    def get_deadlines(self, obj) -> list[dict]:
        return [r.as_dict() for r in deadline_rows(litigation_deadlines(obj), today=timezone.localdate())]


class OpinionSerializer(serializers.ModelSerializer):
    serializer_choice_field = DisputeChoiceField

    class Meta:
        model = SupervisionOpinion
        exclude = ["created_at", "updated_at", "voided_by"]


# ---- viewsets --------------------------------------------------------------------------------


def _add_steps(viewset, steps: dict, output, prefix: str) -> None:
    """One explicit POST action per step, named after it, documented with its form's fields."""
    for spec in steps.values():
        def handler(self, request, pk=None, _spec=spec):
            record = self.get_object()
            kwargs = {}
            if _spec.form is forms.OpinionReplyForm:
                kwargs["files_list"] = request.FILES.getlist("evidence")
            form = _spec.form(request.data, request.FILES or None, **kwargs)
            kw = _validated(form)
            if _spec.today:
                kw["today"] = timezone.localdate()
            _spec.service(**{_spec.record_arg: record}, actor=request.user, **kw)
            fresh = self.get_queryset().get(pk=record.pk)
            return Response(output(fresh, context={"request": request}).data)

        handler.__name__ = f"step_{spec.key}"
        handler.__doc__ = f"{spec.label}（{spec.basis}）" if spec.basis else spec.label
        req = request_serializer(spec.form, f"{prefix}{''.join(p.title() for p in spec.key.split('_'))}")
        media = "multipart/form-data" if spec.form is forms.OpinionReplyForm else "application/json"
        decorated = extend_schema(request={media: req}, responses=output, summary=spec.label)(
            action(detail=True, methods=["post"], url_path=spec.key)(handler)
        )
        setattr(viewset, handler.__name__, decorated)


def _xlsx(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return resp


_LIST_PARAMS = [
    OpenApiParameter("year", int, description="收案年度"),
    OpenApiParameter("status", str),
    OpenApiParameter("q", str, description="搜索"),
]


@extend_schema(parameters=[*_LIST_PARAMS, OpenApiParameter("role", str, enum=["body", "respondent"])])
class ReconsiderationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """行政复议案件 (受理 and 应议)."""

    serializer_class = ReconsiderationSerializer

    def get_queryset(self):
        p = self.request.query_params
        year = p.get("year")
        return selectors.reconsideration_list(
            user=self.request.user, role=p.get("role") or None, status=p.get("status") or None,
            year=selectors.year_param(year), q=p.get("q", ""),
        ).prefetch_related("suspensions", "incidental_reviews").order_by("-received_on", "-pk")

    @extend_schema(request=request_serializer(forms.ReconsiderationReceiveForm, "ReconsiderationReceive"),
                   responses={201: ReconsiderationSerializer}, summary="收到行政复议申请 / 登记应议案件")
    def create(self, request):
        kw = _validated(forms.ReconsiderationReceiveForm(request.data, user=request.user))
        case = services.reconsideration_receive(actor=request.user, **kw)
        return Response(ReconsiderationSerializer(case, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=request_serializer(forms.VoidForm, "DisputeVoid"),
                   responses=ReconsiderationSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        case = self.get_object()
        kw = _validated(forms.VoidForm(request.data))
        services.reconsideration_void(case=case, actor=request.user, reason=kw["reason"])
        # a voided case leaves the list, so read it back through the detail selector
        fresh = selectors.reconsideration_get_for_user(user=request.user, pk=case.pk)
        return Response(ReconsiderationSerializer(fresh, context={"request": request}).data)

    @extend_schema(request=request_serializer(forms.IncidentalReviewRecordForm, "IncidentalReviewRecord"),
                   responses=ReconsiderationSerializer, summary="登记附带审查办理情况")
    @action(detail=True, methods=["post"], url_path="incidental_review_record")
    def incidental_review_record(self, request, pk=None):
        """附带审查的办理进度：转送、收到处理意见、处理完毕（行政复议法 第五十六条至第六十条）."""
        case = self.get_object()
        kw = _validated(forms.IncidentalReviewRecordForm(request.data, case=case))
        services.incidental_review_record(actor=request.user, today=timezone.localdate(), **kw)
        return Response(ReconsiderationSerializer(self.get_queryset().get(pk=case.pk),
                                                  context={"request": request}).data)

    @extend_schema(responses={(200, XLSX): OpenApiResponse(description="XLSX")})
    @action(detail=False, methods=["get"])
    def export(self, request):
        rows = self.get_queryset().prefetch_related("litigation_cases")
        return _xlsx(exports.export_rows(title="行政复议案件", columns=exports.RECONSIDERATION_COLUMNS, rows=rows),
                     "reconsideration")


_add_steps(ReconsiderationViewSet, actions.RECONSIDERATION_STEPS, ReconsiderationSerializer, "Reconsideration")


@extend_schema(parameters=[*_LIST_PARAMS, OpenApiParameter("instance", str, enum=["first", "second", "retrial"])])
class LitigationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """行政应诉案件, one record per instance."""

    serializer_class = LitigationSerializer

    def get_queryset(self):
        p = self.request.query_params
        year = p.get("year")
        return selectors.litigation_list(
            user=self.request.user, status=p.get("status") or None, instance=p.get("instance") or None,
            year=selectors.year_param(year), q=p.get("q", ""),
        ).prefetch_related("hearings").order_by("-complaint_received_on", "-pk")

    @extend_schema(request=request_serializer(forms.LitigationReceiveForm, "LitigationReceive"),
                   responses={201: LitigationSerializer}, summary="收到起诉状副本（登记应诉案件）")
    def create(self, request):
        kw = _validated(forms.LitigationReceiveForm(request.data, user=request.user))
        case = services.litigation_receive(actor=request.user, **kw)
        return Response(LitigationSerializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=request_serializer(forms.LitigationEditForm, "LitigationEdit"),
                   responses=LitigationSerializer, summary="修改应诉案件信息")
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        """Correct the descriptive particulars; fields left out keep their values."""
        case = self.get_object()
        current = django_forms.model_to_dict(case, fields=forms.LitigationEditForm.Meta.fields)
        data = {**current, **{k: v for k, v in request.data.items() if k in current}}
        kw = _validated(forms.LitigationEditForm(data, instance=case))
        services.litigation_update(case=case, actor=request.user, **kw)
        return Response(LitigationSerializer(self.get_queryset().get(pk=case.pk),
                                             context={"request": request}).data)

    @extend_schema(request=request_serializer(forms.VoidForm, "DisputeVoid"), responses=LitigationSerializer,
                   summary="作废应诉案件")
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        case = self.get_object()
        kw = _validated(forms.VoidForm(request.data))
        services.litigation_void(case=case, actor=request.user, reason=kw["reason"])
        fresh = selectors.litigation_get_for_user(user=request.user, pk=case.pk)
        return Response(LitigationSerializer(fresh, context={"request": request}).data)

    @extend_schema(responses={(200, XLSX): OpenApiResponse(description="XLSX")})
    @action(detail=False, methods=["get"])
    def export(self, request):
        rows = self.get_queryset()
        return _xlsx(exports.export_rows(title="行政应诉案件", columns=exports.LITIGATION_COLUMNS, rows=rows),
                     "litigation")


_add_steps(LitigationViewSet, actions.LITIGATION_STEPS, LitigationSerializer, "Litigation")


@extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str),
                           OpenApiParameter("overdue", bool, description="仅逾期未回复")])
class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """监督意见书 / 建议书 and 行政复议意见书."""

    serializer_class = OpinionSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.opinion_list(
            user=self.request.user, status=p.get("status") or None, q=p.get("q", ""),
            overdue_on=timezone.localdate() if p.get("overdue") in ("1", "true") else None,
        ).order_by("-issued_on", "-pk")

    @extend_schema(request=request_serializer(forms.OpinionIssueForm, "OpinionIssue"),
                   responses={201: OpinionSerializer}, summary="制发监督意见书")
    def create(self, request):
        kw = _validated(forms.OpinionIssueForm(request.data, user=request.user))
        opinion = services.opinion_issue(actor=request.user, **kw)
        return Response(OpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, XLSX): OpenApiResponse(description="XLSX")})
    @action(detail=False, methods=["get"])
    def export(self, request):
        return _xlsx(exports.export_rows(title="监督意见书", columns=exports.OPINION_COLUMNS,
                                         rows=self.get_queryset()), "opinions")


_add_steps(OpinionViewSet, actions.OPINION_STEPS, OpinionSerializer, "Opinion")


class IndicatorsView(APIView):
    """The dispute indicators of an organization and year, with the year before and 双下降."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True),
                    OpenApiParameter("organization", int, description="机构编号；省略为可见的全部")],
        responses=inline_serializer("DisputeIndicators", {
            "year": serializers.IntegerField(),
            "organization": serializers.IntegerField(allow_null=True),
            "current": serializers.DictField(),
            "previous": serializers.DictField(),
            "double_decline": serializers.BooleanField(allow_null=True),
            "definitions": serializers.ListField(child=serializers.DictField()),
        }),
    )
    def get(self, request):
        year = selectors.year_param(request.query_params.get("year"))
        if year is None:
            raise ValidationError({"year": ["须填写年度"]})
        organization = None
        org_id = request.query_params.get("organization")
        if org_id:
            if org_id.isdigit() and int(org_id) < 2**63:
                organization = Organization.objects.visible_to(request.user).filter(pk=int(org_id)).first()
            if organization is None:
                raise ValidationError({"organization": ["机构不在您的管辖范围内"]})
        ind = selectors.dispute_indicators(user=request.user, organization=organization, year=year)
        return Response({
            "year": year,
            "organization": organization.pk if organization else None,
            "current": ind.current.__dict__,
            "previous": ind.previous.__dict__,
            "double_decline": ind.double_decline,
            "definitions": [{"key": k, "label": label, "definition": d} for k, label, d in selectors.INDICATORS],
        })


__all__ = ["IndicatorsView", "LitigationViewSet", "OpinionViewSet", "ReconsiderationViewSet"]
