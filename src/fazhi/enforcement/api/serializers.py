"""Output serializers of penalty cases, and input serializers derived from the forms (schema only).

Inputs are validated by the same Django forms the pages use (``enforcement.forms``);
``serializer_for_form`` turns a form class into a serializer so the OpenAPI
schema documents each action's body.
"""

from __future__ import annotations

from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.enforcement.constants import CaseSource, CaseStatus
from fazhi.enforcement.models import (
    CaseDocument,
    CaseRecordEntry,
    CaseStep,
    EvidenceFile,
    PenaltyCase,
)

#: choice fields whose name other apps use for other choice sets: documented as strings, not
#: enums, so that the schema's enum names stay unambiguous
PLAIN_CHOICES = frozenset({"source", "status"})


def _choices_text(label, choices) -> str:
    return f"{label}：" + "、".join(f"{v}（{t}）" for v, t in choices if v != "")


def _field_for(f: forms.Field, name: str = "") -> serializers.Field:
    kw = {"required": f.required, "help_text": str(f.label or "")}
    if isinstance(f, forms.ChoiceField) and not isinstance(f, forms.ModelChoiceField) and name in PLAIN_CHOICES:
        return serializers.CharField(required=f.required, help_text=_choices_text(f.label, f.choices))
    if isinstance(f, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **kw)
    if isinstance(f, forms.ModelChoiceField):
        return serializers.IntegerField(**kw)
    if isinstance(f, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.ChoiceField(choices=list(f.choices)), **kw)
    if isinstance(f, forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in f.choices if c[0] != ""], **kw)
    if isinstance(f, forms.DateField):
        return serializers.DateField(**kw)
    if isinstance(f, forms.DecimalField):
        return serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, **kw)
    if isinstance(f, forms.IntegerField):
        return serializers.IntegerField(**kw)
    if isinstance(f, forms.BooleanField):
        return serializers.BooleanField(**{**kw, "required": False})
    if isinstance(f, forms.FileField):
        return serializers.FileField(**kw)
    return serializers.CharField(allow_blank=not f.required, **kw)


def serializer_for_form(form_class: type[forms.Form], name: str) -> type[serializers.Serializer]:
    fields = {k: _field_for(f, k) for k, f in form_class.base_fields.items()}
    for k, kind in getattr(form_class, "dynamic_fields", {}).items():
        fields[k] = (serializers.ListField(child=serializers.IntegerField(), required=False,
                                           help_text="执法人员 id（不少于两人）")
                     if kind == "officers" else serializers.IntegerField(help_text="用户 id"))
    return type(name, (serializers.Serializer,), fields)


class CaseListSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    # A plain string: an enum named "status" would collide with other apps' status enums.
    status = serializers.CharField(read_only=True, help_text=_choices_text("案件状态", CaseStatus.choices))
    source = serializers.CharField(read_only=True, help_text=_choices_text("案件来源", CaseSource.choices))

    class Meta:
        model = PenaltyCase
        fields = [
            "id", "number", "organization", "organization_name", "handling_unit", "procedure", "status",
            "status_display", "source", "lead_received_on", "party_kind", "party_name", "item", "act_date",
            "filed_on", "notified_on", "decided_on", "served_on", "executed_on", "closed_on", "decision_kind",
            "fine_amount", "next_deadline", "next_deadline_rule", "suspended", "published_at", "withdrawn_at",
            "voided_at",
        ]
        read_only_fields = fields


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    rule = serializers.CharField()
    label = serializers.CharField()
    agency = serializers.BooleanField(help_text="机关的期限（可逾期）；否则为当事人的期间")
    deadline = serializers.DateField(allow_null=True)
    unrolled = serializers.DateField(allow_null=True)
    basis = serializers.CharField()
    derivation = serializers.CharField()
    state = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    error = serializers.CharField()


class StepSerializer(serializers.ModelSerializer):
    officers = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = CaseStep
        fields = ["id", "kind", "on", "summary", "outcome", "reviewer", "resolved_on", "officers", "voided_at"]


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseDocument
        fields = ["id", "kind", "title", "sha256", "generated_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.StringRelatedField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size", "sha256", "description", "uploaded_at",
                  "uploaded_by", "voided_at"]


class RecordEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseRecordEntry
        fields = ["seq", "occurred_at", "actor_name", "event", "object_type", "object_id", "summary", "data",
                  "prev_hash", "hash"]


class CaseDetailSerializer(CaseListSerializer):
    officers = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    steps = StepSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    deadlines = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields, "party_id_number", "party_address", "party_representative",
            "facts", "act_ended_on", "harm_to_life_health_finance", "major_public_interest", "major_rights",
            "complex_case", "serious_violation", "proposed_kinds", "proposed_fine", "hearing_right",
            "hearing_reasons", "decision_kinds", "confiscation_amount", "decision_text", "service_method",
            "execution_method", "decline_reason", "transfer_kind", "transferred_to", "transfer_reason",
            "transfer_standard", "withdrawal_reason", "withdrawal_source", "record_seq", "record_head",
            "officers", "steps", "documents", "evidence", "deadlines", "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case):
        from django.utils import timezone

        from fazhi.config.selectors import work_calendar
        from fazhi.enforcement.deadlines import case_deadlines

        today = timezone.localdate()
        out = []
        for d in case_deadlines(case, calendar=work_calendar()):
            r = d.result
            out.append({
                "key": d.key, "rule": d.rule, "label": d.label, "agency": d.agency,
                "deadline": r.deadline if r else None, "unrolled": r.unrolled if r else None,
                "basis": r.basis if r else "", "derivation": r.derivation if r else "", "state": d.state(today),
                "done_on": d.done_on, "error": d.error,
            })
        return DeadlineSerializer(out, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, case) -> list[str]:
        from fazhi.core.penalty import allowed_actions

        return [a.value for a in allowed_actions(case.status)]


class VerifySerializer(serializers.Serializer):
    intact = serializers.BooleanField()
    entries = serializers.IntegerField()
    broken_seq = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    reason_zh = serializers.CharField(allow_null=True)
