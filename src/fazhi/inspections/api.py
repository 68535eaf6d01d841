"""REST API of the inspections app (DRF), mounted at /api/inspections/.

Thin viewsets: lists and details come from ``selectors`` (the user's scope;
anything outside is a 404), writes and transitions go to ``services`` as
explicit POST actions with their own input serializers. Ratings: the legal
office lists them one by one; everyone else gets ``ratings/summary/``
(aggregates over at least five ratings) and nothing per enterprise.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.accounts.models import User
from fazhi.enforcement.models import Officer
from fazhi.entities.models import MarketEntity
from fazhi.entities.selectors import entity_by_uscc
from fazhi.inspections import exports, selectors, services
from fazhi.inspections.constants import MAX_EVOLVE_SECONDS, PlanKind
from fazhi.inspections.models import (
    CoordinationRun,
    Finding,
    InspectionItem,
    InspectionPlan,
    InspectionTask,
    Invitation,
    Rating,
    Visit,
)
from fazhi.inspections.services._common import is_legal_office
from fazhi.inspections.services.coordination import explanation_for

XLSX_RESPONSE = {(200, exports.XLSX): OpenApiResponse(description="XLSX")}


def _int(request, name):
    """A positive integer query parameter, else None (a malformed value is ignored, never a 500)."""
    try:
        value = int(request.query_params.get(name) or "")
    except ValueError:
        return None
    return value if value > 0 else None


def _year(request):
    return selectors.year_or_none(request.query_params.get("year"))


# --- serializers (output) --------------------------------------------------------------------


class ItemSerializer(serializers.ModelSerializer):
    legal_basis = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft | published | withdrawn")

    class Meta:
        model = InspectionItem
        fields = ["id", "organization", "catalogue_item", "code", "name", "matter", "checklist", "yearly_cap",
                  "off_site_allowed", "status", "published_at", "legal_basis"]


class PlanSerializer(serializers.ModelSerializer):
    task_count = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPlan
        fields = ["id", "organization", "title", "kind", "period_start", "period_end", "description", "status",
                  "submitted_at", "decided_at", "decision_reason", "task_count"]

    def get_task_count(self, obj) -> int:
        return obj.tasks.filter(voided_at__isnull=True).count()


class TaskSerializer(serializers.ModelSerializer):
    entity_uscc = serializers.CharField(source="entity.uscc", read_only=True)

    class Meta:
        model = InspectionTask
        fields = ["id", "organization", "plan", "source", "entity", "entity_uscc", "item", "earliest", "latest",
                  "officers_needed", "reason", "approval_reference", "no_disturbance_cause", "invitation", "visit"]


class FiguresSerializer(serializers.Serializer):
    tasks = serializers.IntegerField()
    visits = serializers.IntegerField()
    joint_visits = serializers.IntegerField()
    disturbances_avoided = serializers.IntegerField()


class RunSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()
    capacity_lower_bound = serializers.IntegerField(read_only=True)

    class Meta:
        model = CoordinationRun
        fields = ["id", "organization", "title", "period_start", "period_end", "status", "capacity", "tasks_count",
                  "visits_count", "joint_visits", "disturbances_avoided", "lower_bound", "capacity_lower_bound", "late",
                  "witnesses", "stats", "issued_at", "current"]

    @extend_schema_field(FiguresSerializer)
    def get_current(self, obj) -> dict:
        f = selectors.run_figures(obj)
        return {"tasks": f.tasks, "visits": f.visits, "joint_visits": f.joint_visits,
                "disturbances_avoided": f.disturbances_avoided}


class VisitOfficerSerializer(serializers.Serializer):
    officer = serializers.IntegerField(source="officer_id")
    name = serializers.CharField(source="officer.name")
    organization = serializers.IntegerField(source="organization_id")
    certificate = serializers.CharField(source="certificate.number", default=None)
    present = serializers.BooleanField(allow_null=True)


class VisitSerializer(serializers.ModelSerializer):
    entity_uscc = serializers.CharField(source="entity.uscc", read_only=True)
    departments = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()
    officers = VisitOfficerSerializer(many=True, read_only=True)
    code = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = ["id", "organization", "entity", "entity_uscc", "kind", "purpose", "participants", "run", "invitation",
                  "window_start", "window_end", "status", "no_disturbance_cause", "departments", "tasks", "officers", "code"]

    def get_departments(self, obj) -> list[int]:
        return sorted({t.organization_id for t in obj.tasks.all() if t.voided_at is None})

    def get_tasks(self, obj) -> list[int]:
        return [t.pk for t in obj.tasks.all() if t.voided_at is None]

    def get_code(self, obj) -> str | None:
        live = [c for c in obj.codes.all() if c.revoked_at is None]
        return max(live, key=lambda c: (c.issued_at, c.pk)).code if live else None


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "entity", "uscc", "contact_phone", "scopes", "preferred_from", "preferred_to", "note", "status",
                  "submitted_at", "appointment_on", "visit", "decision_reason"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "visit", "score", "comment", "submitted_at"]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "organization", "rule", "visit", "related_visit", "task", "entity", "visit_day", "detected_on",
                  "detail", "status", "status_reason", "opinion_reference"]


# --- serializers (input) ---------------------------------------------------------------------


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="理由")


class PlanInput(serializers.Serializer):
    organization = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    kind = serializers.CharField(default=PlanKind.ANNUAL, help_text="annual | quarterly | special")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class TaskInput(serializers.Serializer):
    plan = serializers.IntegerField(required=False, allow_null=True, default=None)
    uscc = serializers.CharField(max_length=30, help_text="企业统一社会信用代码")
    item = serializers.IntegerField()
    earliest = serializers.DateField()
    latest = serializers.DateField()
    officers_needed = serializers.IntegerField(min_value=1, default=2)
    source = serializers.CharField(help_text="plan | random_draw | complaint（邀约任务由受理邀约生成）")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    approval_reference = serializers.CharField(required=False, allow_blank=True, default="")
    no_disturbance_cause = serializers.CharField(required=False, allow_blank=True, default="")


class RunInput(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    capacity = serializers.DictField(child=serializers.IntegerField(min_value=0), required=False, default=dict,
                                     help_text="部门 id → 每个工作日可派人数（不填用默认值）")
    evolve_seconds = serializers.IntegerField(required=False, default=0, min_value=0, max_value=MAX_EVOLVE_SECONDS,
                                              help_text="深度优化秒数（小部门时再减少入企次数；请求期间运行）")


class AdjustInput(serializers.Serializer):
    task = serializers.IntegerField()
    to_day = serializers.DateField()
    reason = serializers.CharField()


class OfficersInput(serializers.Serializer):
    officers = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class OpenInput(serializers.Serializer):
    override_approver = serializers.IntegerField(required=False, allow_null=True, default=None)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ChecklistResultInput(serializers.Serializer):
    task = serializers.IntegerField()
    index = serializers.IntegerField(min_value=0)
    result = serializers.ChoiceField(choices=["ok", "problem", "na", ""])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecordInput(serializers.Serializer):
    left_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    officers_present = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True, default=None)
    checklist_results = ChecklistResultInput(many=True, required=False, allow_null=True, default=None)
    findings = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    outcome = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    rectification_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    case_number = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class NonEnforcementInput(serializers.Serializer):
    organization = serializers.IntegerField()
    uscc = serializers.CharField(max_length=30)
    purpose = serializers.CharField(help_text="research | outreach | service | guidance")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    participants = serializers.CharField(max_length=300)
    window_start = serializers.DateField()
    window_end = serializers.DateField()


class AcceptInput(serializers.Serializer):
    appointment_on = serializers.DateField()
    items = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PeriodInput(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class OpinionInput(serializers.Serializer):
    opinion_reference = serializers.CharField(max_length=100)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _entity(uscc: str) -> MarketEntity:
    entity = entity_by_uscc(uscc)
    if entity is None:
        raise DjangoValidationError({"uscc": _("经营主体名录中没有该统一社会信用代码")})
    return entity


def _org(user, pk):
    from fazhi.organizations.models import Organization

    org = Organization.objects.visible_to(user).filter(pk=pk, voided_at__isnull=True).first()
    if org is None:
        raise DjangoValidationError({"organization": _("所选机构不在您的管辖范围内")})
    return org


def _valid(serializer_class, request):
    s = serializer_class(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data


# --- viewsets ---------------------------------------------------------------------------------


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """检查事项: list, publish, withdraw (creation and edits: /api/inspection-items/)."""

    serializer_class = ItemSerializer

    def get_queryset(self):
        return selectors.item_list(user=self.request.user, filters={"status": self.request.query_params.get("status")})

    @extend_schema(request=None, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        item = services.inspection_item_publish(item=self.get_object(), actor=request.user)
        return Response(ItemSerializer(item).data)

    @extend_schema(request=ReasonInput, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        d = _valid(ReasonInput, request)
        item = services.inspection_item_withdraw(item=self.get_object(), actor=request.user, reason=d["reason"])
        return Response(ItemSerializer(item).data)


class PlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """检查计划: create, submit, approve (publishes), return, withdraw."""

    serializer_class = PlanSerializer

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user, filters={"status": self.request.query_params.get("status"),
                                                                     "year": _year(self.request)})

    @extend_schema(request=PlanInput, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        d = _valid(PlanInput, request)
        d["organization"] = _org(request.user, d["organization"])
        plan = services.plan_create(actor=request.user, **d)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    def _transition(self, request, fn, with_reason: bool):
        kwargs = {"reason": _valid(ReasonInput, request)["reason"]} if with_reason else {}
        plan = fn(plan=self.get_object(), actor=request.user, **kwargs)
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, services.plan_submit, False)

    @extend_schema(request=ReasonInput, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, services.plan_approve, True)

    @extend_schema(request=ReasonInput, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, services.plan_return, True)

    @extend_schema(request=ReasonInput, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._transition(request, services.plan_withdraw, True)

    @extend_schema(responses=XLSX_RESPONSE)
    @action(detail=False, methods=["get"])
    def export(self, request):
        return exports.response("inspection-plans", "检查计划", exports.PLAN_HEADERS, exports.plan_rows(self.get_queryset()))


class TaskViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """检查任务: a plan task, a random-draw task (approval_reference = the draw) or a complaint task."""

    serializer_class = TaskSerializer

    def get_queryset(self):
        return selectors.task_list(user=self.request.user, filters={"plan": _int(self.request, "plan"),
                                                                     "source": self.request.query_params.get("source")})

    @extend_schema(request=TaskInput, responses={201: TaskSerializer})
    def create(self, request, *args, **kwargs):
        d = _valid(TaskInput, request)
        item = selectors.item_list(user=request.user).filter(pk=d["item"]).first() or InspectionItem.objects.filter(
            pk=d["item"], status="published").first()
        if item is None:
            raise DjangoValidationError({"item": _("没有该检查事项")})
        plan = selectors.plan_get_for_user(user=request.user, plan_id=d["plan"]) if d["plan"] else None
        task = services.inspection_task_create(
            plan_or_none=plan, entity=_entity(d["uscc"]), department=item.organization, item=item, earliest=d["earliest"],
            latest=d["latest"], officers_needed=d["officers_needed"], source=d["source"], actor=request.user,
            reason=d["reason"], approval_reference=d["approval_reference"], no_disturbance_cause=d["no_disturbance_cause"])
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class RunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """统筹结果: run the engine over a period, adjust, issue, discard; per-enterprise explanation."""

    serializer_class = RunSerializer

    def get_queryset(self):
        return selectors.run_list(user=self.request.user)

    @extend_schema(request=RunInput, responses={201: RunSerializer})
    def create(self, request, *args, **kwargs):
        d = _valid(RunInput, request)
        if request.user.organization is None:
            raise DjangoPermissionDenied(_("没有所属机构"))
        run = services.coordination_run_create(
            organization=request.user.organization, actor=request.user, title=d["title"], period_start=d["period_start"],
            period_end=d["period_end"], capacity={int(k): v for k, v in d["capacity"].items() if str(k).isdigit()},
            evolve_seconds=d["evolve_seconds"])
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AdjustInput, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        run = self.get_object()
        d = _valid(AdjustInput, request)
        task = InspectionTask.objects.filter(pk=d["task"], visit__run=run).first()
        if task is None:
            raise DjangoValidationError({"task": _("该任务不在本次统筹结果中")})
        visit = services.coordination_run_adjust(run=run, task=task, to_day=d["to_day"], reason=d["reason"], actor=request.user)
        return Response(VisitSerializer(visit).data)

    @extend_schema(request=None, responses=RunSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return Response(RunSerializer(services.coordination_run_issue(run=self.get_object(), actor=request.user)).data)

    @extend_schema(request=ReasonInput, responses=RunSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        d = _valid(ReasonInput, request)
        return Response(RunSerializer(services.coordination_run_discard(run=self.get_object(), actor=request.user,
                                                                        reason=d["reason"])).data)

    @extend_schema(parameters=[OpenApiParameter("uscc", str, required=True)],
                   responses=inline_serializer("RunExplanation", {"uscc": serializers.CharField(),
                                                                   "lines": serializers.ListField(child=serializers.CharField())}))
    @action(detail=True, methods=["get"])
    def explain(self, request, pk=None):
        uscc = (request.query_params.get("uscc") or "").strip().upper()
        return Response({"uscc": uscc, "lines": explanation_for(self.get_object(), uscc)})


class VisitViewSet(viewsets.ReadOnlyModelViewSet):
    """入企检查: officers, open (gates → code), arrive, record, complete, cancel; non-enforcement registration."""

    serializer_class = VisitSerializer

    def get_queryset(self):
        q = self.request.query_params
        return selectors.visit_list(user=self.request.user, filters={
            "status": q.get("status"), "kind": q.get("kind"), "year": _year(self.request),
            "run": _int(self.request, "run"), "joint": q.get("joint"), "mine": q.get("mine")}).prefetch_related(
            "tasks", "codes", "officers__officer", "officers__certificate")

    def _ok(self, visit):
        return Response(VisitSerializer(Visit.objects.get(pk=visit.pk)).data)

    @extend_schema(request=OfficersInput, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def officers_assign(self, request, pk=None):
        visit = self.get_object()
        d = _valid(OfficersInput, request)
        officers = list(Officer.objects.filter(pk__in=d["officers"], voided_at__isnull=True))
        if len(officers) != len(set(d["officers"])):
            raise DjangoValidationError({"officers": _("有执法人员不存在")})
        services.visit_officers_set(visit=visit, officers=officers, actor=request.user)
        return self._ok(visit)

    @extend_schema(request=OpenInput, responses=VisitSerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_(self, request, pk=None):
        visit = self.get_object()
        d = _valid(OpenInput, request)
        approver = User.objects.filter(pk=d["override_approver"]).first() if d["override_approver"] else None
        services.visit_open(visit=visit, actor=request.user, override_approver=approver, override_reason=d["override_reason"])
        return self._ok(visit)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        visit = self.get_object()
        services.visit_arrive(visit=visit, actor=request.user)
        return self._ok(visit)

    @extend_schema(request=RecordInput, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        visit = self.get_object()
        d = _valid(RecordInput, request)
        services.visit_record_save(visit=visit, actor=request.user, **d)
        return self._ok(visit)

    @extend_schema(
        request={"multipart/form-data": inline_serializer("RecordDocumentUpload", {"file": serializers.FileField(),
                                                                                  "name": serializers.CharField(required=False)})},
        responses=inline_serializer("RecordDocumentStored", {"id": serializers.IntegerField(), "name": serializers.CharField(),
                                                             "sha256": serializers.CharField(), "size": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request, pk=None):
        visit = self.get_object()
        upload = request.FILES.get("file")
        record = getattr(visit, "record", None)
        if upload is None or record is None:
            raise DjangoValidationError({"file": _("请上传文件（检查开始后）")})
        doc = services.record_document_add(record=record, upload=upload, name=request.data.get("name", ""), actor=request.user)
        return Response({"id": doc.pk, "name": doc.name, "sha256": doc.sha256, "size": doc.size}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        visit = self.get_object()
        services.visit_complete(visit=visit, actor=request.user)
        return self._ok(visit)

    @extend_schema(request=ReasonInput, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        visit = self.get_object()
        services.visit_cancel(visit=visit, actor=request.user, reason=_valid(ReasonInput, request)["reason"])
        return self._ok(visit)

    @extend_schema(request=NonEnforcementInput, responses={201: VisitSerializer})
    @action(detail=False, methods=["post"])
    def register_non_enforcement(self, request):
        d = _valid(NonEnforcementInput, request)
        visit = services.non_enforcement_visit_register(
            organization=_org(request.user, d["organization"]), entity=_entity(d["uscc"]), purpose=d["purpose"],
            description=d["description"], participants=d["participants"], window_start=d["window_start"],
            window_end=d["window_end"], actor=request.user)
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=XLSX_RESPONSE)
    @action(detail=False, methods=["get"])
    def export(self, request):
        return exports.response("inspection-visits", "入企检查", exports.VISIT_HEADERS, exports.visit_rows(self.get_queryset()))


class InvitationViewSet(viewsets.ReadOnlyModelViewSet):
    """企业邀约 (staff side; enterprises use the public form): accept or decline."""

    serializer_class = InvitationSerializer

    def get_queryset(self):
        return selectors.invitation_list(user=self.request.user, filters={"status": self.request.query_params.get("status")})

    @extend_schema(request=AcceptInput, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        invitation = self.get_object()
        d = _valid(AcceptInput, request)
        items = list(InspectionItem.objects.published().filter(pk__in=d["items"]))
        if len(items) != len(set(d["items"])):
            raise DjangoValidationError({"items": _("检查事项须为已公布的事项")})
        visit = services.invitation_accept(invitation=invitation, appointment_on=d["appointment_on"], items=items,
                                           actor=request.user, reason=d["reason"])
        return Response(VisitSerializer(visit).data)

    @extend_schema(responses=XLSX_RESPONSE)
    @action(detail=False, methods=["get"])
    def export(self, request):
        return exports.response("inspection-invitations", "企业邀约", exports.INVITATION_HEADERS,
                                exports.invitation_rows(self.get_queryset()))

    @extend_schema(request=ReasonInput, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        d = _valid(ReasonInput, request)
        inv = services.invitation_decline(invitation=self.get_object(), actor=request.user, reason=d["reason"])
        return Response(InvitationSerializer(inv).data)


class RatingSummarySerializer(serializers.Serializer):
    organization_id = serializers.IntegerField()
    organization = serializers.CharField()
    count = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    quarters = inline_serializer("RatingQuarter", {"label": serializers.CharField(), "count": serializers.IntegerField(),
                                                    "average": serializers.FloatField(allow_null=True)}, many=True)


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """企业评价: one by one for the legal office only; ``summary`` (aggregates over ≥ 5) for everyone."""

    serializer_class = RatingSerializer

    def get_queryset(self):
        return selectors.rating_list(user=self.request.user)

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=RatingSummarySerializer(many=True))
    @action(detail=False, methods=["get"])
    def summary(self, request):
        year = _year(request) or timezone.localdate().year
        rows = selectors.rating_summary(user=request.user, year=year)
        return Response([{"organization_id": d.organization_id, "organization": d.organization, "count": d.count,
                          "average": d.average, "quarters": [q.__dict__ for q in d.quarters]} for d in rows])

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=XLSX_RESPONSE)
    @action(detail=False, methods=["get"])
    def export(self, request):
        year = _year(request) or timezone.localdate().year
        if is_legal_office(request.user):
            qs = selectors.rating_list(user=request.user, year=year)
            return exports.response("inspection-ratings", "企业评价", exports.RATING_HEADERS, exports.rating_rows(qs))
        return exports.response("inspection-rating-summary", "企业评价汇总", exports.RATING_SUMMARY_HEADERS,
                                exports.rating_summary_rows(selectors.rating_summary(user=request.user, year=year), year))


class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    """监督发现: list (per department), run a check, confirm/dismiss/rectify, record a supervision opinion."""

    serializer_class = FindingSerializer

    def get_queryset(self):
        q = self.request.query_params
        return selectors.finding_list(user=self.request.user, filters={
            "rule": q.get("rule"), "status": q.get("status"), "organization": _int(self.request, "organization"),
            "year": _year(self.request), "visit": _int(self.request, "visit")})

    @extend_schema(request=PeriodInput, responses=FindingSerializer(many=True))
    @action(detail=False, methods=["post"])
    def check(self, request):
        d = _valid(PeriodInput, request)
        if request.user.organization is None:
            raise DjangoPermissionDenied(_("没有所属机构"))
        found = services.supervision_check(organization=request.user.organization, actor=request.user, **d)
        return Response(FindingSerializer(found, many=True).data)

    def _act(self, request, fn, serializer=ReasonInput):
        d = _valid(serializer, request)
        return Response(FindingSerializer(fn(finding=self.get_object(), actor=request.user, **d)).data)

    @extend_schema(request=ReasonInput, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._act(request, services.finding_confirm)

    @extend_schema(request=ReasonInput, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        return self._act(request, services.finding_dismiss)

    @extend_schema(request=ReasonInput, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        return self._act(request, services.finding_rectify)

    @extend_schema(request=OpinionInput, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        return self._act(request, services.finding_opinion_issued, OpinionInput)

    @extend_schema(responses=XLSX_RESPONSE)
    @action(detail=False, methods=["get"])
    def export(self, request):
        return exports.response("inspection-findings", "监督发现", exports.FINDING_HEADERS, exports.finding_rows(self.get_queryset()))


class FiguresView(APIView):
    """The year's inspection figures (口径: docs/domain/inspections.md)."""

    @extend_schema(parameters=[OpenApiParameter("year", OpenApiTypes.INT)], responses=FiguresSerializer)
    def get(self, request):
        year = _year(request) or timezone.localdate().year
        f = selectors.inspection_figures(user=request.user, year=year)
        return Response({"tasks": f.tasks, "visits": f.visits, "joint_visits": f.joint_visits,
                         "disturbances_avoided": f.disturbances_avoided})

