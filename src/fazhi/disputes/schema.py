"""Named enum components for the disputes API schema.

drf-spectacular names an enum after its field ("procedure", "kind",
"outcome" …); other apps use the same field names for other choice sets, and
the collisions would be resolved with hashed names and warnings. The choice
fields of this app's serializers are ``DisputeChoiceField``s, whose schema is
a reference to a component named after the choice set itself
(``ReconsiderationProcedureEnum``, ``LitigationOutcomeEnum`` …), so the names
are stable and unique whatever other apps declare.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from . import constants as c

_NAMES: dict[tuple[str, ...], str] = {
    tuple(choices.values): name
    for choices, name in (
        (c.CaseRole, "ReconsiderationRole"),
        (c.Channel, "ReconsiderationChannel"),
        (c.ApplicantKind, "DisputePartyKind"),
        (c.ActKind, "DisputedActKind"),
        (c.SanctionKind, "DisputeSanctionKind"),
        (c.Procedure, "ReconsiderationProcedure"),
        (c.ReconsiderationStatus, "ReconsiderationStatus"),
        (c.DecisionType, "ReconsiderationDecisionType"),
        (c.SuspensionGround, "ReconsiderationSuspensionGround"),
        (c.TerminationGround, "ReconsiderationTerminationGround"),
        (c.HearingMode, "ReconsiderationHearingMode"),
        (c.Instance, "LitigationInstance"),
        (c.LitigationStatus, "LitigationStatus"),
        (c.Outcome, "LitigationOutcome"),
        (c.HeadPost, "LitigationHeadPost"),
        (c.OpinionKind, "SupervisionOpinionKind"),
        (c.OpinionSource, "SupervisionOpinionSource"),
        (c.OpinionStatus, "SupervisionOpinionStatus"),
    )
}


class DisputeChoiceField(serializers.ChoiceField):
    """A ChoiceField whose schema is a named enum component (see the module docstring)."""


class DisputeChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = DisputeChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        values = tuple(str(k) for k in field.choices if k not in ("", None))
        name = _NAMES.get(values)
        if name is None:  # a choice set not declared above: the default mapping
            return auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        schema = {
            "type": "string",
            "enum": list(values),
            "description": "\n".join(f"* `{k}` - {v}" for k, v in field.choices.items() if k not in ("", None)),
        }
        component = ResolvedComponent(name=f"{name}Enum", type=ResolvedComponent.SCHEMA, schema=schema,
                                      object=DisputeChoiceField)
        auto_schema.registry.register_on_missing(component)
        allow_blank = getattr(field, "allow_blank", False)
        allow_null = getattr(field, "allow_null", False)
        if not (allow_blank or allow_null):
            return component.ref
        result: dict = (
            {"oneOf": [component.ref, {"type": "string", "enum": [""]}]} if allow_blank else {"allOf": [component.ref]}
        )
        if allow_null:
            result["nullable"] = True
        return result
