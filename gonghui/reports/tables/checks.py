"""逻辑检查: the checks an upper union runs on a return before accepting it.

No official rule list was found (report-formats.md §1.5); these are the arithmetic ones every statistical
return obeys. Each failure names the rule, where it fails, and the numbers that disagree.
"""

from __future__ import annotations

from gonghui.ledgers.plausibility import unusual_entries
from gonghui.orgs.models import OrgKind

from . import data as d
from .failure import CheckFailure
from .spec import ACTIVITY, BASIC, DEMOCRACY, MEMBERSHIP, MONTHLY, RIGHTS, SUM


def _columns(bd: d.Breakdown, org):
    yield "合计", org.name, bd.total
    for p in bd.parts:
        yield p.label, p.label, p.values


SHORT = {"members": "会员", "workers": "职工", "members_female": "女会员", "members_migrant": "农民工会员",
         "members_dispatched": "劳务派遣会员", "workers_female": "女职工", "workers_dispatched": "劳务派遣职工",
         "suggestions_collected": "征集建议", "suggestions_adopted": "采纳", "suggestions_implemented": "已实施",
         "competitions": "劳动竞赛", "competitions_ankang": "“安康杯”竞赛",
         "suggestions_in_progress": "实施中", "suggestions_to_decision": "提交决策",
         "proposals_received": "职代会提案", "proposals_closed": "提案办结",
         "contract_workers_covered": "集体合同覆盖职工", "contract_workers_covered_general": "综合集体合同覆盖职工",
         "tasks_assigned": "上级交办任务", "tasks_on_time": "按期完成", "tasks_overdue": "逾期",
         "mediation_received": "调解受理", "mediation_succeeded": "调解成功", "mediation_overdue": "超过15日未结案",
         "aid_households": "帮扶户数", "aid_person_times": "帮扶人次"}

# "其中" rows of the 民主管理 and 维权帮扶 tables, checked in every column: (part, whole)
DEMOCRACY_SUBSETS = (("proposals_closed", "proposals_received"),
                     ("contract_workers_covered_general", "contract_workers_covered"),
                     ("tasks_on_time", "tasks_assigned"), ("tasks_overdue", "tasks_assigned"))
RIGHTS_SUBSETS = (("mediation_succeeded", "mediation_received"), ("mediation_overdue", "mediation_received"),
                  ("aid_households", "aid_person_times"))
SHEET_DEFS = (BASIC, MEMBERSHIP, ACTIVITY, MONTHLY, DEMOCRACY, RIGHTS)


def _rule(part: str, whole: str) -> str:
    return f"{SHORT.get(part, part)} ≤ {SHORT.get(whole, whole)}"


def _name(code: str) -> str:
    row = next((r for s in SHEET_DEFS for r in s.rows if r.code == code), None)
    return row.name.removeprefix("其中：") if row else code


def check_data(t: d.TablesData) -> list[CheckFailure]:
    out: list[CheckFailure] = []
    org = t.org
    sheet = BASIC.name

    # 1. subsets and the member/worker relation, for the whole org and each column
    for col, where, v in _columns(t.basic, org):
        at = f"{sheet} · {where}"
        for part, whole in (("members_female", "members"), ("members_migrant", "members"),
                            ("members_dispatched", "members"), ("workers_female", "workers"),
                            ("workers_dispatched", "workers")):
            if part in v and whole in v and v[part] > v[whole]:
                out.append(CheckFailure(_rule(part, whole), at,
                                        {_name(part): v[part], _name(whole): v[whole]}))
        if "members" in v and "workers" in v and v["members"] > v["workers"]:
            out.append(CheckFailure(
                "会员 ≤ 职工", at, {"会员人数": v["members"], "职工人数": v["workers"],
                                   "多出": v["members"] - v["workers"]},
                "在册会员多于在职职工：已退休、离职或调离的会员应办理保留会籍、退会或转出"))
        r = v.get("membership_rate")
        if r is not None and not (0 <= r <= 100):
            out.append(CheckFailure("入会率在0～100%之间", at, {"入会率": r, "会员人数": v.get("members"),
                                                            "职工人数": v.get("workers")}))

    # 1b. the "其中" rows of the 民主管理 and 维权帮扶 tables, for the whole org and each column; 按期完成 and
    # 逾期 together never exceed the tasks assigned (the rest are not yet due); 综合集体合同 covers no more
    # than the workers
    for sheet_def, bd, pairs in ((DEMOCRACY, t.democracy, DEMOCRACY_SUBSETS), (RIGHTS, t.rights, RIGHTS_SUBSETS)):
        for col, where, v in _columns(bd, org):
            at = f"{sheet_def.name} · {where}"
            for part, whole in pairs:
                if v.get(part) is not None and v.get(whole) is not None and v[part] > v[whole]:
                    out.append(CheckFailure(_rule(part, whole), at, {_name(part): v[part], _name(whole): v[whole]}))
            done = (v.get("tasks_on_time") or 0) + (v.get("tasks_overdue") or 0)
            if v.get("tasks_assigned") is not None and done > v["tasks_assigned"]:
                out.append(CheckFailure("按期完成 + 逾期 ≤ 上级交办任务", at, {
                    "按期完成": v.get("tasks_on_time"), "逾期": v.get("tasks_overdue"),
                    "上级交办任务": v["tasks_assigned"]}))
    covered, workers = t.democracy.total.get("contract_workers_covered_general"), t.basic.total.get("workers")
    if covered is not None and workers is not None and covered > workers:
        out.append(CheckFailure(
            "综合集体合同覆盖职工 ≤ 职工人数", f"{DEMOCRACY.name} · 合计",
            {"综合集体合同覆盖职工": covered, "职工人数": workers, "多出": covered - workers},
            "期末有效的综合集体合同覆盖人数之和多于在职职工：可能有合同已到期未填结束日期，或同一批职工签了两份综合合同"))

    # 2. parts and totals: the children's values may not exceed the org's; a federation's equal its unions'
    for sheet_def, bd in ((BASIC, t.basic), (MEMBERSHIP, t.membership), (DEMOCRACY, t.democracy),
                          (RIGHTS, t.rights)):
        if not bd.children:
            continue
        for row in d.rows_for(sheet_def, org):
            code = row.code
            if not code or row.section or code not in bd.total or not d.additive(code):
                continue
            total = bd.total[code]
            children = sum((p.values.get(code) or 0) for p in bd.children)
            label = "各下级工会" if org.kind == OrgKind.FEDERATION else "各分会"
            if org.kind == OrgKind.FEDERATION and children != total:
                out.append(CheckFailure(
                    "总工会合计 = 各下级工会之和", f"{sheet_def.name} · {row.name}",
                    {f"{label}之和": children, "本单位合计": total, "差额": total - children},
                    "差额为直接挂在总工会本级、不属于任何下级工会的数"))
            elif org.kind != OrgKind.FEDERATION and _negative(total - children):
                out.append(CheckFailure(
                    "各分会之和 ≤ 本单位合计", f"{sheet_def.name} · {row.name}",
                    {f"{label}之和": children, "本单位合计": total}))

    # 3. "其中" rows not above their parent, per column of the time tables
    for sheet_def, tt in ((ACTIVITY, t.activity), (MONTHLY, t.monthly)):
        cols = [(s.label, s.values) for s in tt.slices]
        if len(tt.slices) > 1:
            cols.append(("合计", tt.total))
        for label, v in cols:
            for part, whole in (("suggestions_adopted", "suggestions_collected"),
                                ("suggestions_implemented", "suggestions_adopted"),
                                ("suggestions_in_progress", "suggestions_adopted"),
                                ("competitions_ankang", "competitions")):
                if part in v and whole in v and v[part] > v[whole]:
                    out.append(CheckFailure(_rule(part, whole), f"{sheet_def.name} · {label}",
                                            {_name(part): v[part], _name(whole): v[whole]}))

    # 4. months/quarters add up to the whole period (the 合计 formulas must show the registry's value)
    for sheet_def, tt in ((ACTIVITY, t.activity), (MONTHLY, t.monthly)):
        if len(tt.slices) <= 1:
            continue
        for row in sheet_def.rows:
            if row.section or row.over_time != SUM or row.code not in tt.total:
                continue
            summed = d.slice_sum(tt.slices, row.code)
            if summed != tt.total[row.code]:
                out.append(CheckFailure("各月（季度）之和 = 全期", f"{sheet_def.name} · {row.name}",
                                        {"各栏之和": summed, "全期": tt.total[row.code]}))

    # 5. amounts far above what the union usually records (accepted on the form after a confirmation)
    for u in unusual_entries(org=org, start=t.period.start, end=t.period.end):
        out.append(CheckFailure(
            UNUSUAL_AMOUNT, f"{u.kind.label} · {u.entry.org.name} · {u.entry.date:%Y-%m-%d}",
            {"金额": u.amount, "本工会通常不超过": u.ceiling}, u.message))
    return out


UNUSUAL_AMOUNT = "金额在本工会通常范围内"


def _negative(x) -> bool:
    return x is not None and x < 0



# --- how binding each rule is ---------------------------------------------------------------------------
# 强制性: a part above its whole, or more done than assigned — the entries are wrong and must be corrected before
# the return goes up. 核实性: can be true in a real union (members not yet transferred out, numbers attached to
# the federation itself, an entry dated on a boundary, a signed row such as 其他变动 whose branches net out
# differently from the union) — the union explains it in writing and may submit.
MANDATORY, VERIFY = "强制性", "核实性"
VERIFY_RULES = frozenset({"会员 ≤ 职工", "入会率在0～100%之间", "综合集体合同覆盖职工 ≤ 职工人数",
                          "总工会合计 = 各下级工会之和", "各分会之和 ≤ 本单位合计", "各月（季度）之和 = 全期",
                          UNUSUAL_AMOUNT})


def severity(failure: CheckFailure) -> str:
    """强制性 (blocks a submission) or 核实性 (needs a written explanation)."""
    return VERIFY if failure.rule in VERIFY_RULES else MANDATORY
