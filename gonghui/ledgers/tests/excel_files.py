"""Ledger workbooks the tests build themselves, and a sample of rows for every kind (cast people and orgs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gonghui.ledgers.excel.spec import layout_of
from gonghui.people.tests.roster_files import write_xlsx

D = dt.date

# Two rows per kind, by header. People and orgs are the cast's: 王会员 (A001, 第一小组), 周师傅 (A002, 后勤小组).
SAMPLES: dict[str, list[dict[str, Any]]] = {
    "meeting": [
        {"日期": D(2026, 3, 1), "会议类型": "工会委员会会议", "会议名称": "一季度工会委员会会议", "参加人员": "王会员、周师傅",
         "参加人数": 7, "议题": "春节慰问总结", "决议事项": "通过"},
        {"日期": D(2026, 3, 5), "所属组织": "机关分会", "会议类型": "工会小组会", "会议名称": "小组学习会",
         "参加人员": "王会员"},
    ],
    "study": [
        {"日期": D(2026, 4, 2), "类型": "法律法规学习", "主题": "学习《工会法》", "学时": 2.5, "主讲人": "外请律师",
         "参加人员": "王会员，周师傅", "参加人数": 30},
        {"日期": D(2026, 4, 9), "所属组织": "后勤小组", "类型": "安全培训", "主题": "消防安全", "参加人数": 12,
         "安置就业人数": 0},
    ],
    "culture": [
        {"日期": D(2026, 5, 1), "活动名称": "职工运动会", "组织方式": "本单位组织", "参加人员": "周师傅", "参加人数": 120,
         "获奖情况": "拔河第一名"},
        {"日期": D(2026, 5, 20), "活动名称": "市职工歌咏比赛", "组织方式": "参加上级活动", "参加人数": 15},
    ],
    "competition": [
        {"开始日期": D(2026, 3, 1), "结束日期": D(2026, 6, 30), "竞赛名称": "安康杯竞赛", "类型": "安康杯",
         "参赛班组": "一车间甲班", "参加人数": 80, "成果": "零事故", "奖励金额(元)": 1200.5, "获得称号": "优胜班组"},
        {"开始日期": D(2026, 4, 10), "竞赛名称": "焊工技能比武", "类型": "技能比武"},
    ],
    "suggestion": [
        {"提出日期": D(2026, 2, 10), "类别": "金点子", "标题": "改进下料工艺", "提出人": "王会员;周师傅",
         "状态": "已采纳", "经济效益(元)": 30000, "奖励金额(元)": 200},
        {"提出日期": D(2026, 2, 11), "类别": "合理化建议", "标题": "食堂延长开放", "状态": "未采纳",
         "未采纳原因": "成本过高"},
    ],
    "honour": [
        {"授予日期": D(2026, 4, 28), "获奖对象": "王会员", "荣誉名称": "优秀工会积极分子", "级别": "市", "授予单位": "市总工会"},
        {"授予日期": D(2026, 4, 28), "获奖对象": "第一小组", "荣誉名称": "模范职工小家", "级别": "企业"},
    ],
    "hardship": [
        {"困难职工": "周师傅", "困难类别": "深度困难", "致困原因": "因病", "家庭人口": 4, "家庭月人均收入(元)": 800,
         "建档日期": D(2026, 1, 5), "复核日期": D(2026, 6, 1)},
        {"困难职工": "王会员", "所属组织": "第一小组", "困难类别": "意外致困", "建档日期": D(2026, 2, 1),
         "解困日期": D(2026, 5, 1)},
    ],
    "aid": [
        {"日期": D(2026, 1, 20), "类型": "走访慰问", "受助人": "周师傅", "金额(元)": 500, "物品折价(元)": 100.25,
         "资金来源": "工会经费", "慰问人": "张主席"},
        {"日期": D(2026, 1, 25), "类型": "送温暖", "受助人": "王会员", "人次": 2, "金额(元)": 1000},
    ],
    "mediation": [
        {"案号": "2026-001", "受理日期": D(2026, 3, 3), "申请人": "某职工", "争议类型": "劳动报酬", "状态": "调解成功",
         "结案日期": D(2026, 3, 20)},
        {"案号": "2026-002", "受理日期": D(2026, 4, 3), "争议类型": "工伤", "状态": "调解中"},
    ],
    "women": [
        {"日期": D(2026, 3, 8), "类型": "三八节活动", "名称": "三八节茶话会", "参加人员": "王会员", "参加人数": 40,
         "金额(元)": 2000},
        {"日期": D(2026, 5, 15), "类型": "健康体检", "名称": "女职工体检", "参加人数": 35},
    ],
    "publicity": [
        {"日期": D(2026, 3, 12), "标题": "我局工会开展三八节活动", "作者": "宣传委员", "媒体类型": "公众号",
         "媒体名称": "文化局工会", "级别": "企业"},
        {"日期": D(2026, 4, 1), "标题": "工会法学习见闻", "媒体类型": "报纸", "媒体名称": "工人日报"},
    ],
    "rule": [
        {"制定日期": D(2026, 1, 10), "制度名称": "工会经费管理办法", "类别": "经费管理制度", "修订日期": D(2026, 6, 1)},
        {"制定日期": D(2026, 1, 10), "制度名称": "学习制度", "类别": "学习制度"},
    ],
    "openness": [
        {"日期": D(2026, 2, 1), "公开事项": "年度福利发放方案", "公开形式": "公示栏"},
        {"日期": D(2026, 3, 1), "公开事项": "劳动竞赛奖励名单"},
    ],
    "contract": [
        {"签订日期": D(2026, 1, 15), "合同类型": "综合集体合同", "期限开始": D(2026, 1, 1), "期限结束": D(2028, 12, 31),
         "覆盖职工数": 320},
        {"签订日期": D(2026, 1, 15), "合同类型": "工资专项集体合同", "期限开始": D(2026, 1, 1),
         "期限结束": D(2026, 12, 31), "覆盖职工数": 320},
    ],
    "proposal": [
        {"日期": D(2026, 3, 20), "标题": "关于改善职工通勤的提案", "提案人": "李代表", "状态": "办结",
         "办结日期": D(2026, 5, 10)},
        {"日期": D(2026, 3, 20), "标题": "关于增设母婴室的提案", "状态": "立案"},
    ],
    "task": [
        {"交办日期": D(2026, 2, 5), "任务": "报送职工信息", "交办单位": "区总工会", "期限": D(2026, 2, 28),
         "完成日期": D(2026, 2, 20)},
        {"交办日期": D(2026, 3, 5), "任务": "组织春季送温暖", "期限": D(2026, 3, 31)},
    ],
}


def header_of(kind: str, *, required_marks: bool = False, notes: bool = False) -> list[str]:
    layout = layout_of(kind)
    header = layout.template_header if required_marks else layout.header
    return header if notes else header[:-1]


def rows_of(kind: str, samples: Sequence[dict[str, Any]], header: Sequence[str]) -> list[list[Any]]:
    """The sample dicts as rows under `header` (序号 numbered; * marks ignored when looking up)."""
    out = []
    for n, sample in enumerate(samples, start=1):
        row = []
        for h in header:
            plain = h.rstrip("*")
            row.append(n if plain == "序号" else sample.get(plain))
        out.append(row)
    return out


def write_ledger(path: Path, kind: str, samples: Sequence[dict[str, Any]], *, header: Sequence[str] | None = None,
                 above: Sequence[Sequence[Any]] = (), below: Sequence[Sequence[Any]] = (),
                 required_marks: bool = False) -> Path:
    header = list(header or header_of(kind, required_marks=required_marks))
    return write_xlsx(path, rows_of(kind, samples, header), header=header, above=above, below=below,
                      text_columns=(), sheet=layout_of(kind).kind.label)
