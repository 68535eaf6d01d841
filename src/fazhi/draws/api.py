"""REST API of the draws app (DRF), mounted at /api/draws/.

Thin viewsets: reads come from ``selectors`` (a draw outside the user's scope
is a 404), writes and transitions go to ``services`` as explicit POST actions
(``commit``, ``run``, ``create-tasks``, ``cancel``). The seed is never in a
response before it is revealed, and recusal pairs never are: only their count
and hash. ``public/`` needs no login and returns exactly what the public page
shows, plus the inputs ZIP.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from fazhi.enforcement.models import Officer
from fazhi.entities.selectors import entity_by_uscc
from fazhi.inspections.models import InspectionItem
from fazhi.organizations.models import Organization

from . import publication, selectors, services
from .constants import RISK_CLASSES
from .inputs import PopulationFilter
from .models import DrawTarget, RandomDraw

ZIP_RESPONSE = {(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="ZIP")}


# --- output -----------------------------------------------------------------------------------


class DrawSerializer(serializers.ModelSerializer):
    seed = serializers.SerializerMethodField(help_text="种子：抽取（或取消已承诺的抽取）后才公布，此前为空")
    status = serializers.CharField(read_only=True, help_text="draft | committed | tasks_pending | published | cancelled")

    class Meta:
        model = RandomDraw
        fields = [
            "id", "reference", "title", "organization", "item", "draw_date", "window_start", "window_end",
            "per_visit", "ratios", "population_filter", "no_disturbance_cause", "status", "committed_at",
            "seed_commitment", "input_hash", "public_input_hash", "recusal_hash", "recusal_count",
            "population_count", "class_counts", "pool_count", "history_count", "previous_draw", "results_due",
            "seed", "revealed_at", "drawn_at", "targets_count", "recusal_effects", "result_hash", "load_spread",
            "void_reason",
        ]

    def get_seed(self, obj) -> str:
        return obj.revealed_seed


class DrawTargetOfficerSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    certificate = serializers.CharField()


class DrawTargetSerializer(serializers.ModelSerializer):
    officers = DrawTargetOfficerSerializer(many=True)

    class Meta:
        model = DrawTarget
        fields = ["position", "entity", "uscc", "name", "risk_class", "officer_ids", "officers", "no_disturbance",
                  "task", "task_problem"]


class PublicDrawClassSerializer(serializers.Serializer):
    risk_class = serializers.CharField()
    label = serializers.CharField()
    ratio = serializers.CharField()
    entities = serializers.IntegerField()
    targets = serializers.IntegerField()


class PublicDrawResultSerializer(serializers.Serializer):
    status = serializers.CharField()
    outcome = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)


class PublicDrawTargetSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField()
    risk_class = serializers.CharField()
    officers = serializers.ListField(child=serializers.CharField(), help_text="姓名打码")
    officer_ids = serializers.ListField(child=serializers.CharField(), help_text="本次抽取中的人员编号（同 draw.csv）")
    result = PublicDrawResultSerializer(allow_null=True)


class PublicDrawSerializer(serializers.Serializer):
    """What the public page shows (no recusal pair, no seed before it is revealed, masked names)."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    title = serializers.CharField()
    organization = serializers.CharField()
    item = serializers.CharField()
    legal_basis = serializers.CharField()
    status = serializers.CharField()
    draw_date = serializers.DateField()
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    per_visit = serializers.IntegerField()
    committed_at = serializers.DateTimeField()
    seed_commitment = serializers.CharField()
    input_hash = serializers.CharField()
    public_input_hash = serializers.CharField()
    recusal_hash = serializers.CharField()
    recusal_count = serializers.IntegerField()
    population_count = serializers.IntegerField()
    pool_count = serializers.IntegerField()
    history_count = serializers.IntegerField()
    previous_reference = serializers.CharField()
    results_due = serializers.DateField(allow_null=True)
    classes = serializers.SerializerMethodField()
    spec_version = serializers.CharField()
    seed = serializers.CharField()
    revealed_at = serializers.DateTimeField(allow_null=True)
    targets_count = serializers.IntegerField()
    recusal_effects = serializers.IntegerField()
    result_hash = serializers.CharField()
    cancel_reason = serializers.CharField()
    targets = PublicDrawTargetSerializer(many=True)
    verify_command = serializers.CharField()

    def get_classes(self, obj) -> list[dict]:
        return PublicDrawClassSerializer(
            [{"risk_class": c, "label": label, "ratio": r, "entities": n, "targets": k} for c, label, r, n, k in obj.classes],
            many=True,
        ).data


# --- input ------------------------------------------------------------------------------------


class DrawRecusalInput(serializers.Serializer):
    officer = serializers.IntegerField(help_text="执法人员 id")
    uscc = serializers.CharField(max_length=30)
    reason = serializers.CharField(max_length=300)


class DrawPrepareInput(serializers.Serializer):
    organization = serializers.IntegerField()
    item = serializers.IntegerField(help_text="已公布的检查事项 id")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    draw_date = serializers.DateField()
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    ratios = serializers.DictField(child=serializers.CharField(), help_text="A、B、C、D 四类各一个 0–1 的小数")
    per_visit = serializers.IntegerField(default=2)
    street = serializers.IntegerField(required=False, allow_null=True, default=None)
    industry_prefix = serializers.CharField(required=False, allow_blank=True, default="")
    entity_types = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    risk_classes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(RISK_CLASSES)), required=False, default=list
    )
    include_no_disturbance = serializers.BooleanField(required=False, default=False)
    no_disturbance_cause = serializers.CharField(required=False, allow_blank=True, default="")
    recusals = DrawRecusalInput(many=True, required=False, default=list)


class DrawReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


def _valid(serializer_class, request) -> dict:
    s = serializer_class(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _prepare_kwargs(user, d: dict) -> dict:
    org = Organization.objects.visible_to(user).filter(pk=d["organization"], voided_at__isnull=True).first()
    if org is None:
        raise ValidationError({"organization": ["所选机构不在您的管辖范围内"]})
    item = InspectionItem.objects.visible_to(user).filter(pk=d["item"]).first()
    if item is None:
        raise ValidationError({"item": ["没有该检查事项"]})
    recusals = []
    for r in d["recusals"]:
        officer = Officer.objects.filter(pk=r["officer"]).first()
        entity = entity_by_uscc(r["uscc"])  # normalized, never a voided entry (as the form)
        if officer is None or entity is None:
            raise ValidationError({"recusals": [f"没有执法人员 {r['officer']} 或统一社会信用代码 {r['uscc']}"]})
        recusals.append(services.RecusalSpec(officer=officer, entity=entity, reason=r["reason"]))
    return {
        "organization": org,
        "item": item,
        "title": d["title"],
        "draw_date": d["draw_date"],
        "window_start": d["window_start"],
        "window_end": d["window_end"],
        "ratios": d["ratios"],
        "per_visit": d["per_visit"],
        "population_filter": PopulationFilter(
            street_id=d["street"],
            industry_prefix=d["industry_prefix"].strip().upper(),
            entity_types=tuple(d["entity_types"]),
            risk_classes=tuple(d["risk_classes"]),
            include_no_disturbance=d["include_no_disturbance"],
        ),
        "no_disturbance_cause": d["no_disturbance_cause"],
        "recusals": recusals,
    }


# --- viewsets ---------------------------------------------------------------------------------


class DrawViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """双随机抽查 (staff): prepare, commit (publish the commitment), run, create tasks, cancel."""

    serializer_class = DrawSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        q = self.request.query_params
        return selectors.draw_list(user=self.request.user, filters={"status": q.get("status"), "year": q.get("year")})

    @extend_schema(request=DrawPrepareInput, responses={201: DrawSerializer})
    def create(self, request, *args, **kwargs):
        draw = services.draw_prepare(actor=request.user, **_prepare_kwargs(request.user, _valid(DrawPrepareInput, request)))
        return Response(DrawSerializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        return Response(DrawSerializer(services.draw_commit(draw=self.get_object(), actor=request.user)).data)

    @extend_schema(request=None, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        return Response(DrawSerializer(services.draw_run(draw=self.get_object(), actor=request.user)).data)

    @extend_schema(request=None, responses=DrawSerializer)
    @action(detail=True, methods=["post"], url_path="create-tasks")
    def create_tasks(self, request, pk=None):
        return Response(DrawSerializer(services.draw_tasks_create(draw=self.get_object(), actor=request.user)).data)

    @extend_schema(request=DrawReasonInput, responses=DrawSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        d = _valid(DrawReasonInput, request)
        return Response(DrawSerializer(services.draw_cancel(draw=self.get_object(), actor=request.user, reason=d["reason"])).data)

    @extend_schema(responses=DrawTargetSerializer(many=True))
    @action(detail=True, methods=["get"])
    def targets(self, request, pk=None):
        draw = self.get_object()
        return Response(DrawTargetSerializer(draw.targets.order_by("position"), many=True).data)

    @extend_schema(responses=ZIP_RESPONSE)
    @action(detail=True, methods=["get"], url_path="full-inputs")
    def full_inputs(self, request, pk=None):
        """The full inputs, recusal pairs included (not for publication)."""
        draw = self.get_object()
        if not draw.is_public:
            raise ValidationError({"status": ["承诺公布之前没有冻结的输入"]})
        return _zip(publication.inputs_archive(draw, full=True), f"draw-{draw.pk}-full-inputs.zip")


class PublicDrawViewSet(viewsets.ReadOnlyModelViewSet):
    """双随机抽查公示 (no login): the draws whose commitment is published, as the public page shows them."""

    permission_classes = [permissions.AllowAny]
    serializer_class = PublicDrawSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        year = self.request.query_params.get("year")
        return selectors.public_draw_list(year=selectors.year_or_none(year))

    def get_object(self):
        return selectors.public_draw_get(draw_id=self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = [PublicDrawSerializer(publication.public_view(d, targets=[], commands=False)).data for d in page]
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        return Response(PublicDrawSerializer(publication.public_view(self.get_object())).data)

    @extend_schema(responses=ZIP_RESPONSE)
    @action(detail=True, methods=["get"])
    def inputs(self, request, pk=None):
        draw = self.get_object()
        return _zip(publication.inputs_archive(draw), f"draw-{draw.pk}-inputs.zip")
