"""The Django choices of the disputes app carry exactly the values of the pure core's enums."""

from __future__ import annotations

import pytest

from fazhi.core import litigation as core_litigation
from fazhi.core import reconsideration as core
from fazhi.core import supervision_opinions as core_opinions
from fazhi.disputes import constants as c


@pytest.mark.parametrize(
    ("choices", "enum"),
    [
        (c.CaseRole, core.Role),
        (c.Channel, core.Channel),
        (c.Procedure, core.Procedure),
        (c.ReconsiderationStatus, core.Status),
        (c.ReconsiderationAction, core.Action),
        (c.DecisionType, core.DecisionType),
        (c.SuspensionGround, core.SuspensionGround),
        (c.TerminationGround, core.TerminationGround),
        (c.SanctionKind, core.SanctionKind),
        (c.Instance, core_litigation.Instance),
        (c.LitigationStatus, core_litigation.Status),
        (c.LitigationAction, core_litigation.Action),
        (c.Outcome, core_litigation.Outcome),
        (c.HeadPost, core_litigation.HeadPost),
        (c.OpinionStatus, core_opinions.Status),
    ],
)
def test_choices_match_the_core(choices, enum):
    assert list(choices.values) == [e.value for e in enum]


def test_status_labels_match_the_core():
    assert dict(c.ReconsiderationStatus.choices) == {s.value: s.label for s in core.Status}
