"""REST API for registers (DRF): one viewset per register, generated from its declaration.

Reads come from ``Register.queryset_for`` (the user's scope); writes go to the
same services as the pages; DELETE does not exist — records are voided with
``POST /api/<register>/{id}/void/`` and a reason. Export and import are
endpoints too (``GET …/export/``, ``POST …/import/``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.audit.services import snapshot

from .registers import Register
from .services import record_create, record_update, record_void, scoped_form_class
from .xlsx import ImportRejected, export_register, import_register


def exception_handler(exc, context):
    """Django's ValidationError and PermissionDenied become 400 and 403 with field-named messages."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class RegisterPermission(permissions.BasePermission):
    """Reading needs a login (scope does the rest); writing needs the register's edit role."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS or view.action == "export":
            return True
        return view.register.can_change(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return view.register.can_change(request.user, obj)


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="作废原因")


def _serializer_for(reg: Register) -> type[serializers.ModelSerializer]:
    read_only = ["id", "voided_at", "void_reason"]
    fields = list(dict.fromkeys(["id", *reg.form_fields, *[c.field for c in reg.columns], "voided_at", "void_reason"]))
    fields = [f for f in fields if f in {x.name for x in reg.model._meta.get_fields()}]
    extra_read_only = [f for f in fields if f not in reg.form_fields and f not in read_only]
    meta = type("Meta", (), {"model": reg.model, "fields": fields, "read_only_fields": read_only + extra_read_only})
    name = f"{reg.model.__name__}Serializer"
    return type(name, (serializers.ModelSerializer,), {"Meta": meta})


def viewset_for(reg: Register) -> type[viewsets.GenericViewSet]:
    serializer_class = _serializer_for(reg)

    class RegisterViewSet(
        mixins.ListModelMixin,
        mixins.RetrieveModelMixin,
        mixins.CreateModelMixin,
        mixins.UpdateModelMixin,
        viewsets.GenericViewSet,
    ):
        register = reg
        permission_classes = [RegisterPermission]

        def get_serializer_class(self):
            if self.action == "void":
                return VoidSerializer
            return serializer_class

        def get_queryset(self):
            qs = reg.queryset_for(self.request.user)
            lookups, errors = reg.clean_filters(self.request.query_params)
            if errors:
                raise ValidationError({"filters": errors})
            qs = qs.filter(**lookups)
            return qs.order_by("pk")

        def _validated_instance(self, data, instance=None):
            """Validate with the same scoped form the pages use: one set of rules for both."""
            form_class = scoped_form_class(reg, self.request.user)
            if instance is None:
                instance = reg.new_instance(self.request.user)
            # Unsent fields keep their current value (or the model default on create).
            base = model_to_dict(instance, fields=reg.form_fields)
            form = form_class(data={**{k: v for k, v in base.items() if v is not None}, **data}, instance=instance)
            if not form.is_valid():
                raise ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})
            return form.save(commit=False)

        def create(self, request, *args, **kwargs):
            obj = self._validated_instance(request.data)
            obj = record_create(reg=reg, actor=request.user, obj=obj)
            return Response(serializer_class(obj).data, status=status.HTTP_201_CREATED)

        def update(self, request, *args, **kwargs):
            self.partial = kwargs.pop("partial", False)
            current = self.get_object()
            if current.voided_at is not None:
                raise ValidationError({"voided_at": "该记录已作废，不能修改"})
            before = snapshot(current)
            obj = self._validated_instance(request.data, instance=current)
            obj = record_update(reg=reg, actor=request.user, obj=obj, before=before)
            return Response(serializer_class(obj).data)

        @extend_schema(request=VoidSerializer, responses=serializer_class)
        @action(detail=True, methods=["post"])
        def void(self, request, pk=None):
            obj = self.get_object()
            s = VoidSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            record_void(reg=reg, actor=request.user, obj=obj, reason=s.validated_data["reason"])
            return Response(serializer_class(obj).data)

        @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(description="XLSX")})
        @action(detail=False, methods=["get"])
        def export(self, request):
            from io import BytesIO

            buf = BytesIO()
            export_register(reg, request.user, buf)
            resp = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            resp["Content-Disposition"] = f'attachment; filename="{reg.key}.xlsx"'
            return resp

        @extend_schema(
            request={"multipart/form-data": inline_serializer(f"{reg.model.__name__}Import", {"file": serializers.FileField()})},
            responses=inline_serializer(
                f"{reg.model.__name__}ImportResult",
                {"created": serializers.IntegerField(), "updated": serializers.IntegerField(), "unchanged": serializers.IntegerField()},
            ),
        )
        @action(detail=False, methods=["post"], parser_classes=[MultiPartParser], url_path="import")
        def import_(self, request):
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError({"file": "请上传 XLSX 文件"})
            try:
                result = import_register(reg, request.user, upload)
            except ImportRejected as exc:
                raise ValidationError({"rows": [str(e) for e in exc.errors]}) from None
            return Response({"created": result.created, "updated": result.updated, "unchanged": result.unchanged})

    RegisterViewSet.__name__ = f"{reg.model.__name__}ViewSet"
    RegisterViewSet.__qualname__ = RegisterViewSet.__name__
    return RegisterViewSet
