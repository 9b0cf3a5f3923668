"""The chart of accounts of the 工会会计制度 (财会〔2021〕7号, 附录1 第二部分) as data.

Every union's books are seeded from CHART (services.chart_ensure, idempotent): the 24 accounts of a 基层工会,
the prescribed sub-accounts (domain.md §5.2), and the 县级以上 accounts (`county=True`), which a 基层工会 may
use for unusual business. A union adds its own sub-accounts under any of them (services.account_add).
"""

from __future__ import annotations

from dataclasses import dataclass

ASSET, LIABILITY, NET, INCOME, EXPENSE = "asset", "liability", "net", "income", "expense"
DEBIT, CREDIT = "D", "C"

CATEGORY_LABELS = {ASSET: "资产类", LIABILITY: "负债类", NET: "净资产类", INCOME: "收入类", EXPENSE: "支出类"}
SIDE_LABELS = {DEBIT: "借", CREDIT: "贷"}


@dataclass(frozen=True)
class ChartAccount:
    code: str
    name: str
    category: str
    side: str  # the normal balance: D or C
    county: bool = False  # a 县级以上 account (a 基层工会 may use it for unusual business)


def _main(rows: str, category: str, side: str, county: bool = False) -> list[ChartAccount]:
    out = []
    for item in rows.split():
        code, name = item.split(":")
        out.append(ChartAccount(code, name, category, side, county))
    return out


# The 24 accounts of a 基层工会.
BASIC = [
    *_main("101:库存现金 102:银行存款 131:应收上级经费 135:其他应收款 141:库存物品 162:固定资产", ASSET, DEBIT),
    *_main("163:累计折旧", ASSET, CREDIT),
    *_main("182:待处理财产损溢", ASSET, DEBIT),
    *_main("211:应付上级经费 215:其他应付款", LIABILITY, CREDIT),
    *_main("301:资产基金 321:工会资金结转 322:工会资金结余", NET, CREDIT),
    *_main("401:会费收入 402:拨缴经费收入 403:上级补助收入 405:行政补助收入 408:其他收入", INCOME, CREDIT),
    *_main("501:职工活动支出 503:职工服务支出 504:维权支出 505:业务支出 507:资本性支出 510:其他支出", EXPENSE, DEBIT),
]

# The 县级以上 accounts a 基层工会 does not normally use.
COUNTY = [
    *_main("111:零余额账户用款额度 121:财政应返还额度 132:应收下级经费 151:投资 161:在建工程 171:无形资产",
           ASSET, DEBIT, True),
    *_main("172:累计摊销", ASSET, CREDIT, True),
    *_main("181:长期待摊费用", ASSET, DEBIT, True),
    *_main("201:应付职工薪酬 212:应付下级经费 221:代管经费", LIABILITY, CREDIT, True),
    *_main("311:专用基金 331:财政拨款结转 332:财政拨款结余 341:预算稳定调节基金", NET, CREDIT, True),
    *_main("404:政府补助收入 406:附属单位上缴收入 407:投资收益 411:动用预算稳定调节基金", INCOME, CREDIT, True),
    *_main("502:职工活动组织支出 506:行政支出 508:补助下级支出 509:对附属单位的支出 521:安排预算稳定调节基金",
           EXPENSE, DEBIT, True),
]

# Prescribed sub-accounts: parent code -> "code:name ..." (domain.md §5.2).
SUBACCOUNTS = {
    "301": "30101:库存物品 30102:投资 30103:在建工程 30104:固定资产 30105:无形资产 30106:长期待摊费用",
    "321": "32101:年初余额调整 32102:单位内部调剂 32103:本年收支结转 32104:累计结转",
    "322": "32201:年初余额调整 32202:单位内部调剂 32203:本年收支结转 32204:结转转入 32205:累计结余",
    "403": "40301:一般性转移支付补助 40302:专项转移支付补助",
    "501": "50101:职工教育 50102:文体活动 50103:宣传活动 50104:劳模职工疗休养 50105:会员活动 50106:其他活动",
    "503": "50301:劳动和技能竞赛 50302:建家活动 50303:职工创新活动 50304:职工书屋 50305:其他服务",
    "504": "50401:劳动关系协调 50402:劳动保护 50403:法律援助 50404:困难职工帮扶 50405:送温暖 50406:其他维权",
    "505": "50501:培训 50502:会议 50503:专项业务 50504:其他",
    "507": "50701:房屋建筑物购建 50702:办公设备购置 50703:专用设备购置 50704:交通工具购置 50705:大型修缮 "
           "50706:信息网络购建 50707:其他",
}

MAIN = {a.code: a for a in BASIC + COUNTY}


def subaccounts() -> list[tuple[str, ChartAccount]]:
    """(parent code, sub-account) of every prescribed sub-account; a sub-account inherits its parent's kind."""
    out = []
    for parent_code, rows in SUBACCOUNTS.items():
        parent = MAIN[parent_code]
        for item in rows.split():
            code, name = item.split(":")
            out.append((parent_code, ChartAccount(code, name, parent.category, parent.side, parent.county)))
    return out


# Year-end close targets (本年收支结转) and the accumulated sub-accounts they are carried into.
CARRY_EARMARKED = "32103"  # 工会资金结转—本年收支结转 (专项)
CARRY_FREE = "32203"  # 工会资金结余—本年收支结转 (非专项)
ACCUM_EARMARKED = "32104"  # 工会资金结转—累计结转
ACCUM_FREE = "32205"  # 工会资金结余—累计结余
