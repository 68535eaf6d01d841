"""The pure parts of the web draws: the transition table and the frozen inputs (no Django)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from fazhi.core.draw import DrawInputError
from fazhi.core.draw_snapshot import (
    DrawInputs,
    PoolOfficer,
    PopulationRow,
    command_text,
    decode,
    encode,
    pairs_hash,
    verify_args,
)
from fazhi.core.draw_workflow import (
    DRAW_TRANSITIONS,
    DrawAction,
    DrawStatus,
    InvalidTransition,
    next_status,
)

ORG = "高新区市场监管分局"


def golden() -> DrawInputs:
    """The worked example of docs/domain/random-draw.md."""
    population = [
        PopulationRow(f"91330201MA2{c * 5}{i}X", f"{c}{i}", c)
        for c, n in (("A", 4), ("B", 3), ("C", 2), ("D", 1))
        for i in range(1, n + 1)
    ]
    officers = [
        PoolOfficer("E01", "张三", ORG, dt.date(2026, 6, 30)),
        PoolOfficer("E02", "李四", ORG, dt.date(2025, 3, 1)),
        PoolOfficer("E03", "王五", ORG, dt.date(2025, 2, 28)),
        PoolOfficer("E04", "赵六", ORG, dt.date(2027, 1, 1)),
        PoolOfficer("E05", "钱七", "高新区综合行政执法队", dt.date(2027, 1, 1)),
        PoolOfficer("E06", "孙八", ORG, dt.date(2026, 1, 1)),
    ]
    return DrawInputs.build(
        draw_date=dt.date(2025, 3, 1), per_visit=2, organization=ORG,
        ratios={"A": "0.5", "B": "0.34", "C": "0.50", "D": 1},
        population=reversed(population), officers=reversed(officers),
        recusals=[("E01", "91330201MA2DDDDD1X"), ("E01", "91330201MA2DDDDD1X")],
        history=[("E04", "91330201MA2BBBBB2X"), ("E02", "91330201MA2DDDDD1X")],
    )


class TestTransitions:
    def test_the_table(self):
        assert next_status("draft", "commit") == "committed"
        assert next_status("committed", "run") == "published"
        assert next_status("committed", "run_tasks_pending") == "tasks_pending"
        assert next_status("tasks_pending", "create_tasks") == "published"
        assert next_status("committed", "cancel") == "cancelled"
        assert len(DRAW_TRANSITIONS) == 6

    @pytest.mark.parametrize("status", [DrawStatus.PUBLISHED, DrawStatus.CANCELLED])
    def test_final_statuses_allow_nothing(self, status):
        for action in DrawAction:
            with pytest.raises(InvalidTransition) as e:
                next_status(status, action)
            assert "该状态允许的操作：无" in str(e.value)

    def test_a_draft_cannot_run_and_the_message_names_the_rule(self):
        with pytest.raises(InvalidTransition) as e:
            next_status("draft", "run")
        assert str(e.value) == (
            "双随机抽查流程不允许在“草稿（未公开）”状态下执行“抽取并公示”（该状态允许的操作：公布承诺、取消）"
        )


class TestFrozenInputs:
    def test_the_golden_example_hashes_and_draws_as_the_spec_says(self):
        inputs = golden()
        assert inputs.input_hash() == "d9196761e30bca5f5d6c6c39ac51c8bb1027615ed4fc866a4efd2bfeca68db0e"
        result = inputs.draw("a-published-seed")
        assert [r[2] for r in result.rows()] == ["E01;E02", "E02;E04", "E01;E06", "E02;E04", "E01;E06", "E04;E06"]
        assert inputs.recusal_effects(result) == 1
        assert inputs.targets_per_class() == {"A": 2, "B": 2, "C": 1, "D": 1}

    def test_inputs_are_canonical(self):
        inputs = golden()
        assert [r.uscc for r in inputs.population] == sorted(r.uscc for r in inputs.population)
        assert [o.officer_id for o in inputs.officers] == ["E01", "E02", "E03", "E04", "E05", "E06"]
        assert inputs.ratios == (("A", "0.5"), ("B", "0.34"), ("C", "0.5"), ("D", "1"))
        assert inputs.recusals == (("E01", "91330201MA2DDDDD1X"),)
        assert inputs.pool_ids() == {"E01", "E02", "E04", "E06"}

    def test_the_snapshot_round_trips_byte_for_byte(self):
        inputs = golden()
        blob = encode(inputs)
        assert decode(blob) == inputs and encode(decode(blob)) == blob
        with pytest.raises(ValueError):
            decode(b"not a snapshot")

    def test_the_public_hash_leaves_out_only_the_recusals(self):
        inputs = golden()
        public = inputs.input_hash(with_recusals=False)
        assert public != inputs.input_hash()
        assert public == DrawInputs(**{**inputs.__dict__, "recusals": ()}).input_hash()

    def test_the_recusal_hash_is_the_recusal_lines_of_the_encoding(self):
        lines = "E01\t91330201MA2DDDDD1X\nE02\t91330201MA2AAAAA1X\n"
        assert pairs_hash([("E02", "91330201MA2AAAAA1X"), ("E01", "91330201MA2DDDDD1X")] * 2) == (
            hashlib.sha256(lines.encode()).hexdigest()
        )
        assert pairs_hash([]) == hashlib.sha256(b"").hexdigest()

    def test_duplicates_are_refused(self):
        row = PopulationRow("91330201MA2AAAAA1X", "x", "A")
        with pytest.raises(DrawInputError):
            DrawInputs.build(draw_date=dt.date(2025, 3, 1), per_visit=2, organization=ORG, ratios={"A": "1"},
                             population=[row, row], officers=[])


class TestShortfall:
    def test_an_entity_that_may_be_drawn_but_not_staffed_is_named(self):
        """DDDDD1X: pool E01 E02 E04 E06; E01 recused, E02 went there last time → two left, enough."""
        inputs = golden()
        tight = DrawInputs(**{**inputs.__dict__, "recusals": (("E01", "91330201MA2DDDDD1X"),
                                                              ("E04", "91330201MA2DDDDD1X"))})
        s = tight.shortfall()
        assert s is not None and s.uscc == "91330201MA2DDDDD1X" and s.risk_class == "D"
        assert (s.pool, s.recused, s.previous, s.eligible, s.per_visit) == (4, 2, 1, 1, 2)

    def test_an_officer_recused_and_previously_paired_counts_once(self):
        inputs = golden()
        both = DrawInputs(**{**inputs.__dict__, "recusals": (("E01", "91330201MA2DDDDD1X"),
                                                             ("E02", "91330201MA2DDDDD1X"))})
        assert both.shortfall() is None  # E04 and E06 remain

    def test_a_class_with_ratio_zero_is_never_drawn_so_never_short(self):
        inputs = golden()
        zero = DrawInputs(**{**inputs.__dict__, "ratios": (("A", "0.5"), ("B", "0.34"), ("C", "0.5"), ("D", "0")),
                             "recusals": (("E04", "91330201MA2DDDDD1X"), ("E06", "91330201MA2DDDDD1X"))})
        assert zero.shortfall() is None

    def test_the_golden_example_is_feasible(self):
        assert golden().shortfall() is None


class TestCommands:
    def test_the_verify_command_quotes_what_needs_quoting(self):
        args = verify_args(golden(), seed="a published seed", commitment="c", input_hash="h")
        text = command_text(args)
        assert text.startswith("fazhi draw verify --population population.csv --officers officers.csv")
        assert "--seed 'a published seed'" in text and "--organization 高新区市场监管分局" in text.replace("'", "")
        assert text.endswith("--draw draw.csv --commitment c --input-hash h")
        ref = verify_args(golden(), seed="s", commitment="c", reference_verifier=True)
        assert ref[:2] == ["python3", "verify_draw.py"] and "--commitment" not in ref
