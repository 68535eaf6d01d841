from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    """执法证状态. "expired" is also derived from valid_until; the stored value records a decision."""

    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    REVOKED = "revoked", _("吊销/注销")
    EXPIRED = "expired", _("过期")


class ItemKind(models.TextChoices):
    """执法事项类别 (权责清单)."""

    PENALTY = "penalty", _("行政处罚")
    INSPECTION = "inspection", _("行政检查")
    COERCION = "coercion", _("行政强制")
    LICENSE = "license", _("行政许可")
    OTHER = "other", _("其他")


#: the national three-year action plan asks at least 60 class hours a year
TRAINING_HOURS_REQUIRED = 60


# ---- penalty cases (行政处罚案件) ---------------------------------------------------------
# The values mirror fazhi.core.penalty (CaseStatus, Action, PartyKind, PenaltyKind); a test
# keeps them equal. Labels are the statutory wording.


class CaseStatus(models.TextChoices):
    """案件状态 (fazhi.core.penalty.CaseStatus)."""

    LEAD = "lead", _("线索")
    NOT_FILED = "not_filed", _("不予立案")
    FILED = "filed", _("已立案")
    INVESTIGATING = "investigating", _("调查取证")
    NOTIFIED = "notified", _("已告知")
    HEARING = "hearing", _("听证")
    LEGAL_REVIEW = "legal_review", _("法制审核")
    COLLECTIVE_DISCUSSION = "collective_discussion", _("集体讨论")
    DECIDED = "decided", _("已决定")
    SERVED = "served", _("已送达")
    EXECUTED = "executed", _("执行完毕")
    CLOSED = "closed", _("已结案")
    TRANSFERRED = "transferred", _("已移送")
    VOIDED = "voided", _("已作废")


#: badge colours of the statuses (NetBox ChoiceSet colours)
CASE_STATUS_COLORS = {
    "lead": "#6b7280",
    "not_filed": "#9ca3af",
    "filed": "#2563eb",
    "investigating": "#2563eb",
    "notified": "#7c3aed",
    "hearing": "#7c3aed",
    "legal_review": "#b45309",
    "collective_discussion": "#b45309",
    "decided": "#0f766e",
    "served": "#0f766e",
    "executed": "#15803d",
    "closed": "#166534",
    "transferred": "#4b5563",
    "voided": "#b91c1c",
}


class CaseAction(models.TextChoices):
    """案件办理环节 (fazhi.core.penalty.Action)."""

    FILE = "file", _("立案")
    DECLINE = "decline", _("不予立案")
    DECIDE_SUMMARY = "decide_summary", _("当场处罚（简易程序）")
    INVESTIGATE = "investigate", _("开始调查取证")
    NOTIFY = "notify", _("告知拟处罚")
    REQUEST_HEARING = "request_hearing", _("当事人要求听证")
    SUBMIT_LEGAL_REVIEW = "submit_legal_review", _("提交法制审核")
    DISCUSS = "discuss", _("提交集体讨论")
    REINVESTIGATE = "reinvestigate", _("退回补充调查")
    DECIDE = "decide", _("作出决定")
    SERVE = "serve", _("送达决定书")
    EXECUTE = "execute", _("执行完毕")
    CLOSE = "close", _("结案")
    TRANSFER = "transfer", _("移送")
    VOID = "void", _("作废")


#: the audit event of each transition (STYLE R8: strings, past tense)
CASE_EVENTS = {
    "file": "case.filed",
    "decline": "case.declined",
    "decide_summary": "case.decided_summary",
    "investigate": "case.investigation_started",
    "notify": "case.notified",
    "request_hearing": "case.hearing_requested",
    "submit_legal_review": "case.legal_review_submitted",
    "discuss": "case.discussion_submitted",
    "reinvestigate": "case.reinvestigation",
    "decide": "case.decided",
    "serve": "case.served",
    "execute": "case.executed",
    "close": "case.closed",
    "transfer": "case.transferred",
    "void": "case.voided",
}


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("普通程序")
    SUMMARY = "summary", _("简易程序（当场处罚）")


class CaseSource(models.TextChoices):
    """案件来源."""

    INSPECTION = "inspection", _("检查发现")
    PATROL = "patrol", _("日常巡查")
    COMPLAINT = "complaint", _("投诉举报")
    REFERRAL = "referral", _("其他机关移送")
    SUPERVISION = "supervision", _("上级交办")
    OTHER = "other", _("其他")


class PartyKind(models.TextChoices):
    """当事人类型 (fazhi.core.penalty.PartyKind)."""

    NATURAL_PERSON = "natural_person", _("公民")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    LEGAL_PERSON = "legal_person", _("法人")
    OTHER_ORGANIZATION = "other_organization", _("其他组织")


class PenaltyKind(models.TextChoices):
    """行政处罚的种类 (行政处罚法 第九条; fazhi.core.penalty.PenaltyKind)."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATE_GAINS = "confiscate_gains", _("没收违法所得")
    CONFISCATE_PROPERTY = "confiscate_property", _("没收非法财物")
    SUSPEND_LICENSE = "suspend_license", _("暂扣许可证件")
    LOWER_QUALIFICATION = "lower_qualification", _("降低资质等级")
    REVOKE_LICENSE = "revoke_license", _("吊销许可证件")
    RESTRICT_BUSINESS = "restrict_business", _("限制开展生产经营活动")
    SUSPEND_BUSINESS = "suspend_business", _("责令停产停业")
    ORDER_CLOSURE = "order_closure", _("责令关闭")
    RESTRICT_PRACTICE = "restrict_practice", _("限制从业")


class DecisionKind(models.TextChoices):
    """处理决定 (行政处罚法 第五十七条第一款)."""

    PENALTY = "penalty", _("给予行政处罚")
    NO_PENALTY_MINOR = "no_penalty_minor", _("违法行为轻微，不予行政处罚")
    NO_PENALTY_UNPROVEN = "no_penalty_unproven", _("违法事实不能成立，不予行政处罚")


class StepKind(models.TextChoices):
    """全过程记录中的办案环节."""

    INQUIRY = "inquiry", _("询问（询问笔录）")
    INSPECTION = "inspection", _("现场检查（勘验）")
    SAMPLING = "sampling", _("抽样取证")
    PRESERVATION = "preservation", _("先行登记保存")
    STATEMENT = "statement", _("陈述、申辩")
    STATEMENT_WAIVER = "statement_waiver", _("书面放弃陈述、申辩和听证")
    HEARING_HELD = "hearing_held", _("举行听证")
    LEGAL_REVIEW = "legal_review", _("法制审核意见")
    COLLECTIVE_DISCUSSION = "collective_discussion", _("集体讨论")
    OTHER = "other", _("其他")


#: steps that are investigation (行政处罚法 第五十四条、第五十五条): two certified officers each
INVESTIGATIVE_STEPS = frozenset({"inquiry", "inspection", "sampling", "preservation"})


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", _("审核通过")
    FAILED = "failed", _("审核未通过")


class DocumentKind(models.TextChoices):
    """执法文书 rendered from templates (templates/enforcement/documents/<kind>.html)."""

    FILING_APPROVAL = "filing_approval", _("立案审批表")
    DECLINE_APPROVAL = "decline_approval", _("不予立案审批表")
    NOTICE_OF_INTENT = "notice_of_intent", _("行政处罚事先告知书")
    HEARING_NOTICE = "hearing_notice", _("听证通知书")
    LEGAL_REVIEW_OPINION = "legal_review_opinion", _("法制审核意见书")
    DISCUSSION_RECORD = "discussion_record", _("集体讨论记录")
    DECISION = "decision", _("行政处罚决定书")
    NO_PENALTY_DECISION = "no_penalty_decision", _("不予行政处罚决定书")
    SUMMARY_DECISION = "summary_decision", _("当场行政处罚决定书")
    SERVICE_RECEIPT = "service_receipt", _("送达回证")
    TRANSFER_LETTER = "transfer_letter", _("案件移送书")
    CLOSING_REPORT = "closing_report", _("结案报告")


class ServiceMethod(models.TextChoices):
    """送达方式 (行政处罚法 第六十一条; 民事诉讼法 送达)."""

    ON_THE_SPOT = "on_the_spot", _("宣告后当场交付")
    DIRECT = "direct", _("直接送达")
    LEFT = "left", _("留置送达")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达（当事人签订确认书）")
    PUBLIC_NOTICE = "public_notice", _("公告送达")


class ExecutionMethod(models.TextChoices):
    PAID = "paid", _("当事人缴清罚款")
    PERFORMED = "performed", _("当事人自觉履行")
    COURT = "court", _("申请人民法院强制执行并执行完毕")
    OFFSET = "offset", _("拍卖、划拨抵缴（第七十二条第一款第二项）")


class TransferKind(models.TextChoices):
    """移送."""

    JUDICIAL = "judicial", _("移送司法机关（涉嫌犯罪，第二十七条）")
    AGENCY = "agency", _("移送有管辖权的行政机关")
    DISCIPLINE = "discipline", _("移送纪检监察机关")


class DeadlineRule(models.TextChoices):
    """Rules of the legal-time engine a case may suspend or extend."""

    DECISION = "penalty.decision", _("作出行政处罚决定（办案期限）")
    PAYMENT = "penalty.payment", _("缴纳罚款")


class WithdrawalSource(models.TextChoices):
    """Why a published decision is withdrawn (撤回公示)."""

    RECONSIDERATION = "reconsideration", _("行政复议决定撤销")
    LITIGATION = "litigation", _("人民法院判决撤销")
    SELF_CORRECTION = "self_correction", _("本机关自行纠错（第七十五条第二款）")
    OTHER = "other", _("其他")
