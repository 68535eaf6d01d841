"""Choices and fixed values of the draws app. Status values are those of ``fazhi.core.draw_workflow``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core import draw_workflow as wf


class DrawStatus(models.TextChoices):
    DRAFT = wf.DrawStatus.DRAFT, _("草稿（未公开）")
    COMMITTED = wf.DrawStatus.COMMITTED, _("已公布承诺，待抽取")
    TASKS_PENDING = wf.DrawStatus.TASKS_PENDING, _("已抽取并公示，检查任务待生成")
    PUBLISHED = wf.DrawStatus.PUBLISHED, _("已抽取并公示")
    CANCELLED = wf.DrawStatus.CANCELLED, _("已取消")


STATUS_COLOURS = {
    "draft": "#8a8f9c",
    "committed": "#1f4e8c",
    "tasks_pending": "#b36b00",
    "published": "#1e7b3a",
    "cancelled": "#b3261e",
}

#: statuses whose result is stored and whose seed is public
DRAWN_STATUSES = (DrawStatus.TASKS_PENDING, DrawStatus.PUBLISHED)

#: the credit-risk classes a draw gives a ratio to (市场监管总局 A–D, entities.constants.CreditRiskClass)
RISK_CLASSES = ("A", "B", "C", "D")

#: the ratios the preparation form proposes (浙江省综合行政执法条例 第二十一条: higher risk, higher ratio)
DEFAULT_RATIOS = {"A": "0.02", "B": "0.05", "C": "0.2", "D": "0.5"}

#: officers per visit: at least two (SPEC §2.2; 行政处罚法 第四十二条), at most this many
MIN_PER_VISIT = 2
MAX_PER_VISIT = 10

#: the configurable (unverified) legal-time rule for publishing the results (LEGAL.md §6 ❌)
RESULT_PUBLICATION_RULE = "inspection.result_publication"
