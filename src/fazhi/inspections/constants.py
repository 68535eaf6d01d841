"""Choices of the inspections app. Status values are those of ``fazhi.core.inspection_workflow``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core import inspection_workflow as wf
from fazhi.core.inspection_gates import GateRule as CoreGateRule
from fazhi.core.inspection_supervision import FindingRule as CoreFindingRule
from fazhi.core.inspection_supervision import Outcome as CoreOutcome


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公布")
    WITHDRAWN = "withdrawn", _("已停用")


class PlanKind(models.TextChoices):
    ANNUAL = "annual", _("年度计划")
    QUARTERLY = "quarterly", _("季度计划")
    SPECIAL = "special", _("专项检查计划")


class PlanStatus(models.TextChoices):
    DRAFT = wf.PlanStatus.DRAFT, _("草稿")
    SUBMITTED = wf.PlanStatus.SUBMITTED, _("已提交")
    APPROVED = wf.PlanStatus.APPROVED, _("已批准（已公开）")
    RETURNED = wf.PlanStatus.RETURNED, _("已退回")
    WITHDRAWN = wf.PlanStatus.WITHDRAWN, _("已撤回")


class TaskSource(models.TextChoices):
    """Where a task comes from: a department's plan, an enterprise's invitation, a random draw, a complaint."""

    PLAN = "plan", _("检查计划")
    INVITATION = "invitation", _("企业邀约")
    RANDOM_DRAW = "random_draw", _("双随机抽查")
    COMPLAINT = "complaint", _("投诉举报核查")


class RunStatus(models.TextChoices):
    PROPOSED = wf.RunStatus.PROPOSED, _("待审定")
    ISSUED = wf.RunStatus.ISSUED, _("已下达")
    DISCARDED = wf.RunStatus.DISCARDED, _("已废弃")


class VisitKind(models.TextChoices):
    ENFORCEMENT = "enforcement", _("行政检查")
    NON_ENFORCEMENT = "non_enforcement", _("非执法类入企")


class VisitPurpose(models.TextChoices):
    """Purposes of a non-enforcement visit (非执法类入企)."""

    RESEARCH = "research", _("调研")
    OUTREACH = "outreach", _("普法宣传")
    SERVICE = "service", _("惠企服务")
    GUIDANCE = "guidance", _("行政指导")


class VisitStatus(models.TextChoices):
    PROPOSED = wf.VisitStatus.PROPOSED, _("待审定")
    SCHEDULED = wf.VisitStatus.SCHEDULED, _("已排期")
    OPENED = wf.VisitStatus.OPENED, _("已亮码")
    IN_PROGRESS = wf.VisitStatus.IN_PROGRESS, _("检查中")
    COMPLETED = wf.VisitStatus.COMPLETED, _("已完成")
    CANCELLED = wf.VisitStatus.CANCELLED, _("已取消")


VISIT_STATUS_COLOURS = {
    "proposed": "#8a8f9c",
    "scheduled": "#1f4e8c",
    "opened": "#1e7b3a",
    "in_progress": "#b36b00",
    "completed": "#4a4f5c",
    "cancelled": "#b3261e",
}


class Outcome(models.TextChoices):
    NO_PROBLEM = CoreOutcome.NO_PROBLEM, _("未发现问题")
    RECTIFICATION = CoreOutcome.RECTIFICATION, _("责令整改")
    CASE_FILED = CoreOutcome.CASE_FILED, _("立案查处")


class CheckResult(models.TextChoices):
    OK = "ok", _("符合")
    PROBLEM = "problem", _("存在问题")
    NOT_APPLICABLE = "na", _("不适用")


class InvitationStatus(models.TextChoices):
    SUBMITTED = wf.InvitationStatus.SUBMITTED, _("已提交，待受理")
    ACCEPTED = wf.InvitationStatus.ACCEPTED, _("已受理，已预约")
    DECLINED = wf.InvitationStatus.DECLINED, _("不予受理")
    COMPLETED = wf.InvitationStatus.COMPLETED, _("已完成")
    CANCELLED = wf.InvitationStatus.CANCELLED, _("已取消")


class GateRule(models.TextChoices):
    ITEM_PUBLISHED = CoreGateRule.ITEM_PUBLISHED, _("检查事项已公布")
    PLAN_APPROVED = CoreGateRule.PLAN_APPROVED, _("检查已经批准")
    OFFICERS_ASSIGNED = CoreGateRule.OFFICERS_ASSIGNED, _("检查人员已指派")
    OFFICER_CERTIFICATE = CoreGateRule.OFFICER_CERTIFICATE, _("执法人员持有效执法证")
    ORGANIZATION_AUTHORITY = CoreGateRule.ORGANIZATION_AUTHORITY, _("检查主体具有执法主体资格")
    YEARLY_CAP = CoreGateRule.YEARLY_CAP, _("未超过年度检查频次上限")
    NO_DISTURBANCE_CAUSE = CoreGateRule.NO_DISTURBANCE_CAUSE, _("“无事不扰”企业有检查事由")


class FindingRule(models.TextChoices):
    NO_AUTHORITY = CoreFindingRule.NO_AUTHORITY, _("检查主体不具有执法主体资格")
    NO_CERTIFICATE = CoreFindingRule.NO_CERTIFICATE, _("检查人员无有效执法证")
    NO_BASIS = CoreFindingRule.NO_BASIS, _("无公布的检查事项或法律依据")
    CAP_EXCEEDED = CoreFindingRule.CAP_EXCEEDED, _("超过年度检查频次上限")
    MULTI_DEPARTMENT = CoreFindingRule.MULTI_DEPARTMENT, _("多头检查")
    REPEATED = CoreFindingRule.REPEATED, _("重复检查")
    NO_DISTURBANCE = CoreFindingRule.NO_DISTURBANCE, _("“无事不扰”企业无事由检查")
    NO_CODE = CoreFindingRule.NO_CODE, _("未亮码检查")
    NO_RECORD = CoreFindingRule.NO_RECORD, _("检查无记录")
    RECORD_INCOMPLETE = CoreFindingRule.RECORD_INCOMPLETE, _("检查记录不完整")
    DISGUISED = CoreFindingRule.DISGUISED, _("以非执法名义变相检查")


class FindingStatus(models.TextChoices):
    OPEN = wf.FindingStatus.OPEN, _("待核实")
    CONFIRMED = wf.FindingStatus.CONFIRMED, _("已确认")
    DISMISSED = wf.FindingStatus.DISMISSED, _("已排除")
    OPINION_ISSUED = wf.FindingStatus.OPINION_ISSUED, _("已制发监督意见")
    RECTIFIED = wf.FindingStatus.RECTIFIED, _("已整改")


#: ratings are shown to a department only as aggregates over at least this many
RATING_MIN_AGGREGATE = 5
#: days after the visit's last day during which the enterprise may rate it from the code page
RATING_DAYS = 30


# a coordination run happens inside the request: the longest its extra search may make the office wait, kept
# under the 60 s a reverse proxy commonly waits for an answer (nginx's proxy_read_timeout)
MAX_EVOLVE_SECONDS = 45
