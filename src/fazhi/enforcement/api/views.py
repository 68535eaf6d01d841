"""REST API of penalty cases (/api/cases/): thin, reads via selectors, writes via services.

* ``GET /api/cases/`` (filters of ``selectors.case_list``), ``GET /api/cases/{id}/``;
* ``POST /api/cases/`` registers a lead (the fields of ``forms.CaseForm``);
* one ``POST /api/cases/{id}/<action>/`` per transition (file, decline, decide-summary,
  investigate, notify, request-hearing, submit-legal-review, discuss, reinvestigate,
  decide, serve, execute, close, transfer, void);
* ``POST …/steps/``, ``…/payments/``, ``…/suspend/``, ``…/resume/``, ``…/extend/``,
  ``…/evidence/`` (multipart), ``…/withdraw/``; ``GET …/record/``, ``POST …/verify/``;
* ``GET /api/cases/export/``: the list as XLSX.

Bodies are validated by the pages' forms, so the API and the pages share one
set of input rules; every legal rule is the services'.
"""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from fazhi.enforcement import selectors, services
from fazhi.enforcement.exports import cases_workbook
from fazhi.enforcement.forms import ACTION_FORMS, OTHER_FORMS, CaseForm

from .serializers import (
    CaseDetailSerializer,
    CaseListSerializer,
    RecordEntrySerializer,
    VerifySerializer,
    serializer_for_form,
)

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="案号、当事人或违法事实"),
    OpenApiParameter("status", str, description="状态"),
    OpenApiParameter("organization", int, description="执法主体 id（含下级）"),
    OpenApiParameter("year", int, description="立案年度"),
    OpenApiParameter("procedure", str, description="ordinary | summary"),
    OpenApiParameter("open", bool, description="仅在办"),
    OpenApiParameter("overdue", bool, description="仅最近期限已逾期"),
    OpenApiParameter("due_within", int, description="最近期限在今天起 N 日内"),
    OpenApiParameter("published", bool, description="仅已公示"),
]

CaseCreateSerializer = serializer_for_form(CaseForm, "CaseCreateInput")


def _form_errors(form) -> ValidationError:
    return ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})


class PenaltyCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """行政处罚案件."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action != "list" else CaseListSerializer

    def get_queryset(self):
        filters = {k: v for k in selectors.CASE_FILTERS if (v := self.request.query_params.get(k)) not in (None, "")}
        try:
            return selectors.case_list(user=self.request.user, filters=filters)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None

    def get_object(self):
        return selectors.case_get_for_user(user=self.request.user, case_id=self.kwargs["pk"])

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer})
    def create(self, request):
        form = CaseForm(data=request.data, user=request.user)
        if not form.is_valid():
            raise _form_errors(form)
        case = services.case_create(actor=request.user, organization=form.cleaned_data["organization"],
                                    **form.service_fields())
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    def _run(self, request, pk, form_class, service_name):
        case = selectors.case_get_for_user(user=request.user, case_id=pk)
        form = form_class(data=request.data, files=request.FILES, case=case, user=request.user)
        if not form.is_valid():
            raise _form_errors(form)
        getattr(services, service_name)(case=case, actor=request.user, **form.cleaned_data)
        case = selectors.case_get_for_user(user=request.user, case_id=pk)
        return Response(CaseDetailSerializer(case).data)

    @extend_schema(responses={200: RecordEntrySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def record(self, request, pk=None):
        """The case's full-process record (hash chain), in order."""
        case = self.get_object()
        return Response(RecordEntrySerializer(case.record.order_by("seq"), many=True).data)

    @extend_schema(request=None, responses={200: VerifySerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify the record chain, the documents' and evidence files' SHA-256; name the first broken link."""
        case = self.get_object()
        b = services.case_record_verify(case)
        return Response(VerifySerializer({
            "intact": b is None, "entries": case.record_seq, "broken_seq": b.seq if b else None,
            "kind": str(b.kind) if b else None, "reason": b.reason if b else None,
            "reason_zh": b.reason_zh if b else None,
        }).data)

    @extend_schema(parameters=FILTER_PARAMETERS,
                   responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiResponse(OpenApiTypes.BINARY, description="XLSX")})
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The case list (with the list's filters) as XLSX: exactly the cases the user may see."""
        buf = BytesIO()
        cases_workbook(self.get_queryset()).save(buf)
        response = HttpResponse(buf.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="penalty-cases-{timezone.localdate():%Y%m%d}.xlsx"'
        return response


def _make_action(name: str, url_path: str, form_class, service_name: str, doc: str):
    def handler(self, request, pk=None):
        return self._run(request, pk, form_class, service_name)

    handler.__name__ = name
    handler.__doc__ = doc
    body = serializer_for_form(form_class, "".join(p.title() for p in name.split("_")) + "Input")
    handler = extend_schema(request=body, responses={200: CaseDetailSerializer}, operation_id=f"cases_{name}")(handler)
    return action(detail=True, methods=["post"], url_path=url_path)(handler)


for _name, (_form, _service) in ACTION_FORMS.items():
    setattr(PenaltyCaseViewSet, f"do_{_name}",
            _make_action(f"do_{_name}", _name.replace("_", "-"), _form, _service,
                         f"Transition '{_name}' ({_service}); refused with the rule it breaks."))

_OTHER_PATHS = {"step": "steps", "payment": "payments", "suspend": "suspend", "resume": "resume",
                "extend": "extend", "evidence": "evidence", "withdraw": "withdraw"}
for _name, (_form, _service) in OTHER_FORMS.items():
    setattr(PenaltyCaseViewSet, f"add_{_name}",
            _make_action(f"add_{_name}", _OTHER_PATHS[_name], _form, _service, f"{_service}: a write inside a stage."))
