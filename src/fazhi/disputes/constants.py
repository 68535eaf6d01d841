"""Choices of the disputes app. Values are those of ``fazhi.core.reconsideration`` and
``fazhi.core.litigation`` (a test keeps them equal); labels are the statute's wording."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseRole(models.TextChoices):
    BODY = "body", _("受理（本机关为复议机关）")
    RESPONDENT = "respondent", _("应议（本部门为被申请人）")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("当面提交")
    POST = "post", _("邮寄")
    ONLINE = "online", _("互联网渠道")
    VIA_PENALTY_ORGANIZATION = "via_penalty_organization", _("经作出处罚决定的机关转送（第三十二条）")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("公民")
    LEGAL_PERSON = "legal_person", _("法人")
    OTHER = "other", _("其他组织")


class ActKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    ENFORCEMENT_MEASURE = "enforcement_measure", _("行政强制")
    PERMIT = "permit", _("行政许可")
    INFORMATION_DISCLOSURE = "information_disclosure", _("政府信息公开")
    INACTION = "inaction", _("不履行法定职责")
    AGREEMENT = "agreement", _("行政协议")
    OTHER = "other", _("其他行政行为")


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("警告")
    CIRCULATED_CRITICISM = "circulated_criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATE_GAINS = "confiscate_gains", _("没收违法所得")
    CONFISCATE_PROPERTY = "confiscate_property", _("没收非法财物")
    SUSPEND_PERMIT = "suspend_permit", _("暂扣许可证件")
    DOWNGRADE = "downgrade", _("降低资质等级")
    REVOKE_PERMIT = "revoke_permit", _("吊销许可证件")
    RESTRICT_BUSINESS = "restrict_business", _("限制开展生产经营活动")
    SUSPEND_BUSINESS = "suspend_business", _("责令停产停业")
    CLOSE = "close", _("责令关闭")
    RESTRICT_PRACTICE = "restrict_practice", _("限制从业")
    DETENTION = "detention", _("行政拘留")


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("普通程序")
    SIMPLIFIED = "simplified", _("简易程序")


class ReconsiderationStatus(models.TextChoices):
    RECEIVED = "received", _("待受理审查")
    CORRECTION_REQUESTED = "correction_requested", _("补正中")
    ACCEPTED = "accepted", _("审理中")
    SUSPENDED = "suspended", _("中止")
    DECIDED = "decided", _("已决定")
    MEDIATED = "mediated", _("调解结案")
    TERMINATED = "terminated", _("终止")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    ABANDONED = "abandoned", _("视为放弃")


#: badge colours of the status (NetBox ChoiceSet colours)
RECONSIDERATION_STATUS_COLOURS = {
    "received": "blue",
    "correction_requested": "orange",
    "accepted": "blue",
    "suspended": "orange",
    "decided": "green",
    "mediated": "green",
    "terminated": "grey",
    "not_accepted": "grey",
    "abandoned": "grey",
}


class ReconsiderationAction(models.TextChoices):
    REQUEST_CORRECTION = "request_correction", _("通知补正")
    EXTEND_CORRECTION = "extend_correction", _("延长补正期限")
    RECEIVE_CORRECTION = "receive_correction", _("收到补正材料")
    CORRECTION_LAPSE = "correction_lapse", _("逾期未补正（视为放弃）")
    NOT_ACCEPT = "not_accept", _("决定不予受理")
    ACCEPT = "accept", _("受理")
    DEEM_ACCEPTED = "deem_accepted", _("视为受理")
    SEND_COPY = "send_copy", _("发送申请书副本")
    RECORD_REPLY = "record_reply", _("被申请人答复")
    HEAR_VIEWS = "hear_views", _("听取意见")
    HOLD_HEARING = "hold_hearing", _("听证")
    CONVERT_TO_ORDINARY = "convert_to_ordinary", _("简易程序转普通程序")
    INCIDENTAL_REVIEW = "incidental_review", _("附带审查")
    SUSPEND = "suspend", _("中止")
    RESUME = "resume", _("恢复审理")
    EXTEND = "extend", _("延长审理期限")
    TERMINATE = "terminate", _("终止")
    MEDIATE = "mediate", _("调解结案")
    DECIDE = "decide", _("作出决定")
    PUBLISH = "publish", _("公开决定书")


class DecisionType(models.TextChoices):
    VARY = "vary", _("变更（第六十三条）")
    REVOKE = "revoke", _("撤销（第六十四条）")
    PARTIALLY_REVOKE = "partially_revoke", _("部分撤销（第六十四条）")
    CONFIRM_ILLEGAL = "confirm_illegal", _("确认违法（第六十五条）")
    ORDER_PERFORMANCE = "order_performance", _("责令履行（第六十六条）")
    CONFIRM_VOID = "confirm_void", _("确认无效（第六十七条）")
    UPHOLD = "uphold", _("维持（第六十八条）")
    DISMISS_CLAIM = "dismiss_claim", _("驳回复议请求（第六十九条）")
    DISMISS_APPLICATION = "dismiss_application", _("驳回申请（第三十三条）")


class SuspensionGround(models.TextChoices):
    DEATH = "1", _("（一）申请人死亡，近亲属尚未确定是否参加")
    INCAPACITY = "2", _("（二）申请人丧失行为能力，尚未确定法定代理人")
    MISSING = "3", _("（三）申请人下落不明")
    DISSOLUTION = "4", _("（四）法人或者其他组织终止，尚未确定权利义务承受人")
    FORCE_MAJEURE = "5", _("（五）因不可抗力或者其他正当理由不能参加")
    MEDIATION = "6", _("（六）调解、和解，双方同意中止")
    INTERPRETATION = "7", _("（七）法律适用问题需要有权机关解释或者确认")
    OTHER_CASE = "8", _("（八）需要以其他案件的审理结果为依据")
    NORM_REVIEW = "9", _("（九）规范性文件或者依据附带审查")
    OTHER = "10", _("（十）其他需要中止的情形")


class TerminationGround(models.TextChoices):
    WITHDRAWN = "1", _("（一）申请人撤回申请，准予撤回")
    DEATH = "2", _("（二）申请人死亡，无近亲属或者近亲属放弃")
    DISSOLUTION = "3", _("（三）法人或者其他组织终止，无承受人或者承受人放弃")
    CRIMINAL_MEASURE = "4", _("（四）因同一违法行为涉嫌犯罪被采取刑事强制措施")
    SUSPENSION_LAPSED = "5", _("（五）中止满六十日，中止原因仍未消除")


class HearingMode(models.TextChoices):
    IN_PERSON = "in_person", _("当面")
    ONLINE = "online", _("互联网")
    PHONE = "phone", _("电话")
    WRITTEN = "written", _("书面审理")


class Instance(models.TextChoices):
    FIRST = "first", _("一审")
    SECOND = "second", _("二审")
    RETRIAL = "retrial", _("再审")


class LitigationStatus(models.TextChoices):
    PENDING = "pending", _("待答辩")
    ANSWERED = "answered", _("已答辩")
    CONCLUDED = "concluded", _("已审结")


class LitigationAction(models.TextChoices):
    ANSWER = "answer", _("提交答辩状和证据")
    RECORD_HEARING = "record_hearing", _("记录开庭及出庭应诉")
    CONCLUDE = "conclude", _("记录判决、裁定")
    RECORD_APPEAL = "record_appeal", _("记录上诉")


class Outcome(models.TextChoices):
    DISMISS_CLAIM = "dismiss_claim", _("判决驳回诉讼请求")
    REVOKE = "revoke", _("判决撤销（含部分撤销）")
    ORDER_PERFORMANCE = "order_performance", _("判决履行法定职责")
    ORDER_PAYMENT = "order_payment", _("判决给付")
    CONFIRM_ILLEGAL = "confirm_illegal", _("判决确认违法")
    CONFIRM_VOID = "confirm_void", _("判决确认无效")
    VARY = "vary", _("判决变更")
    DISMISS_COMPLAINT = "dismiss_complaint", _("裁定驳回起诉")
    WITHDRAWN = "withdrawn", _("裁定准予撤诉")
    WITHDRAWN_AFTER_CHANGE = "withdrawn_after_change", _("被告改变行政行为后原告撤诉")
    MEDIATED = "mediated", _("调解结案")
    REMANDED = "remanded", _("发回重审")
    OTHER_RULING = "other_ruling", _("其他裁定")


class HeadPost(models.TextChoices):
    PRINCIPAL = "principal", _("正职负责人")
    DEPUTY = "deputy", _("副职负责人")
    IN_CHARGE = "in_charge", _("其他参与分管的负责人")


class OpinionKind(models.TextChoices):
    SUPERVISION_OPINION = "supervision_opinion", _("监督意见书")
    SUPERVISION_SUGGESTION = "supervision_suggestion", _("监督建议书")
    RECONSIDERATION_OPINION = "reconsideration_opinion", _("行政复议意见书（第七十六条）")


class OpinionSource(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("行政复议案件")
    LITIGATION = "litigation", _("行政应诉案件")
    INSPECTION_FINDING = "inspection_finding", _("行政检查监督发现")
    OTHER = "other", _("其他")


class OpinionStatus(models.TextChoices):
    ISSUED = "issued", _("已制发，待整改")
    REPLIED = "replied", _("已回复，待审核")
    CLOSED = "closed", _("已整改销号")
    WITHDRAWN = "withdrawn", _("已撤回")


class OpinionAction(models.TextChoices):
    ISSUE = "issue", _("制发")
    RECEIVE = "receive", _("签收")
    REPLY = "reply", _("回复整改情况")
    RETURN = "return", _("退回重新整改")
    CLOSE = "close", _("审核销号")
    WITHDRAW = "withdraw", _("撤回")
