"""``fazhi deadline``: the command line of the legal-time engine, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.cli import deadline as cli
from fazhi.core.legaltime import UNVERIFIED_RULES_FILE


def fazhi(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m fazhi ARGS`` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_json_output_of_v1():
    """LEGAL.md V1 — 行政复议法 第三十条: one JSON object with the documented keys, ISO dates."""
    p = fazhi("deadline", "reconsideration.acceptance_review", "2025-09-28", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["rule"] == "reconsideration.acceptance_review"
    assert data["start"] == "2025-09-28"
    assert data["deadline"] == data["unrolled"] == "2025-10-11"
    assert data["basis"] == "行政复议法 第三十条"
    assert "跳过 10-01 至 10-08" in data["derivation"]
    assert data["alternative"] == {
        "makeup_days_are_working": False,
        "deadline": "2025-10-13",
        "unrolled": "2025-10-13",
    }


def test_text_output_shows_both_answers_where_they_differ():
    """LEGAL.md decision 4 / V15: the text output shows the other make-up-day answer."""
    p = fazhi("deadline", "litigation.answer", "2025-12-20")
    assert p.returncode == 0, p.stderr
    assert "2026-01-04" in p.stdout
    assert "2026-01-05" in p.stdout
    assert "行政诉讼法 第六十七条" in p.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["no.such_rule", "2025-10-11"], "no.such_rule"),
        (["reconsideration.decision", "2025-13-01"], "2025-13-01"),
        (["reconsideration.decision", "11/10/2025"], "11/10/2025"),
        (["reconsideration.decision", "2026-12-11"], "2027"),
        (["reconsideration.decision", "2025-10-11", "--extend", "31"], "maximum of 30"),
        (["penalty.payment", "2025-10-11", "--suspend", "2025-10-12:2025-10-20"], "suspended"),
        (["reconsideration.decision", "2025-10-11", "--suspend", "2025-10-12"], "--suspend"),
        (["reconsideration.decision"], "START_DATE"),
        (["reconsideration.decision", "2025-10-11", "--bogus"], "--bogus"),
        (["reconsideration.decision", "2025-10-11", "--notices", "/no/such.json"], "such.json"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, named, capsys):
    """A bad rule id, a malformed date, a year with no calendar …: status 2, one line naming it."""
    assert cli.main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("fazhi deadline: error:")
    assert named in err


def test_bad_input_exit_status_through_the_real_command():
    p = fazhi("deadline", "reconsideration.decision", "2026-12-11", "--json")
    assert p.returncode == 2
    assert p.stdout == ""
    assert p.stderr.strip().count("\n") == 0
    assert "2027" in p.stderr


def test_notices_file_adds_a_year(tmp_path: Path, capsys):
    """A year notice loaded from a file makes 2027 computable (LEGAL.md decision 7)."""
    notices = tmp_path / "2027.json"
    notices.write_text(
        json.dumps({"year": 2027, "days_off": {"2027-02-10": "春节", "2027-02-11": "春节"}}),
        encoding="utf-8",
    )
    args = ["reconsideration.decision", "2026-12-11", "--json", "--notices", str(notices)]
    assert cli.main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unrolled"] == "2027-02-09"
    assert data["deadline"] == "2027-02-09"
    notices.write_text("[1, 2", encoding="utf-8")
    assert cli.main(args) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_no_makeup_suspend_extend_and_rules(capsys):
    assert cli.main(["litigation.answer", "2025-12-20", "--json", "--no-makeup"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["unrolled"], data["deadline"]) == ("2026-01-04", "2026-01-05")
    assert data["makeup_days_are_working"] is False

    args = ["reconsideration.decision", "2025-10-11", "--suspend", "2025-11-01:2025-11-11"]
    assert cli.main([*args, "--extend", "30", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["suspended_days"] == 10
    assert data["deadline"] == "2026-01-19"  # 12-20 + 30 days

    assert (
        cli.main(["reconsideration.decision", "2025-10-11", "--suspend", "2025-11-01:", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["deadline"] is None and data["remaining"] == 40

    rules = ["--rules", str(UNVERIFIED_RULES_FILE)]
    assert cli.main(["inspection.result_publication", "2026-02-10", "--json", *rules]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["deadline"] == "2026-03-16" and data["verified"] is False  # LEGAL.md V16


def test_list(capsys):
    assert cli.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "reconsideration.acceptance_review" in out and "行政复议法 第三十条" in out
    assert cli.main(["--list", "--rules", str(UNVERIFIED_RULES_FILE)]) == 0
    assert "inspection.result_publication" in capsys.readouterr().out


def test_the_command_never_imports_django():
    """STYLE R1/R13: `fazhi deadline` runs on the pure core; Django is never imported."""
    code = (
        "import sys\n"
        "from fazhi.cli import main\n"
        "rc = main(['deadline', 'reconsideration.decision', '2025-10-11', '--json'])\n"
        "assert rc == 0, rc\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert p.returncode == 0, p.stderr
    timed = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "fazhi",
            "deadline",
            "penalty.payment",
            "2025-09-20",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert timed.returncode == 0, timed.stderr
    imported = [
        line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines() if "|" in line
    ]
    assert imported and not any(m == "django" or m.startswith("django.") for m in imported)


def test_core_sources_do_not_import_django():
    """The calendar, the legal-time engine and this command never import Django."""
    import fazhi.core.calendar
    import fazhi.core.legaltime

    engine = Path(fazhi.core.legaltime.__file__).parent
    files = [*engine.rglob("*.py"), Path(fazhi.core.calendar.__file__), Path(cli.__file__)]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path
