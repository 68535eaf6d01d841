"""``fazhi draw``: run or verify a random draw (双随机、一公开) from CSV files (no database).

    fazhi draw run    --population POP.csv --officers OFF.csv --ratios A=0.02,B=0.05,C=0.2,D=0.5
                      --seed SEED --date YYYY-MM-DD [--per-visit 2] [--recusals REC.csv]
                      [--history HIST.csv] [--organization ORG] --out DRAW.csv
    fazhi draw verify (the same inputs) --draw DRAW.csv [--commitment HEX] [--input-hash HEX]
    fazhi draw commit (the same inputs) — print the seed commitment and the input hash only

CSV files are UTF-8 (a BOM is accepted), comma-separated, with a header row;
columns may come in any order and extra columns are ignored:

    POP   uscc,name,risk_class
    OFF   officer_id,name,organization,certificate_valid_until
    REC   officer_id,uscc            (recusal pairs, 回避)
    HIST  officer_id,uscc            (the pairs of the previous draw)
    DRAW  uscc,risk_class,officers   (officer ids joined by ';', in drawn order)

The drawing organization: ``--organization ORG`` keeps only the officers whose
``organization`` is ORG; without it every officer in OFF.csv is in the pool.
The seed is the UTF-8 text given to ``--seed`` (use 32 random bytes in hex, e.g.
``python -c "import secrets; print(secrets.token_hex(32))"``).

Exit status: 0 success (verify: the draw is exactly what the seed gives);
1 the draw is impossible (run; nothing is written) or differs (verify; the first
difference is printed); 2 malformed input, with a message naming the file, the
line and the rule. Imports ``fazhi.core`` only — never Django.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from array import array
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

import numpy as np

from fazhi.core.draw import (
    DrawImpossible,
    DrawInputError,
    DrawResult,
    Officer,
    Pairs,
    Population,
    canonical_ratio,
    commit,
    compare,
    draw,
    input_hash,
    seed_bytes,
)

PROG = "fazhi draw"
EXIT_DIFFERENT = 1
EXIT_USAGE = 2
DRAW_HEADER = ("uscc", "risk_class", "officers")
_USCC = re.compile(r"[0-9A-Z]{18}")  # the shape of GB 32100; the check character is not checked
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RATIO = re.compile(r"\d+(\.\d*)?|\.\d+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _UsageError(Exception):
    """Bad input: reported as one line and exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise _UsageError(message)


def _date(text: str, what: str = "--date") -> date:
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise _UsageError(f"{what}: not a date YYYY-MM-DD: {text!r}")


def _ratios(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in text.split(","):
        risk_class, sep, value = item.partition("=")
        risk_class, value = risk_class.strip(), value.strip()
        if not sep or not risk_class:
            raise _UsageError(f"--ratios: expected CLASS=RATIO, got {item!r}")
        if _CONTROL.search(risk_class):
            raise _UsageError(f"--ratios: class {risk_class!r} contains a control character")
        if risk_class in out:
            raise _UsageError(f"--ratios: class {risk_class} is given twice")
        if not _RATIO.fullmatch(value):
            raise _UsageError(f"--ratios: ratio of class {risk_class} is not a decimal: {value!r}")
        try:
            canonical_ratio(value, risk_class)
        except DrawInputError as exc:
            raise _UsageError(f"--ratios: {exc}") from None
        out[risk_class] = value
    return out


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Run or verify a random draw (双随机、一公开); no database.")
    sub = p.add_subparsers(dest="command", required=True, metavar="{run,verify,commit}")
    for name, help_ in (
        ("run", "draw the targets and their officers, write DRAW.csv"),
        ("verify", "check that DRAW.csv is exactly what the seed gives"),
        ("commit", "print the seed commitment and the input hash (publish before the draw)"),
    ):
        s = sub.add_parser(name, help=help_, description=help_)
        s.add_argument("--population", required=True, type=Path, metavar="POP.csv")
        s.add_argument("--officers", required=True, type=Path, metavar="OFF.csv")
        s.add_argument("--ratios", required=True, metavar="A=0.02,B=0.05,C=0.2,D=0.5")
        s.add_argument("--seed", required=True, metavar="SEED", help="the seed, as UTF-8 text")
        s.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the draw date")
        s.add_argument("--per-visit", type=int, default=2, metavar="N", help="officers per target")
        s.add_argument("--recusals", type=Path, metavar="REC.csv", help="recusal pairs (回避)")
        s.add_argument("--history", type=Path, metavar="HIST.csv", help="previous draw's pairs")
        s.add_argument(
            "--organization",
            metavar="ORG",
            help="the drawing organization: only its officers are drawn (default: all)",
        )
        if name == "run":
            s.add_argument("--out", required=True, type=Path, metavar="DRAW.csv")
        if name == "verify":
            s.add_argument("--draw", required=True, type=Path, metavar="DRAW.csv")
            s.add_argument("--commitment", metavar="HEX", help="the published seed commitment")
            s.add_argument("--input-hash", metavar="HEX", help="the published input hash")
    return p


def _rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, values of ``columns``) for each data row of a CSV file."""
    try:
        f = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise _UsageError(f"{path}: cannot read: {exc.strerror}") from None
    with f:
        reader = csv.reader(f)
        try:
            header = next(reader, None)
            if header is None:
                raise _UsageError(f"{path}: empty file; the header must be {','.join(columns)}")
            missing = [c for c in columns if c not in header]
            if missing:
                raise _UsageError(
                    f"{path} line 1: missing column(s) {', '.join(missing)} "
                    f"(header: {','.join(header)}; required: {','.join(columns)})"
                )
            index = [header.index(c) for c in columns]
            width = len(header)
            for row in reader:
                if not row:
                    continue
                if len(row) != width:
                    raise _UsageError(
                        f"{path} line {reader.line_num}: {len(row)} fields, the header has {width}"
                    )
                values = [row[i] for i in index]
                for c, v in zip(columns, values, strict=True):
                    if _CONTROL.search(v):
                        raise _UsageError(
                            f"{path} line {reader.line_num}: {c} contains a control character"
                        )
                yield reader.line_num, values
        except UnicodeDecodeError:
            raise _UsageError(f"{path}: not UTF-8 text") from None
        except csv.Error as exc:
            raise _UsageError(f"{path} line {reader.line_num}: {exc}") from None


def _uscc(path: Path, line: int, value: str) -> str:
    if not _USCC.fullmatch(value):
        raise _UsageError(
            f"{path} line {line}: uscc {value!r} is not 18 characters of 0-9 and A-Z (GB 32100)"
        )
    return value


def read_population(path: Path, classes: Sequence[str]) -> Population:
    """POP.csv as a columnar population.

    perf: USCCs are packed into one byte buffer (18 bytes each) and classes into
    an array of codes; no Python object is kept per entity.
    """
    code_of = {c: i for i, c in enumerate(classes)}
    uscc = bytearray()
    codes = array("H")
    for line, (u, _name, c) in _rows(path, ("uscc", "name", "risk_class")):
        uscc += _uscc(path, line, u).encode("ascii")
        code = code_of.get(c)
        if code is None:
            raise _UsageError(
                f"{path} line {line}: unknown risk class {c!r} (--ratios gives {', '.join(classes)})"
            )
        codes.append(code)
    labels = np.array([c.encode("utf-8") for c in classes], dtype=bytes)
    return Population(
        np.frombuffer(bytes(uscc), dtype="S18"), labels[np.frombuffer(codes, dtype=np.uint16)]
    )


def read_officers(path: Path) -> list[Officer]:
    seen: dict[str, int] = {}
    out = []
    columns = ("officer_id", "name", "organization", "certificate_valid_until")
    for line, (oid, name, org, valid) in _rows(path, columns):
        if not oid:
            raise _UsageError(f"{path} line {line}: officer_id is empty")
        if ";" in oid:
            raise _UsageError(f"{path} line {line}: officer_id {oid!r} contains ';'")
        if oid in seen:
            raise _UsageError(f"{path} line {line}: officer_id {oid} repeats line {seen[oid]}")
        seen[oid] = line
        until = _date(valid, f"{path} line {line}: certificate_valid_until")
        out.append(Officer(oid, org, until, name))
    return out


def read_pairs(path: Path | None, what: str) -> Pairs:
    officers: list[bytes] = []
    usccs: list[bytes] = []
    if path is not None:
        for line, (oid, u) in _rows(path, ("officer_id", "uscc")):
            if not oid:
                raise _UsageError(f"{path} line {line}: officer_id is empty")
            officers.append(oid.encode("utf-8"))
            usccs.append(_uscc(path, line, u).encode("ascii"))
    if not officers:
        return Pairs(np.empty(0, "S1"), np.empty(0, "S1"))
    return Pairs(np.array(officers, dtype=bytes), np.array(usccs, dtype=bytes))


def read_draw(path: Path) -> tuple[list[tuple[str, str, str]], list[int]]:
    rows, lines = [], []
    for line, values in _rows(path, DRAW_HEADER):
        rows.append((values[0], values[1], values[2]))
        lines.append(line)
    return rows, lines


def write_draw(result: DrawResult, out: Path) -> None:
    """Write DRAW.csv atomically: a reader sees the whole draw or the previous file, never a part."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(DRAW_HEADER)
            w.writerows(result.rows())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _summary(result: DrawResult, population: int) -> str:
    loads = [n for _, n in result.officer_loads]
    lines = [
        f"draw {result.draw_date.isoformat()}: {len(result.targets)} targets "
        f"from {population} entities; pool {len(loads)} officers, {result.per_visit} per visit",
    ]
    for c in result.classes:
        lines.append(
            f"  class {c.risk_class}: ratio {c.ratio}, population {c.population}, drawn {c.drawn}"
        )
    if loads:
        note = (
            "balanced"
            if result.load_spread <= 1
            else "the constraints admit no balanced assignment"
        )
        lines.append(f"  visits per officer: {min(loads)}–{max(loads)} ({note})")
    lines.append(f"seed commitment: {result.seed_commitment}")
    lines.append(f"input hash: {result.input_hash}")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    ratios = _ratios(args.ratios)
    day = _date(args.date)
    if args.per_visit < 1:
        raise _UsageError(f"--per-visit must be at least 1, not {args.per_visit}")
    seed = seed_bytes(args.seed)
    if len(seed) < 16:
        print(
            f"{PROG}: warning: the seed has {len(seed)} bytes; a seed shorter than 16 random bytes "
            "can be guessed from its commitment",
            file=sys.stderr,
        )
    population = read_population(args.population, sorted(ratios))
    officers = read_officers(args.officers)
    recusals = read_pairs(args.recusals, "recusal")
    history = read_pairs(args.history, "history")
    inputs = {
        "draw_date": day,
        "per_visit": args.per_visit,
        "recusals": recusals,
        "history": history,
        "organization": args.organization,
    }
    if args.command == "commit":
        print(f"seed commitment: {commit(seed)}")
        print(f"input hash: {input_hash(population, officers, ratios, **inputs)}")
        return 0
    try:
        result = draw(population, officers, ratios, seed=seed, **inputs)
    except DrawImpossible as exc:
        if args.command == "run":
            print(f"{PROG}: {exc}; nothing written", file=sys.stderr)
        else:
            print(f"{PROG}: the inputs admit no draw, so {args.draw} cannot be it: {exc}")
        return EXIT_DIFFERENT
    if args.command == "run":
        write_draw(result, args.out)
        print(_summary(result, len(population)))
        print(f"written: {args.out}")
        return 0

    failures = []
    if args.commitment is not None and args.commitment.strip().lower() != result.seed_commitment:
        failures.append(
            f"the seed does not match the published commitment {args.commitment.strip()} "
            f"(its commitment is {result.seed_commitment})"
        )
    if args.input_hash is not None and args.input_hash.strip().lower() != result.input_hash:
        failures.append(
            f"the inputs do not match the published input hash {args.input_hash.strip()} "
            f"(they hash to {result.input_hash})"
        )
    rows, lines = read_draw(args.draw)
    diff = compare(rows, result)
    if diff is not None:
        where = (
            f"{args.draw} line {lines[diff.row - 1]}" if diff.row is not None else str(args.draw)
        )
        failures.append(f"{where}: {diff.field} is {diff.found}, the seed gives {diff.expected}")
    if failures:
        for f in failures:
            print(f"{PROG}: DIFFERENT: {f}")
        return EXIT_DIFFERENT
    print(f"OK: {args.draw} is exactly the draw the seed gives")
    print(_summary(result, len(population)))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
        return _run(args)
    except _UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DrawInputError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
