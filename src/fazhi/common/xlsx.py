"""XLSX export and all-or-nothing import of registers (openpyxl).

Export writes the register's columns for the records the user may see.
Import reads the same layout: every row is validated first (cell types,
choices, foreign keys inside the user's scope, the model's own rules and
constraints, duplicate keys inside the file); when any row has an error the
import writes nothing and returns every error with its row and column.
Otherwise all rows are saved and audited in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from fazhi.audit.services import snapshot

from .registers import Column, Register
from .services import records_save_many, scoped_form_class

TRUE_WORDS = {"是", "true", "yes", "1", "y", "√"}
FALSE_WORDS = {"否", "false", "no", "0", "n", ""}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str  # the column header, or "" for the whole row
    message: str

    def __str__(self) -> str:
        where = _("第 %(row)s 行") % {"row": self.row}
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"


class ImportRejected(Exception):
    """The file was not imported; ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors[:50]))


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _field(reg: Register, col: Column) -> models.Field:
    return reg.model._meta.get_field(col.field)


def _cell_out(obj: models.Model, reg: Register, col: Column) -> Any:
    f = _field(reg, col)
    value = getattr(obj, col.field)
    if value is None:
        return None
    if f.is_relation:
        return getattr(value, col.lookup or "pk")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "是" if value else "否"
    if isinstance(f, models.JSONField):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, dt.date)):
        return value
    return str(value)


def export_register(reg: Register, user, out: IO[bytes], queryset=None) -> int:
    """Write the records of ``reg`` visible to ``user`` (or ``queryset``, already scoped) to ``out``."""
    qs = reg.queryset_for(user) if queryset is None else queryset
    related = [c.field for c in reg.columns if _field(reg, c).is_relation]
    if related:
        qs = qs.select_related(*related)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(reg.verbose_name_plural[:31])
    ws.freeze_panes = "A2"
    header = []
    for col in reg.columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    n = 0
    for obj in qs.iterator(chunk_size=2000):
        ws.append([_cell_out(obj, reg, c) for c in reg.columns])
        n += 1
    wb.save(out)
    return n


def _cell_in(reg: Register, col: Column, raw: Any, user) -> Any:
    """Turn a cell into a form value; raise ValueError with a message naming the rule."""
    f = _field(reg, col)
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return None
    if f.is_relation:
        related = f.related_model
        qs = related.objects.all()
        if hasattr(qs, "visible_to"):
            qs = qs.visible_to(user)
        matches = list(qs.filter(**{col.lookup or "pk": raw})[:2])
        if not matches:
            raise ValueError(_("找不到“%(value)s”，或该记录不在您的管辖范围内") % {"value": raw})
        if len(matches) > 1:
            raise ValueError(_("“%(value)s”对应多条记录，请使用唯一的名称") % {"value": raw})
        return matches[0].pk
    if f.choices:
        text = str(raw)
        for value, label in f.flatchoices:
            if text in (str(value), str(label)):
                return value
        allowed = "、".join(str(label) for _v, label in f.flatchoices)
        raise ValueError(_("“%(value)s”不是有效选项，可选：%(allowed)s") % {"value": text, "allowed": allowed})
    if isinstance(f, models.BooleanField):
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("“%(value)s”应为“是”或“否”") % {"value": raw})
    if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise ValueError(_("“%(value)s”不是日期（格式 YYYY-MM-DD）") % {"value": raw}) from None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw) if not isinstance(raw, (int, float)) else raw


def import_register(reg: Register, user, source: IO[bytes] | str) -> ImportResult:
    """Import ``source`` into ``reg`` for ``user``: everything or nothing.

    Rows match existing records on ``reg.natural_key`` (update) or create new ones.
    Raises ``ImportRejected`` with every row error; nothing is written then.
    """
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportRejected([RowError(0, "", _("不是有效的 XLSX 文件：%(error)s") % {"error": exc})]) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        raise ImportRejected([RowError(1, "", _("文件是空的，第一行应为表头"))]) from None
    by_header = {c.header: c for c in reg.columns}
    errors: list[RowError] = []
    for h in header:
        if h and h not in by_header:
            errors.append(RowError(1, h, _("未知的列；允许的列：%(cols)s") % {"cols": "、".join(by_header)}))
    for key in reg.natural_key:
        col = next(c for c in reg.columns if c.field == key)
        if col.header not in header:
            errors.append(RowError(1, col.header, _("缺少必需的列")))
    if errors:
        raise ImportRejected(errors)
    positions = [(i, by_header[h]) for i, h in enumerate(header) if h]

    form_class = scoped_form_class(reg, user)
    pending: list[tuple[models.Model, dict[str, Any] | None]] = []
    seen_keys: dict[tuple, int] = {}
    created = updated = unchanged = 0
    for rownum, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row_errors: list[RowError] = []
        parsed: dict[str, Any] = {}
        for i, col in positions:
            raw = values[i] if i < len(values) else None
            try:
                parsed[col.field] = _cell_in(reg, col, raw, user)
            except ValueError as exc:
                row_errors.append(RowError(rownum, col.header, str(exc)))
        if row_errors:
            errors.extend(row_errors)
            continue
        key = tuple(parsed.get(k) for k in reg.natural_key)
        if key in seen_keys:
            errors.append(RowError(rownum, "", _("与第 %(row)s 行重复") % {"row": seen_keys[key]}))
            continue
        seen_keys[key] = rownum
        existing = None
        if all(v is not None for v in key):
            lookup = {k if not _fk(reg, k) else f"{k}_id": v for k, v in zip(reg.natural_key, key, strict=True)}
            existing = reg.queryset_for(user).filter(**lookup).first()
        instance = existing or reg.new_instance(user)
        data = {k: v for k, v in model_to_dict(instance, fields=reg.form_fields).items()}
        data.update({k: v for k, v in parsed.items() if k in reg.form_fields})
        data = {k: (v.pk if isinstance(v, models.Model) else v) for k, v in data.items()}
        data = {k: v for k, v in data.items() if v is not None}
        before = snapshot(existing) if existing else None
        form = form_class(data=data, instance=instance)
        if not form.is_valid():
            for fname, msgs in form.errors.items():
                header_of = next((c.header for c in reg.columns if c.field == fname), "")
                for m in msgs:
                    errors.append(RowError(rownum, header_of, m))
            continue
        if existing is not None and existing.voided_at is not None:
            errors.append(RowError(rownum, "", _("对应的记录已作废，不能通过导入修改")))
            continue
        obj = form.save(commit=False)
        if before is not None and before == snapshot(obj):
            unchanged += 1
            continue
        if existing is None:
            created += 1
        else:
            updated += 1
        pending.append((obj, before))
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        records_save_many(reg=reg, actor=user, rows=pending)
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _fk(reg: Register, name: str) -> bool:
    return reg.model._meta.get_field(name).is_relation
