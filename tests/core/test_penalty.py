"""fazhi.core.penalty: the case transition table, the legal gates, art. 72 and case numbers.

Each test names the article of 行政处罚法 (2021) it exercises. Runs without Django.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.penalty import (
    OPEN_STATUSES,
    TERMINAL_STATUSES,
    TRANSITIONS,
    Action,
    CaseStatus,
    OfficerOnDay,
    PartyKind,
    PenaltyKind,
    TransitionRefused,
    allowed_actions,
    format_case_number,
    hearing_right_applies,
    heavier_after_statement,
    late_payment_surcharge,
    legal_review_reasons,
    limitation_check,
    mask_address,
    mask_text,
    officers_error,
    parse_case_number,
    party_secrets,
    refusal_reason,
    summary_procedure_error,
    transition,
)

S, A = CaseStatus, Action

# ---- the transition table ----------------------------------------------------------------

#: every legal path from a lead to an end, as (action, status reached) steps
LEGAL_PATHS = {
    "ordinary, waived hearing, no review": [
        (A.FILE, S.FILED), (A.INVESTIGATE, S.INVESTIGATING), (A.NOTIFY, S.NOTIFIED),
        (A.DECIDE, S.DECIDED), (A.SERVE, S.SERVED), (A.EXECUTE, S.EXECUTED), (A.CLOSE, S.CLOSED),
    ],
    "ordinary with hearing, legal review and collective discussion": [
        (A.FILE, S.FILED), (A.INVESTIGATE, S.INVESTIGATING), (A.NOTIFY, S.NOTIFIED),
        (A.REQUEST_HEARING, S.HEARING), (A.SUBMIT_LEGAL_REVIEW, S.LEGAL_REVIEW),
        (A.DISCUSS, S.COLLECTIVE_DISCUSSION), (A.DECIDE, S.DECIDED), (A.SERVE, S.SERVED),
        (A.EXECUTE, S.EXECUTED), (A.CLOSE, S.CLOSED),
    ],
    "no penalty (art. 57(1)(2)/(3)), closed once served": [
        (A.FILE, S.FILED), (A.INVESTIGATE, S.INVESTIGATING), (A.DECIDE, S.DECIDED),
        (A.SERVE, S.SERVED), (A.CLOSE, S.CLOSED),
    ],
    "legal review sends the case back for more investigation": [
        (A.FILE, S.FILED), (A.INVESTIGATE, S.INVESTIGATING), (A.NOTIFY, S.NOTIFIED),
        (A.SUBMIT_LEGAL_REVIEW, S.LEGAL_REVIEW), (A.REINVESTIGATE, S.INVESTIGATING),
        (A.NOTIFY, S.NOTIFIED), (A.SUBMIT_LEGAL_REVIEW, S.LEGAL_REVIEW), (A.DECIDE, S.DECIDED),
    ],
    "summary procedure (arts. 51-52)": [(A.DECIDE_SUMMARY, S.SERVED), (A.EXECUTE, S.EXECUTED), (A.CLOSE, S.CLOSED)],
    "not filed": [(A.DECLINE, S.NOT_FILED)],
    "transferred to the judicial organs after investigation (art. 27)": [
        (A.FILE, S.FILED), (A.INVESTIGATE, S.INVESTIGATING), (A.TRANSFER, S.TRANSFERRED),
    ],
    "voided lead": [(A.VOID, S.VOIDED)],
}


@pytest.mark.parametrize("name", sorted(LEGAL_PATHS))
def test_every_legal_path_runs_through_the_table(name):
    status = S.LEAD
    for action, expected in LEGAL_PATHS[name]:
        status = transition(status, action)
        assert status is expected, (name, action)
    assert status in TERMINAL_STATUSES or status in OPEN_STATUSES


def test_every_status_is_reachable_from_a_lead_and_every_open_status_can_end():
    seen, queue = {S.LEAD}, deque([S.LEAD])
    while queue:
        s = queue.popleft()
        for (frm, _), to in TRANSITIONS.items():
            if frm is s and to not in seen:
                seen.add(to)
                queue.append(to)
    assert seen == set(S)
    for s in OPEN_STATUSES:
        assert (s, A.TRANSFER) in TRANSITIONS, f"{s} cannot be transferred"


def test_terminal_statuses_have_no_way_out():
    for s in TERMINAL_STATUSES:
        assert allowed_actions(s) == []


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in S for a in A if (s, a) not in TRANSITIONS])
def test_every_refused_transition_names_the_rule_it_breaks(status, action):
    reason = refusal_reason(status, action)
    assert reason, (status, action)
    with pytest.raises(TransitionRefused) as exc:
        transition(status, action)
    assert exc.value.rule == reason
    assert exc.value.status is status and exc.value.action is action
    if status not in (S.VOIDED,):
        assert "第" in reason and "条" in reason, reason  # an article is cited


@pytest.mark.parametrize(("pair", "nxt"), list(TRANSITIONS.items()))
def test_every_allowed_transition_has_no_refusal(pair, nxt):
    assert refusal_reason(*pair) is None
    assert transition(*pair) is nxt


def test_specific_refusals_cite_their_article():
    """行政处罚法 第六十二条 / 第六十一条 / 第七十五条 / 第六十四条."""
    assert "第六十二条" in refusal_reason(S.FILED, A.DECIDE)
    assert "第六十一条" in refusal_reason(S.INVESTIGATING, A.SERVE)
    assert "第七十五条" in refusal_reason(S.SERVED, A.VOID)
    assert "第六十四条" in refusal_reason(S.INVESTIGATING, A.REQUEST_HEARING)
    assert "第四十七条" in refusal_reason(S.CLOSED, A.TRANSFER)
    assert "第二十七条" in refusal_reason(S.TRANSFERRED, A.FILE)


def test_a_decided_case_can_be_transferred_but_not_voided():
    assert transition(S.DECIDED, A.TRANSFER) is S.TRANSFERRED
    for s in (S.DECIDED, S.SERVED, S.EXECUTED):
        with pytest.raises(TransitionRefused):
            transition(s, A.VOID)


def test_strings_are_accepted():
    assert transition("lead", "file") is S.FILED
    with pytest.raises(ValueError):
        transition("lead", "fly")


# ---- art. 51: summary procedure ------------------------------------------------------


@pytest.mark.parametrize(
    ("party", "kinds", "fine", "ok"),
    [
        (PartyKind.NATURAL_PERSON, {PenaltyKind.FINE}, Decimal(200), True),
        (PartyKind.NATURAL_PERSON, {PenaltyKind.FINE}, Decimal(201), False),
        (PartyKind.INDIVIDUAL_BUSINESS, {PenaltyKind.FINE}, Decimal("200.01"), False),
        (PartyKind.LEGAL_PERSON, {PenaltyKind.FINE}, Decimal(3000), True),
        (PartyKind.LEGAL_PERSON, {PenaltyKind.FINE}, Decimal(3001), False),
        (PartyKind.OTHER_ORGANIZATION, {PenaltyKind.FINE, PenaltyKind.WARNING}, Decimal(3000), True),
        (PartyKind.LEGAL_PERSON, {PenaltyKind.WARNING}, None, True),
        (PartyKind.NATURAL_PERSON, {PenaltyKind.CONFISCATE_GAINS}, None, False),
        (PartyKind.NATURAL_PERSON, set(), None, False),
        (PartyKind.NATURAL_PERSON, {PenaltyKind.FINE}, Decimal(0), False),
    ],
)
def test_summary_procedure_limits_of_article_51(party, kinds, fine, ok):
    """行政处罚法 第五十一条: 公民 200 元以下、法人或者其他组织 3000 元以下罚款或者警告."""
    err = summary_procedure_error(party, kinds, fine)
    assert (err is None) is ok, err
    if not ok and kinds == {PenaltyKind.FINE} and fine and fine > 0:
        assert "第五十一条" in err


# ---- art. 63: hearing, art. 58: legal review, art. 42: officers, art. 45 --------------


def test_hearing_right_of_article_63():
    assert hearing_right_applies(PartyKind.LEGAL_PERSON, {PenaltyKind.FINE}, Decimal(500)) == []
    assert hearing_right_applies(PartyKind.LEGAL_PERSON, {PenaltyKind.FINE}, Decimal(100000))
    assert hearing_right_applies(PartyKind.NATURAL_PERSON, {PenaltyKind.FINE}, Decimal(10000))
    assert hearing_right_applies(PartyKind.NATURAL_PERSON, {PenaltyKind.WARNING, PenaltyKind.REVOKE_LICENSE}, None)
    assert "第四项" in hearing_right_applies(PartyKind.LEGAL_PERSON, {PenaltyKind.SUSPEND_BUSINESS}, None)[0]


def test_legal_review_of_article_58():
    assert legal_review_reasons() == []
    assert legal_review_reasons(major_rights=True) == []  # item (2) needs a hearing too
    assert "第二项" in legal_review_reasons(major_rights=True, hearing_held=True)[0]
    assert len(legal_review_reasons(major_public_interest=True, complex_case=True, other_basis="地方性法规")) == 3


def test_officers_of_article_42():
    day = date(2025, 3, 3)
    two = [OfficerOnDay("王一", "33020801001"), OfficerOnDay("李二", "33020801002")]
    assert officers_error(two, day=day) is None
    assert "不得少于两人" in officers_error(two[:1], day=day)
    assert "不得少于两人" in officers_error([two[0], two[0]], day=day)
    err = officers_error([two[0], OfficerOnDay("赵三", None)], day=day)
    assert "赵三" in err and "第四十二条" in err and "2025-03-03" in err


def test_no_heavier_penalty_because_of_a_statement_article_45():
    assert heavier_after_statement(Decimal(1000), Decimal(1000)) is None
    assert heavier_after_statement(Decimal(1000), Decimal(800)) is None
    assert "第四十五条第二款" in heavier_after_statement(Decimal(1000), Decimal(1200))
    assert heavier_after_statement(None, Decimal(1)) is None


# ---- art. 36: limitation -------------------------------------------------------------


def test_two_year_limitation_vector_v20():
    """LEGAL.md V20: act on 2023-10-01 → window ends 2025-10-01 (corresponding day, not rolled)."""
    ok = limitation_check(act_ended_on=date(2023, 10, 1), discovered_on=date(2025, 10, 1))
    assert not ok.expired and ok.last_day == date(2025, 10, 1)
    late = limitation_check(act_ended_on=date(2023, 10, 1), discovered_on=date(2025, 10, 2))
    assert late.expired and "第三十六条" in late.basis and "超过 2 年" in late.message


def test_five_year_limitation_for_harm_to_life_health_or_finance():
    r = limitation_check(act_ended_on=date(2023, 10, 1), discovered_on=date(2026, 10, 1), life_health_or_financial_harm=True)
    assert not r.expired and r.last_day == date(2028, 10, 1) and r.years == 5


def test_limitation_of_an_act_ending_on_29_february():
    r = limitation_check(act_ended_on=date(2024, 2, 29), discovered_on=date(2026, 2, 28))
    assert r.last_day == date(2026, 2, 28) and not r.expired


# ---- art. 72: surcharge --------------------------------------------------------------


def test_surcharge_vector_fine_cap():
    """LEGAL.md V-fine-cap: 10,000 unpaid; 300 a day; capped at the fine on day 34."""
    due = date(2025, 1, 1)
    assert late_payment_surcharge(Decimal(10000), due, due).amount == 0
    assert late_payment_surcharge(Decimal(10000), due, date(2025, 1, 2)).amount == Decimal("300.00")
    d33 = late_payment_surcharge(Decimal(10000), due, date(2025, 2, 3))
    assert d33.days == 33 and d33.amount == Decimal("9900.00") and not d33.capped
    d34 = late_payment_surcharge(Decimal(10000), due, date(2025, 2, 4))
    assert d34.amount == Decimal("10000.00") and d34.capped
    assert "第七十二条" in d34.derivation


@given(
    fine=st.decimals(min_value=0, max_value=10**7, places=2),
    days=st.integers(min_value=-30, max_value=400),
)
def test_surcharge_never_exceeds_the_fine_and_grows_with_time(fine, days):
    due = date(2025, 6, 1)
    a = late_payment_surcharge(fine, due, date.fromordinal(due.toordinal() + days))
    b = late_payment_surcharge(fine, due, date.fromordinal(due.toordinal() + days + 1))
    assert 0 <= a.amount <= fine
    assert a.amount <= b.amount


# ---- case numbers --------------------------------------------------------------------


def test_case_number_pattern():
    assert format_case_number("甬高新综执罚", 2024, 12) == "甬高新综执罚〔2024〕12号"
    assert parse_case_number("甬高新综执罚〔2024〕12号") == ("甬高新综执罚", 2024, 12)
    for bad in ("甬高新综执罚[2024]12号", "甬高新综执罚〔2024〕012号", "〔2024〕1号", "甬高新综执罚〔24〕1号"):
        with pytest.raises(ValueError):
            parse_case_number(bad)
    with pytest.raises(ValueError):
        format_case_number("", 2024, 1)
    with pytest.raises(ValueError):
        format_case_number("甬", 2024, 0)


@given(prefix=st.text(alphabet="甬高新综执罚市监应急", min_size=1, max_size=8), year=st.integers(2000, 2099),
       serial=st.integers(1, 99999))
def test_case_numbers_round_trip(prefix, year, serial):
    assert parse_case_number(format_case_number(prefix, year, serial)) == (prefix, year, serial)


# ---- publicity masking ---------------------------------------------------------------


def test_masking_of_a_natural_person():
    secrets = party_secrets(PartyKind.NATURAL_PERSON, "张小明", "330206199001011234", "浙江省宁波市高新区聚贤街道江南路1号")
    text = "当事人张小明（身份证号330206199001011234，住浙江省宁波市高新区聚贤街道江南路1号）于某日……张小明未按规定"
    masked = mask_text(text, secrets)
    assert "张小明" not in masked and "330206199001011234" not in masked and "江南路1号" not in masked
    assert "张**" in masked and "330206********1234" in masked and "聚贤街道****" in masked


def test_an_individual_business_keeps_its_trade_name():
    secrets = party_secrets(PartyKind.INDIVIDUAL_BUSINESS, "宁波高新区彭记五金店", "330206199001011234", "江南路1号")
    assert "宁波高新区彭记五金店" not in secrets and "330206199001011234" in secrets


def test_organizations_are_not_masked():
    assert party_secrets(PartyKind.LEGAL_PERSON, "宁波某某科技有限公司", "91330201MA2GXXXX1X", "江南路1号") == {}


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("浙江省宁波市高新区聚贤街道江南路1号", "浙江省宁波市高新区聚贤街道****"),
        ("宁波市高新区市场路8号", "宁波市高新区****"),
        ("江南路1号", "****"),
        ("宁波市高新区", "宁波市高新区"),
        ("", ""),
    ],
)
def test_mask_address(address, masked):
    assert mask_address(address) == masked
