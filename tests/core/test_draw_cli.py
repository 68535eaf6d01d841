"""``fazhi draw run|verify|commit`` and the reference verifier docs/domain/verify_draw.py.

The verifier is an independent plain-Python implementation of the documented
procedure; these tests hold the engine and the document to each other.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import importlib.util
import io
import random
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from fazhi.cli import draw as cli
from fazhi.core.draw import DrawImpossible, Entity, Officer, assign, draw

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "docs" / "domain" / "verify_draw.py"
RATIOS = "A=0.02,B=0.05,C=0.2,D=0.5"
SEED = "3f0c1e9a5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf02468"
DATE = "2025-03-01"


def _verifier():
    spec = importlib.util.spec_from_file_location("verify_draw", VERIFIER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_csv(path: Path, header: list[str], rows: list) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def make_files(tmp: Path, n: int = 400, n_officers: int = 24, seed: int = 1) -> dict[str, Path]:
    rng = random.Random(seed)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    codes = sorted({"".join(rng.choice(alphabet) for _ in range(9)) for _ in range(n)})
    pop = [
        (f"91330201{c}X", f"宁波某某有限公司{i}", rng.choice("ABCD")) for i, c in enumerate(codes)
    ]
    orgs = ["高新区市场监管分局", "高新区综合行政执法队"]
    staff = [
        (
            f"ZJ{i:04d}",
            f"执法员{i}",
            orgs[i % 2],
            rng.choice(["2024-12-31", "2025-03-01", "2027-06-30"]),
        )
        for i in range(n_officers)
    ]
    pairs = lambda k: [(rng.choice(staff)[0], rng.choice(pop)[0]) for _ in range(k)]  # noqa: E731
    return {
        "population": write_csv(tmp / "pop.csv", ["uscc", "name", "risk_class"], pop),
        "officers": write_csv(
            tmp / "off.csv",
            ["officer_id", "name", "organization", "certificate_valid_until"],
            staff,
        ),
        "recusals": write_csv(tmp / "rec.csv", ["officer_id", "uscc"], pairs(n // 4)),
        "history": write_csv(tmp / "hist.csv", ["officer_id", "uscc"], pairs(n // 2)),
    }


def inputs(files: dict[str, Path], **extra: str) -> list[str]:
    args = ["--ratios", RATIOS, "--seed", SEED, "--date", DATE]
    for name, path in files.items():
        args += [f"--{name}", str(path)]
    for name, value in extra.items():
        args += [f"--{name.replace('_', '-')}", value]
    return args


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return make_files(tmp_path)


def test_run_then_verify(files, tmp_path, capsys):
    out = tmp_path / "draw.csv"
    assert cli.main(["run", *inputs(files), "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert f"seed commitment: {hashlib.sha256(SEED.encode()).hexdigest()}" in stdout
    assert "(balanced)" in stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "uscc,risk_class,officers"
    assert len(lines) > 30 and all(line.count(",") == 2 and ";" in line for line in lines[1:])
    assert cli.main(["verify", *inputs(files), "--draw", str(out)]) == 0
    assert "OK:" in capsys.readouterr().out


def test_output_is_byte_identical_and_a_seed_byte_changes_it(files, tmp_path):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert cli.main(["run", *inputs(files), "--out", str(a)]) == 0
    # the same inputs with the rows of every file shuffled
    shuffled = {}
    for name, path in files.items():
        head, *rows = path.read_text(encoding="utf-8").splitlines()
        random.Random(name).shuffle(rows)
        shuffled[name] = tmp_path / f"shuffled-{path.name}"
        shuffled[name].write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    assert cli.main(["run", *inputs(shuffled), "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    args = inputs(files)
    args[args.index("--seed") + 1] = "4" + SEED[1:]  # one byte changed
    assert cli.main(["run", *args, "--out", str(c)]) == 0
    assert a.read_bytes() != c.read_bytes()


def _tamper(path: Path, edit) -> Path:
    head, *rows = path.read_text(encoding="utf-8").splitlines()
    rows = edit([r.split(",") for r in rows])
    forged = path.with_name("forged.csv")
    forged.write_text("\n".join([head, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    return forged


def test_verify_catches_a_swapped_officer_and_a_swapped_enterprise(files, tmp_path, capsys):
    out = tmp_path / "draw.csv"
    assert cli.main(["run", *inputs(files), "--out", str(out)]) == 0
    capsys.readouterr()

    def swap_officer(rows):
        o1, o2 = rows[6][2].split(";")
        rows[6][2] = ";".join(sorted([o1, "ZJ9999"]))
        return rows

    forged = _tamper(out, swap_officer)
    assert cli.main(["verify", *inputs(files), "--draw", str(forged)]) == 1
    msg = capsys.readouterr().out
    assert "DIFFERENT" in msg and "line 8: officers" in msg and "ZJ9999" in msg

    def swap_enterprises(rows):
        rows[10][0], rows[11][0] = rows[11][0], rows[10][0]
        return rows

    forged = _tamper(out, swap_enterprises)
    assert cli.main(["verify", *inputs(files), "--draw", str(forged)]) == 1
    assert "line 12: uscc" in capsys.readouterr().out

    forged = _tamper(out, lambda rows: rows[:-1])
    assert cli.main(["verify", *inputs(files), "--draw", str(forged)]) == 1
    assert "the number of rows" in capsys.readouterr().out


def test_verify_checks_the_published_commitment_and_input_hash(files, tmp_path, capsys):
    out = tmp_path / "draw.csv"
    assert cli.main(["commit", *inputs(files)]) == 0
    published = dict(line.split(": ") for line in capsys.readouterr().out.splitlines())
    assert cli.main(["run", *inputs(files), "--out", str(out)]) == 0
    capsys.readouterr()
    good = ["--commitment", published["seed commitment"], "--input-hash", published["input hash"]]
    assert cli.main(["verify", *inputs(files), "--draw", str(out), *good]) == 0
    capsys.readouterr()
    bad = ["--commitment", "00" * 32, "--input-hash", published["input hash"]]
    assert cli.main(["verify", *inputs(files), "--draw", str(out), *bad]) == 1
    assert "does not match the published commitment" in capsys.readouterr().out
    bad = ["--input-hash", "11" * 32]
    assert cli.main(["verify", *inputs(files), "--draw", str(out), *bad]) == 1
    assert "do not match the published input hash" in capsys.readouterr().out


def test_organization_limits_the_pool(files, tmp_path):
    out = tmp_path / "draw.csv"
    org = "高新区市场监管分局"
    assert cli.main(["run", *inputs(files, organization=org), "--out", str(out)]) == 0
    staff = {r["officer_id"]: r for r in csv.DictReader(files["officers"].open(encoding="utf-8"))}
    with out.open(encoding="utf-8") as f:
        used = {o for row in csv.DictReader(f) for o in row["officers"].split(";")}
    assert used and all(staff[o]["organization"] == org for o in used)
    assert all(staff[o]["certificate_valid_until"] >= DATE for o in used)


def test_impossible_draw_writes_nothing_and_names_target_and_rule(tmp_path, capsys):
    files = make_files(tmp_path, n=40, n_officers=2)  # at most one officer with a valid certificate
    files["officers"] = write_csv(
        tmp_path / "off.csv",
        ["officer_id", "name", "organization", "certificate_valid_until"],
        [("ZJ1", "甲", "局", "2026-01-01"), ("ZJ2", "乙", "局", "2025-02-28")],
    )
    out = tmp_path / "draw.csv"
    out.write_text("previous draw\n", encoding="utf-8")
    assert cli.main(["run", *inputs(files), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "draw impossible: target 91330201" in err
    assert "certificate valid on the draw date" in err and "nothing written" in err
    assert out.read_text(encoding="utf-8") == "previous draw\n"
    assert not list(tmp_path.glob(".draw.csv.*"))


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (("population", "uscc,name\n91330201MA2AAAAA1X,x\n"), "missing column(s) risk_class"),
        (
            ("population", "uscc,name,risk_class\n91330201MA2AAAAA1X,x,E\n"),
            "unknown risk class 'E'",
        ),
        (("population", "uscc,name,risk_class\n9133-0201,x,A\n"), "line 2: uscc '9133-0201'"),
        (("population", "uscc,name,risk_class\n91330201MA2AAAAA1X,x\n"), "line 2: 2 fields"),
        (
            (
                "officers",
                "officer_id,name,organization,certificate_valid_until\nZ1,a,b,2025-13-01\n",
            ),
            "line 2: certificate_valid_until: not a date",
        ),
        (
            (
                "officers",
                "officer_id,name,organization,certificate_valid_until\nZ1,a,b,2026-01-01\n"
                "Z1,c,d,2026-01-01\n",
            ),
            "line 3: officer_id Z1 repeats line 2",
        ),
        (("recusals", "officer_id,uscc\nZ1,abc\n"), "rec.csv line 2: uscc 'abc'"),
        (("ratios", "A=0.02,B=five"), "--ratios: ratio of class B is not a decimal"),
        (("ratios", "A=1.2"), "--ratios: ratio of class A must be between 0 and 1"),
        (("ratios", "A=0.1,A=0.2"), "class A is given twice"),
        (("date", "2025/03/01"), "--date: not a date"),
        (("per-visit", "0"), "--per-visit must be at least 1"),
    ],
)
def test_malformed_input_exits_2_naming_the_row_and_rule(files, tmp_path, capsys, edit, named):
    what, value = edit
    args = inputs(files)
    if what in files:
        files[what].write_text(value, encoding="utf-8")
    elif f"--{what}" in args:
        args[args.index(f"--{what}") + 1] = value
    else:
        args += [f"--{what}", value]
    assert cli.main(["run", *args, "--out", str(tmp_path / "draw.csv")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("fazhi draw: error:")
    assert named in err
    assert not (tmp_path / "draw.csv").exists()


def test_duplicate_uscc_is_malformed(files, tmp_path, capsys):
    head, first, *rest = files["population"].read_text(encoding="utf-8").splitlines()
    files["population"].write_text("\n".join([head, first, *rest, first]) + "\n", encoding="utf-8")
    assert cli.main(["run", *inputs(files), "--out", str(tmp_path / "d.csv")]) == 2
    assert "appears twice in the population" in capsys.readouterr().err


def test_the_real_command_runs_without_django(files, tmp_path):
    out = tmp_path / "draw.csv"
    p = subprocess.run(
        [sys.executable, "-m", "fazhi", "draw", "run", *inputs(files), "--out", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    probe = "import sys, fazhi.cli.draw; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], check=False, timeout=60).returncode == 0


# ---------------------------------------------------------------- the reference verifier


def test_reference_verifier_agrees_with_the_engine(files, tmp_path, capsys):
    """docs/domain/verify_draw.py, run as an outsider runs it: same commitment, same input
    hash, "OK" on the engine's draw and exit 1 on a forged one."""
    out = tmp_path / "draw.csv"
    org = "高新区市场监管分局"
    assert cli.main(["commit", *inputs(files, organization=org)]) == 0
    published = capsys.readouterr().out
    assert cli.main(["run", *inputs(files, organization=org), "--out", str(out)]) == 0
    args = [sys.executable, str(VERIFIER), *inputs(files, organization=org)]
    p = subprocess.run(
        [*args, "--draw", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.startswith(published)  # seed commitment and input hash
    assert "OK:" in p.stdout
    forged = _tamper(out, lambda rows: rows[1:] + rows[:1])
    p = subprocess.run(
        [*args, "--draw", str(forged)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert p.returncode == 1 and "DIFFERENT at row 1" in p.stdout


def test_reference_verifier_prints_the_engines_hashes(files, capsys):
    cli.main(["commit", *inputs(files)])
    engine = capsys.readouterr().out
    a = types.SimpleNamespace(
        ratios=RATIOS,
        seed=SEED,
        date=DATE,
        per_visit=2,
        organization=None,
        **{k: str(v) for k, v in files.items()},
    )
    rows, impossible = _verifier().recompute(a)
    assert impossible is None and rows
    assert capsys.readouterr().out == engine


def random_instance(trial: int) -> dict:
    """A small instance with a tight pool and many exclusions, deterministic per trial."""
    rng = random.Random(trial)
    n, n_staff = rng.randint(0, 30), rng.randint(2, 9)
    pop = list({f"U{rng.randrange(10**6):06d}": rng.choice("ABC") for _ in range(n)}.items())
    staff = [
        (f"O{i}", "n", rng.choice("XXY"), rng.choice(["2025-01-01", "2025-12-31", "2026-01-01"]))
        for i in range(n_staff)
    ]
    pairs = [(rng.choice(staff)[0], rng.choice(pop)[0]) for _ in range(n // 2)] if pop else []
    cut = rng.randint(0, len(pairs))
    return {
        "pop": pop,
        "staff": staff,
        "rec": pairs[:cut],
        "hist": pairs[cut:],
        "ratios": {c: rng.choice(["0", "0.3", "0.5", "1"]) for c in "ABC"},
        "q": rng.randint(1, 2),
        "org": rng.choice([None, "X"]),
        "seed": f"t{trial}",
    }


def test_reference_verifier_matches_on_random_instances_with_repairs(tmp_path, monkeypatch):
    """150 small random instances, some needing the balance repair (step 6) and some
    impossible: the verifier and the engine agree on every one."""
    verifier = _verifier()
    chains = []
    real_repair = assign.repair
    monkeypatch.setattr(assign, "repair", lambda *a: chains.append(real_repair(*a)) or chains[-1])
    impossible_count = 0
    for trial in range(150):
        x = random_instance(trial)
        try:
            result = draw(
                [Entity(u, c) for u, c in x["pop"]],
                [Officer(o, g, date.fromisoformat(v)) for o, _, g, v in x["staff"]],
                x["ratios"],
                seed=x["seed"],
                draw_date=date(2025, 6, 1),
                per_visit=x["q"],
                recusals=x["rec"],
                history=x["hist"],
                organization=x["org"],
            )
            engine_rows = list(result.rows())
        except DrawImpossible:
            engine_rows = None
        a = types.SimpleNamespace(
            population=write_csv(
                tmp_path / "p.csv",
                ["uscc", "name", "risk_class"],
                [(u, "-", c) for u, c in x["pop"]],
            ),
            officers=write_csv(
                tmp_path / "o.csv",
                ["officer_id", "name", "organization", "certificate_valid_until"],
                x["staff"],
            ),
            recusals=write_csv(tmp_path / "r.csv", ["officer_id", "uscc"], x["rec"]),
            history=write_csv(tmp_path / "h.csv", ["officer_id", "uscc"], x["hist"]),
            ratios=",".join(f"{k}={v}" for k, v in x["ratios"].items()),
            seed=x["seed"],
            date="2025-06-01",
            per_visit=x["q"],
            organization=x["org"],
        )
        with contextlib.redirect_stdout(io.StringIO()):
            rows, impossible = verifier.recompute(a)
        if engine_rows is None:
            impossible_count += 1
            assert impossible is not None, trial
        else:
            assert impossible is None and rows == engine_rows, trial
    assert sum(chains) >= 5 and impossible_count >= 10, (sum(chains), impossible_count)


def test_reference_verifier_reproduces_the_worked_example(tmp_path):
    """The worked example of random-draw.md through the verifier (see test_draw.py)."""
    from .test_draw import (
        GOLDEN_ARGS,
        GOLDEN_INPUT_HASH,
        GOLDEN_OFFICERS,
        GOLDEN_POPULATION,
        GOLDEN_RATIOS,
        GOLDEN_ROWS,
    )

    a = types.SimpleNamespace(
        population=write_csv(
            tmp_path / "p.csv",
            ["uscc", "name", "risk_class"],
            [(e.uscc, "x", e.risk_class) for e in GOLDEN_POPULATION],
        ),
        officers=write_csv(
            tmp_path / "o.csv",
            ["officer_id", "name", "organization", "certificate_valid_until"],
            [
                (o.officer_id, "x", o.organization, o.certificate_valid_until)
                for o in GOLDEN_OFFICERS
            ],
        ),
        recusals=write_csv(tmp_path / "r.csv", ["officer_id", "uscc"], GOLDEN_ARGS["recusals"]),
        history=write_csv(tmp_path / "h.csv", ["officer_id", "uscc"], GOLDEN_ARGS["history"]),
        ratios=",".join(f"{k}={v}" for k, v in GOLDEN_RATIOS.items()),
        seed=GOLDEN_ARGS["seed"],
        date=GOLDEN_ARGS["draw_date"].isoformat(),
        per_visit=2,
        organization=GOLDEN_ARGS["organization"],
    )
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        rows, impossible = _verifier().recompute(a)
    assert impossible is None and rows == GOLDEN_ROWS
    assert f"input hash: {GOLDEN_INPUT_HASH}" in printed.getvalue()
