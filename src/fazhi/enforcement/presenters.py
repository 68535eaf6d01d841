"""What the public sees of a decision (执法公示): natural persons' data masked.

行政处罚法 第四十八条 asks decisions "依法公开"; personal data of natural persons
(names, ID numbers, addresses) is masked (``fazhi.core.penalty``), in the
fields and inside the texts. A legal person's name, code and address are
public; its representative's name is a person's and is masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.identifiers import mask_name
from fazhi.core.penalty import mask_text, party_secrets

from .constants import PenaltyKind
from .models import PenaltyCase


@dataclass(frozen=True)
class PublicDecision:
    pk: int
    number: str
    organization: str
    party: str
    party_kind: str
    party_id: str
    party_address: str
    representative: str
    item: str
    legal_basis: str
    facts: str
    penalty: str
    fine: str
    decision_text: str
    decided_on: object


def public_view(case: PenaltyCase) -> PublicDecision:
    secrets = party_secrets(case.party_kind, case.party_name, case.party_id_number, case.party_address)
    if case.party_representative.strip():
        secrets[case.party_representative.strip()] = mask_name(case.party_representative)
    kinds = dict(PenaltyKind.choices)

    def m(text: str) -> str:
        return mask_text(text or "", secrets)

    return PublicDecision(
        pk=case.pk,
        number=case.number,
        organization=case.organization.name,
        party=m(case.party_name),
        party_kind=case.get_party_kind_display(),
        party_id=m(case.party_id_number),
        party_address=m(case.party_address),
        representative=m(case.party_representative),
        item=case.item.name if case.item else "",
        legal_basis=case.item.legal_basis if case.item else "",
        facts=m(case.facts),
        penalty="、".join(str(kinds.get(k, k)) for k in case.decision_kinds),
        fine=f"{case.fine_amount}" if case.fine_amount else "",
        decision_text=m(case.decision_text),
        decided_on=case.decided_on,
    )
