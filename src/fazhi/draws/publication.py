"""What a draw publishes (一公开): the public page's content and the download to re-verify it.

``public_view`` gathers exactly what the public page may show: the commitment
time, the seed commitment, the input hashes, the recusal hash (never a recusal
pair), the ratios and class counts, and — once the seed is revealed — the seed
and the result (enterprises' names and USCCs, officers' masked names, and the
inspection results recorded so far).

``inputs_archive`` is the ZIP anyone downloads to re-verify the draw:
``population.csv``, ``officers.csv`` (names masked), ``history.csv``,
``draw.csv`` (after the draw), ``draw.json`` (every published value),
``README.txt`` with the exact ``fazhi draw verify`` and ``verify_draw.py``
command lines, and the reference verifier itself when the deployment carries
it. The full archive (``full=True``, staff of the drawing organization's scope
and the legal office only) adds ``recusals.csv`` and real names: with it the
published input hash itself is recomputed.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.draw import SPEC_VERSION
from fazhi.core.draw_snapshot import (
    DrawInputs,
    command_text,
    decode,
    draw_csv,
    pairs_csv,
    verify_args,
)
from fazhi.core.identifiers import mask_name
from fazhi.entities.constants import CreditRiskClass

from .models import RandomDraw
from .selectors import TaskResult, inspection_results

__all__ = ["PublicDraw", "frozen_inputs", "inputs_archive", "public_view", "reference_verifier_path"]

_CACHE: dict[str, DrawInputs] = {}
_CACHE_SIZE = 8


def frozen_inputs(draw: RandomDraw) -> DrawInputs:
    """The draw's frozen inputs (decoded once per process and input hash: they never change)."""
    inputs = _CACHE.get(draw.input_hash)
    if inputs is None:
        blob = draw.inputs_blob
        if blob is None:
            blob = RandomDraw.objects.filter(pk=draw.pk).values_list("inputs_blob", flat=True).get()
        inputs = decode(blob)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[draw.input_hash] = inputs
    return inputs


def reference_verifier_path() -> Path | None:
    """docs/domain/verify_draw.py of the source tree, when this deployment has it."""
    path = Path(__file__).resolve().parents[3] / "docs" / "domain" / "verify_draw.py"
    return path if path.is_file() else None


def _ceil(ratio: str, n: int) -> int:
    num, den = Decimal(ratio).as_integer_ratio()
    return -((-num * n) // den)


@dataclass
class PublicTarget:
    position: int
    name: str
    uscc: str
    risk_class: str
    officers: list[str]  # masked names
    officer_ids: list[str]  # the draw's officer ids (as in draw.csv and officers.csv)
    task_id: int | None
    result: TaskResult | None

    @property
    def officer_labels(self) -> list[str]:
        return [f"{name}（{oid}）" for name, oid in zip(self.officers, self.officer_ids, strict=True)]


@dataclass
class PublicDraw:
    """Everything the public page shows of a draw, and nothing more."""

    pk: int
    reference: str
    title: str
    organization: str
    item: str
    legal_basis: str
    status: str
    status_label: str
    draw_date: Any
    window_start: Any
    window_end: Any
    per_visit: int
    committed_at: Any
    seed_commitment: str
    input_hash: str
    public_input_hash: str
    recusal_hash: str
    recusal_count: int
    population_count: int
    pool_count: int
    history_count: int
    previous_reference: str
    results_due: Any
    classes: list[tuple[str, str, str, int, int]]  # (class, label, ratio, entities, targets)
    spec_version: str = SPEC_VERSION
    seed: str = ""
    revealed_at: Any = None
    drawn_at: Any = None
    targets_count: int = 0
    recusal_effects: int = 0
    result_hash: str = ""
    cancelled: bool = False
    cancel_reason: str = ""
    targets: list[PublicTarget] = field(default_factory=list)
    results_available: bool = False
    verify_command: str = ""
    reference_command: str = ""
    commit_command: str = ""


def _classes(draw: RandomDraw) -> list[tuple[str, str, str, int, int]]:
    labels = dict(CreditRiskClass.choices)
    rows = []
    for c, ratio in sorted(draw.ratios.items()):
        n = int(draw.class_counts.get(c, 0))
        rows.append((c, str(labels.get(c, c)), ratio, n, _ceil(ratio, n)))
    return rows


def public_view(draw: RandomDraw, *, targets=None, commands: bool = True) -> PublicDraw:
    """The public page of a published draw.

    ``targets``: the ``DrawTarget``s to show (all by default); ``commands``: also the
    verification command lines (they read the frozen inputs; a list leaves them out).
    """
    assert draw.is_public, "only a draw whose commitment is published has a public view"
    view = PublicDraw(
        pk=draw.pk,
        reference=draw.reference,
        title=draw.title,
        organization=draw.organization.name,
        item=draw.item.name,
        legal_basis=draw.item.legal_basis,
        status=draw.status,
        status_label=draw.get_status_display(),
        draw_date=draw.draw_date,
        window_start=draw.window_start,
        window_end=draw.window_end,
        per_visit=draw.per_visit,
        committed_at=draw.committed_at,
        seed_commitment=draw.seed_commitment,
        input_hash=draw.input_hash,
        public_input_hash=draw.public_input_hash,
        recusal_hash=draw.recusal_hash,
        recusal_count=draw.recusal_count,
        population_count=draw.population_count,
        pool_count=draw.pool_count,
        history_count=draw.history_count,
        previous_reference=draw.previous_draw.reference if draw.previous_draw_id else "",
        results_due=draw.results_due,
        classes=_classes(draw),
        cancelled=draw.status == "cancelled",
        cancel_reason=draw.void_reason if draw.status == "cancelled" else "",
    )
    if draw.revealed_at is not None:
        view.seed = draw.revealed_seed
        view.revealed_at = draw.revealed_at
        view.drawn_at = draw.drawn_at
        view.targets_count = draw.targets_count
        view.recusal_effects = draw.recusal_effects
        view.result_hash = draw.result_hash
    if commands:
        inputs = frozen_inputs(draw)
        view.commit_command = command_text(["fazhi", "draw", "commit"] + verify_args(inputs, seed=_("任意文本"))[3:-2])
        if draw.revealed_at is not None and not draw.is_drawn:
            # a cancelled draw: anyone can compute what it would have drawn
            view.verify_command = command_text(
                ["fazhi", "draw", "run"] + verify_args(inputs, seed=draw.seed)[3:-2] + ["--out", "draw.csv"]
            )
        elif draw.is_drawn:
            view.verify_command = command_text(
                verify_args(inputs, seed=draw.seed, commitment=draw.seed_commitment, input_hash=draw.public_input_hash)
            )
            view.reference_command = command_text(verify_args(inputs, seed=draw.seed, reference_verifier=True))
    if not draw.is_drawn:
        return view
    rows = list(targets if targets is not None else draw.targets.order_by("position"))
    results = inspection_results([t.task_id for t in rows if t.task_id])
    view.results_available = results is not None
    view.targets = [
        PublicTarget(
            position=t.position,
            name=t.name,
            uscc=t.uscc,
            risk_class=t.risk_class,
            officers=[mask_name(o["name"]) for o in t.officers],
            officer_ids=[o["id"] for o in t.officers],
            task_id=t.task_id,
            result=(results or {}).get(t.task_id) if t.task_id else None,
        )
        for t in rows
    ]
    return view


def _manifest(draw: RandomDraw, inputs: DrawInputs, *, full: bool) -> dict[str, Any]:
    def when(value):
        return timezone.localtime(value).isoformat() if value else None

    doc = {
        "spec_version": SPEC_VERSION,
        "reference": draw.reference,
        "title": draw.title,
        "organization": inputs.organization,
        "item": draw.item.name,
        "draw_date": inputs.draw_date.isoformat(),
        "per_visit": inputs.per_visit,
        "ratios": dict(inputs.ratios),
        "window": [draw.window_start.isoformat(), draw.window_end.isoformat()],
        "committed_at": when(draw.committed_at),
        "seed_commitment": draw.seed_commitment,
        "input_hash": draw.input_hash,
        "public_input_hash": draw.public_input_hash,
        "recusal_hash": draw.recusal_hash,
        "recusal_count": draw.recusal_count,
        "population": len(inputs.population),
        "officers": len(inputs.officers),
        "history_pairs": len(inputs.history),
        "previous_draw": draw.previous_draw.reference if draw.previous_draw_id else None,
        "seed": draw.revealed_seed or None,
        "revealed_at": when(draw.revealed_at),
        "result_hash": draw.result_hash or None,
        "targets": draw.targets_count if draw.is_drawn else None,
        "recusal_effects": draw.recusal_effects if draw.revealed_at else None,
        "status": draw.status,
        "includes_recusals": full,
    }
    return doc


def _readme(draw: RandomDraw, inputs: DrawInputs, *, full: bool) -> str:
    lines = [
        _("双随机抽查 %(ref)s（%(org)s）的输入，供任何人复核。") % {"ref": draw.reference, "org": inputs.organization},
        "",
        _("种子承诺（抽取前公布）：%(c)s") % {"c": draw.seed_commitment},
        _("输入哈希（全部输入，含回避名单）：%(h)s") % {"h": draw.input_hash},
        _("公开输入哈希（本压缩包中的输入，不含回避名单）：%(h)s") % {"h": draw.public_input_hash},
        _("回避名单：%(n)s 对，SHA-256 %(h)s（涉及利害关系，不公开）") % {"n": draw.recusal_count, "h": draw.recusal_hash},
        "",
    ]
    if full:
        lines += [
            _("本压缩包含回避名单（recusals.csv），仅供抽取部门和监督机关使用，不得公开。"),
            _("核对（种子、全部输入、结果，退出码 0 即完全一致）："),
            "  " + command_text(verify_args(
                inputs, seed=draw.revealed_seed or "<种子>", commitment=draw.seed_commitment,
                input_hash=draw.input_hash, with_recusals=True)),
        ]
    elif draw.revealed_at is None:
        lines += [
            _("种子尚未公布。现在即可核对本压缩包的输入就是公布的输入（比较打印出的 input hash 与公开输入哈希）："),
            "  " + command_text(["fazhi", "draw", "commit"] + verify_args(inputs, seed=_("任意文本"))[3:-2]),
        ]
    elif not draw.is_drawn:
        lines += [
            _("本次抽取已取消（%(r)s），种子随之公布：%(s)s") % {"r": draw.void_reason, "s": draw.seed},
            _("它本会抽出的结果可以这样重算："),
            "  " + command_text(
                ["fazhi", "draw", "run"] + verify_args(inputs, seed=draw.seed)[3:-2] + ["--out", "draw.csv"]
            ),
        ]
    else:
        lines += [
            _("种子（抽取后公布）：%(s)s") % {"s": draw.seed},
            "",
            _("核对（SHA-256(种子) 等于种子承诺、输入等于公开输入哈希、draw.csv 正是种子给出的结果；退出码 0 即完全一致）："),
            "  " + command_text(verify_args(
                inputs, seed=draw.seed, commitment=draw.seed_commitment, input_hash=draw.public_input_hash)),
            "",
            _("或用只依赖 Python 标准库的参考校验器（打印种子承诺和输入哈希，请与公布值比较）："),
            "  " + command_text(verify_args(inputs, seed=draw.seed, reference_verifier=True)),
            "",
        ]
        if draw.recusal_effects:
            lines.append(_(
                "注意：本次有 %(n)s 个抽中对象涉及回避。不含回避名单重算时，抽中的企业及其顺序完全一致"
                "（抽取对象不依赖回避名单），但执法人员分派可能不同；完整核对须由监督机关持回避名单进行。"
            ) % {"n": draw.recusal_effects})
        else:
            lines.append(_("本次没有抽中对象涉及回避：不含回避名单重算的结果（含执法人员分派）与公布的结果完全一致。"))
    lines += ["", _("算法规范：docs/domain/random-draw.md（fazhi-draw-v1）。"), ""]
    return "\n".join(lines)


def inputs_archive(draw: RandomDraw, *, full: bool = False) -> bytes:
    """The ZIP of the draw's inputs (and result, once drawn) — see the module docstring.

    perf: the public archive is cached per draw and state (it changes only with the status);
    the full one is built on each request (it is for a few staff).
    """
    if full:
        return _archive(draw, full=True)
    key = f"fazhi:draws:inputs:{draw.pk}:{draw.status}:{draw.seed_commitment}:{draw.result_hash}"
    data = cache.get(key)
    if data is None:
        data = _archive(draw, full=False)
        cache.set(key, data, timeout=3600)
    return data


def _archive(draw: RandomDraw, *, full: bool) -> bytes:
    inputs = frozen_inputs(draw)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("population.csv", inputs.population_csv())
        z.writestr("officers.csv", inputs.officers_csv(masked=not full))
        z.writestr("history.csv", pairs_csv(inputs.history))
        if full:
            z.writestr("recusals.csv", pairs_csv(inputs.recusals))
        if draw.is_drawn:
            rows = draw.targets.order_by("position").values_list("uscc", "risk_class", "officer_ids")
            z.writestr("draw.csv", draw_csv(rows))
        z.writestr("draw.json", json.dumps(_manifest(draw, inputs, full=full), ensure_ascii=False, indent=2) + "\n")
        z.writestr("README.txt", _readme(draw, inputs, full=full))
        verifier = reference_verifier_path()
        if verifier is not None:
            z.write(verifier, "verify_draw.py")
    return buf.getvalue()
