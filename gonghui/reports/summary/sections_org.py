"""The sections on the union itself: 组织建设 (with a federation's per-union breakdown), 思想引领与学习教育,
民主管理与维权."""

from __future__ import annotations

from gonghui.indicators.registry import compute_breakdown, part_orgs
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.model import HEADINGS, Paragraph, Run, Section
from gonghui.reports.summary.wording import Writer, clean_paragraph, join_runs, name_list, strip_year


def section_org(ctx: SummaryContext) -> Section | None:
    w, pw = ctx.w, ctx.pw
    paras: list[Paragraph] = []
    if w.has("members", "workers"):
        runs: list[Run] = [f"截至{ctx.end_text()}，{ctx.we}共有"]
        heads = []
        if w.has("workers"):
            heads.append(["职工", w.num("workers")])
        heads.append(["会员", w.num("members")])
        runs += join_runs(heads)
        subs = [[label, w.num(code)] for code, label in (("members_female", "女会员"),
                                                        ("members_migrant", "农民工会员")) if w.has(code)]
        if subs:
            runs += ["，其中"] + join_runs(subs)
        if w.v.get("membership_rate") is not None and w.has("members"):
            runs += ["，入会率", w.num("membership_rate")]
        runs.append("。")
        change = w.change("members")
        if change:
            runs += ["会员人数" + change[0].removeprefix("，"), *change[1:], "。"]
        paras.append(clean_paragraph(runs))
    flows = []
    if w.has("members_joined"):
        flows.append([f"{pw}新发展会员", w.num("members_joined"), *w.change("members_joined")])
    moves = [[label, w.num(code)] for code, label in (
        ("members_transferred_in", "转入会员"), ("members_transferred_out", "转出会员"),
        ("members_left", "退会（含除名）")) if w.has(code)]
    if moves:
        flows.append(join_runs(moves))
    if flows:
        paras.append(clean_paragraph(join_runs(flows, "；") + ["。"]))
    structure = [[label, w.num(code)] for code, label in (("branches", "分会"), ("groups", "工会小组"))
                 if w.has(code)]
    staff = [[label, w.num(code)] for code, label in (("group_leaders", "工会小组长"),
                                                      ("safety_monitors", "劳动保护监督员")) if w.has(code)]
    if structure or staff:
        runs = []
        if structure:
            runs += ["下设"] + join_runs(structure)
        if staff:
            runs += (["，"] if structure else []) + ["配备"] + join_runs(staff)
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("rules", "meetings"):
        runs = []
        if w.has("rules"):
            runs += ["现行有效的各项工会制度", w.num("rules")]
        if w.has("meetings"):
            runs += (["；"] if runs else []) + [f"{pw}召开各类工会会议", w.num("meetings"),
                                               *w.change("meetings")]
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("tasks_assigned"):
        runs = [f"认真完成上级工会交办的各项任务，{pw}承接上级交办任务", w.num("tasks_assigned")]
        if w.has("tasks_on_time"):
            runs += ["，按期完成", w.num("tasks_on_time")]
        paras.append(clean_paragraph(runs + ["。"]))
    section = Section("org", HEADINGS["org"], paras)
    if ctx.is_federation:
        breakdown = union_breakdown(ctx)
        if breakdown:
            if section.paragraphs:
                section.subheadings = {0: "（一）总体情况", len(section.paragraphs): "（二）各工会情况"}
            section.paragraphs += breakdown
    return section


def union_breakdown(ctx: SummaryContext) -> list[Paragraph]:
    """One sentence per part of the federation in the period (the registry's parts, as in the tables): its
    own registry values, all of them from one breakdown."""
    below = part_orgs(ctx.org, ctx.period, ctx.viewer)
    codes = ["workers", "members", "membership_rate", "members_joined"]
    values = compute_breakdown(ctx.org, ctx.period, codes, children=below)
    parts: list[list[Run]] = []
    for child in below:
        vals = values[child.pk]
        cw = Writer(vals, {}, org_code=child.code)
        runs: list[Run] = [child.name, "："]
        if not cw.has("members", "workers", "members_joined"):
            parts.append(runs + ["本期暂无职工和会员记录"])
            continue
        bits = []
        if cw.has("workers"):
            bits.append(["职工", cw.num("workers")])
        bits.append(["会员", cw.num("members")])
        if vals.get("membership_rate") is not None and cw.has("members"):
            bits.append(["入会率", cw.num("membership_rate")])
        if cw.has("members_joined"):
            bits.append([f"{ctx.pw}新发展会员", cw.num("members_joined")])
        parts.append(runs + join_runs(bits, "，"))
    if not parts:
        return []
    return [clean_paragraph(list(p) + ["；" if i < len(parts) - 1 else "。"]) for i, p in enumerate(parts)]


def section_study(ctx: SummaryContext) -> Section | None:
    w = ctx.w
    if not w.has("study_sessions"):
        return None
    topics = name_list(strip_year(e.topic) for e in ctx.entries("study").filter(org=ctx.org)) or name_list(
        strip_year(e.topic) for e in ctx.entries("study"))
    runs: list[Run] = [f"{ctx.pw}共组织学习培训", w.num("study_sessions")]
    if w.has("study_person_times"):
        runs += ["、", w.num("study_person_times")]
    runs += w.change("study_sessions")
    if topics:
        runs.append(f"，主要有{topics}等")
    return Section("study", HEADINGS["study"], [clean_paragraph(runs + ["。"])])


def section_democracy(ctx: SummaryContext) -> Section | None:
    w, pw = ctx.w, ctx.pw
    paras = []
    if w.has("proposals_received"):
        runs: list[Run] = [f"{pw}共收到职工代表提案", w.num("proposals_received")]
        if w.has("proposals_closed"):
            runs += ["，已办结", w.num("proposals_closed")]
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("openness_events"):
        paras.append(clean_paragraph([f"坚持厂务公开，{pw}公开事项", w.num("openness_events"),
                                      *w.change("openness_events"), "。"]))
    if w.has("contracts_in_force", "contract_workers_covered_general"):
        # 专项 contracts cover the same workers as the 综合 one, so only the latter counts heads.
        runs = ["坚持集体协商制度"]
        if w.has("contracts_in_force"):
            runs += [f"，截至{ctx.end_text()}，有效的集体合同（含专项合同）", w.num("contracts_in_force")]
        if w.has("contract_workers_covered_general"):
            runs += ["，综合集体合同覆盖职工", w.num("contract_workers_covered_general")]
        paras.append(clean_paragraph(runs + ["。"]))
    if w.has("mediation_received"):
        runs = [f"{pw}劳动争议调解委员会受理劳动争议", w.num("mediation_received"),
                *w.change("mediation_received")]
        if w.has("mediation_succeeded"):
            runs += ["，其中调解成功", w.num("mediation_succeeded")]
        paras.append(clean_paragraph(runs + ["。"]))
    return Section("democracy", HEADINGS["democracy"], paras)
