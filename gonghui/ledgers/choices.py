"""Coded values of the ledger columns. Stored as the code, shown (and imported) as the Chinese label."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.people.models import HonourLevel

# 级别 of honours and articles: the same list as a 劳模's level.
Level = HonourLevel


class MeetingType(models.TextChoices):
    COMMITTEE = "committee", _("工会委员会会议")
    CONGRESS = "congress", _("会员(代表)大会")
    WORKERS_CONGRESS = "workers_congress", _("职工代表大会")
    AUDIT = "audit", _("经费审查委员会会议")
    WOMEN = "women", _("女职工委员会会议")
    GROUP = "group", _("工会小组会")
    DIALOGUE = "dialogue", _("民主恳谈会")
    OTHER = "other", _("其他")


class StudyType(models.TextChoices):
    POLITICAL = "political", _("政治理论学习")
    LAW = "law", _("法律法规学习")
    SKILL = "skill", _("技能培训")
    SAFETY = "safety", _("安全培训")
    SAFETY_MONITOR = "safety_monitor", _("劳动保护监督员培训")
    EMPLOYMENT = "employment", _("就业再就业培训")
    OTHER = "other", _("其他")


class CultureMode(models.TextChoices):
    OWN = "own", _("本单位组织")
    UPPER = "upper", _("参加上级活动")


class CompetitionType(models.TextChoices):
    ANKANG = "ankang", _("安康杯")
    SKILL = "skill", _("技能比武")
    DRILL = "drill", _("岗位练兵")
    ENERGY = "energy", _("节能降耗")
    OTHER = "other", _("其他")


class SuggestionCategory(models.TextChoices):
    GOLDEN_IDEA = "golden_idea", _("金点子")
    RATIONALISATION = "rationalisation", _("合理化建议")
    INNOVATION = "innovation", _("技术革新")


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提出")  # by a member on their phone, not yet collected by the union
    COLLECTED = "collected", _("已征集")
    REVIEWING = "reviewing", _("评审中")
    ADOPTED = "adopted", _("已采纳")
    IN_PROGRESS = "in_progress", _("实施中")
    IMPLEMENTED = "implemented", _("已实施")
    TO_DECISION = "to_decision", _("提交决策")
    REJECTED = "rejected", _("未采纳")


class HardshipCategory(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")


class AidType(models.TextChoices):
    VISIT = "visit", _("走访慰问")
    WARMTH = "warmth", _("送温暖")
    SCHOOLING = "schooling", _("金秋助学")
    MEDICAL = "medical", _("医疗救助")
    EMERGENCY = "emergency", _("临时救助")
    # The 慰问 base unions pay most: member welfare (会员活动 in the accounts), 住院/大病 either
    WEDDING = "wedding", _("结婚慰问")
    CHILDBIRTH = "childbirth", _("生育慰问")
    HOSPITAL = "hospital", _("住院慰问")
    ILLNESS = "illness", _("大病慰问")
    FUNERAL = "funeral", _("丧事慰问")
    BIRTHDAY = "birthday", _("生日慰问")
    RETIREMENT = "retirement", _("退休慰问")
    FESTIVAL = "festival", _("节日慰问")
    OTHER = "other", _("其他")


class AidNature(models.TextChoices):
    """Whether a 帮扶慰问 entry is hardship aid (困难帮扶) or member welfare (会员福利): the aid indicators count
    the first, the welfare indicators the second."""

    HARDSHIP = "hardship", _("困难帮扶")
    WELFARE = "welfare", _("会员福利")


# Always member welfare; always hardship aid; either, as the entry's 性质 says (住院/大病 must say; 其他
# without a 性质 is hardship aid, as every entry was before welfare was told apart).
AID_WELFARE_TYPES = frozenset({AidType.WEDDING, AidType.CHILDBIRTH, AidType.FUNERAL, AidType.BIRTHDAY,
                               AidType.RETIREMENT, AidType.FESTIVAL})
AID_HARDSHIP_TYPES = frozenset({AidType.VISIT, AidType.WARMTH, AidType.SCHOOLING, AidType.MEDICAL,
                                AidType.EMERGENCY})
AID_NATURE_REQUIRED = frozenset({AidType.HOSPITAL, AidType.ILLNESS})

# Other names offices give the coded values in their own files (imports only).
CHOICE_ALIASES: dict[type, dict[str, str]] = {
    AidType: {
        "婚庆": AidType.WEDDING, "新婚": AidType.WEDDING, "结婚": AidType.WEDDING,
        "生子": AidType.CHILDBIRTH, "生育": AidType.CHILDBIRTH, "添丁": AidType.CHILDBIRTH,
        "产假": AidType.CHILDBIRTH, "生病住院": AidType.HOSPITAL, "住院": AidType.HOSPITAL,
        "生病": AidType.HOSPITAL, "病困": AidType.HOSPITAL, "重病": AidType.ILLNESS, "大病": AidType.ILLNESS,
        "重大疾病": AidType.ILLNESS, "丧葬": AidType.FUNERAL, "丧事": AidType.FUNERAL, "吊唁": AidType.FUNERAL,
        "丧葬慰问": AidType.FUNERAL, "去世": AidType.FUNERAL, "直系亲属去世": AidType.FUNERAL,
        "生日": AidType.BIRTHDAY, "生日蛋糕": AidType.BIRTHDAY, "退休": AidType.RETIREMENT,
        "退休欢送": AidType.RETIREMENT, "节日": AidType.FESTIVAL, "春节慰问": AidType.FESTIVAL,
        "中秋慰问": AidType.FESTIVAL, "端午慰问": AidType.FESTIVAL, "节日福利": AidType.FESTIVAL,
        "走访": AidType.VISIT, "困难帮扶": AidType.VISIT, "困难职工慰问": AidType.VISIT,
        "金秋助学金": AidType.SCHOOLING, "助学": AidType.SCHOOLING, "大病救助": AidType.MEDICAL,
        "医疗互助": AidType.MEDICAL, "临时困难救助": AidType.EMERGENCY, "救助": AidType.EMERGENCY,
    },
    AidNature: {"帮扶": AidNature.HARDSHIP, "困难": AidNature.HARDSHIP, "救助": AidNature.HARDSHIP,
                "福利": AidNature.WELFARE, "会员慰问": AidNature.WELFARE, "慰问": AidNature.WELFARE},
}


class DisputeType(models.TextChoices):
    PAY = "pay", _("劳动报酬")
    INSURANCE = "insurance", _("社会保险")
    TERMINATION = "termination", _("解除终止合同")
    INJURY = "injury", _("工伤")
    LEAVE = "leave", _("休息休假")
    OTHER = "other", _("其他")


class MediationStatus(models.TextChoices):
    RECEIVED = "received", _("受理")
    MEDIATING = "mediating", _("调解中")
    SUCCEEDED = "succeeded", _("调解成功")
    FAILED = "failed", _("调解未成功")
    ARBITRATION = "arbitration", _("转仲裁")
    WITHDRAWN = "withdrawn", _("撤回")


MEDIATION_CLOSED = frozenset(
    {MediationStatus.SUCCEEDED, MediationStatus.FAILED, MediationStatus.ARBITRATION, MediationStatus.WITHDRAWN}
)


class WomenType(models.TextChoices):
    CONTRACT = "contract", _("专项集体合同")
    INSURANCE = "insurance", _("安康保险")
    CHECKUP = "checkup", _("健康体检")
    MARCH8 = "march8", _("三八节活动")
    OTHER = "other", _("其他")


class MediaType(models.TextChoices):
    NEWSPAPER = "newspaper", _("报纸")
    TV = "tv", _("电视台")
    WEBSITE = "website", _("网站")
    WECHAT = "wechat", _("公众号")
    BULLETIN = "bulletin", _("上级工会简报")
    OTHER = "other", _("其他")


class RuleCategory(models.TextChoices):
    UNION = "union", _("工会工作制度")
    RESPONSIBILITY = "responsibility", _("岗位责任制")
    DEMOCRATIC = "democratic", _("民主管理制度")
    SAFETY = "safety", _("劳动保护监督检查制度")
    STUDY = "study", _("学习制度")
    FUNDS = "funds", _("经费管理制度")
    OTHER = "other", _("其他")


class ContractType(models.TextChoices):
    GENERAL = "general", _("综合集体合同")
    WAGES = "wages", _("工资专项集体合同")
    WOMEN = "women", _("女职工权益保护专项集体合同")
    OTHER = "other", _("其他")


class ProposalStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    FILED = "filed", _("立案")
    CLOSED = "closed", _("办结")
    NOT_FILED = "not_filed", _("不予立案")
