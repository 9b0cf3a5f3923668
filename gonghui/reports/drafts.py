"""The officer's wording of the work summary, saved per org, period and section (the browser editor).

    draft_save(actor=user, org=org, period=period, section="org", text="我会现有会员{members}。")
    draft_list(viewer=user, org=org, period=period)   # {"org": "我会现有会员{members}。", ...}
    draft_delete(actor=user, org=org, period=period, section="org")   # 恢复自动生成
    hand_numbers(text, generated=...)                  # the numbers typed over by hand

A draft is text, one paragraph per line, with live number fields: `{code}` (the registry value of the
summary's org), `{code:change}` (the 同比 change with its word: 增加3人 / 减少1.5万元 / 持平) and `{code@ORG}` (the
value of another org inside the subtree, for a federation's per-union sentences). The fields are recomputed
each time the summary is generated (`summary_write(drafts=...)`), so a saved draft never freezes a number.

A number typed over by hand is never silently kept as if it came from the ledger. The rule: every Arabic
number in the draft outside a `{…}` field is a hand-typed number, except
  - a date part: digits followed by 年, 月 or 日 (2026年, 6月30日), and
  - a number that the generated text of the same section also has outside its fields (it came from the
    ledger's own wording, e.g. a competition named “第3届技能大赛”).
Hand-typed numbers are kept in the document as written; the editor lists each one per section
("手工输入的数字 1234 未关联台账") and the preview marks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import can_write_org, scoped
from gonghui.core import audit
from gonghui.core.periods import Period
from gonghui.core.scope_guard import unscoped
from gonghui.indicators.registry import INDICATORS, all_indicators
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree
from gonghui.reports.models import SummaryDraft
from gonghui.reports.summary.draft_text import FIELD_RE
from gonghui.reports.summary.model import HEADINGS

OPENING = "opening"
SECTION_KEYS = (OPENING, *HEADINGS)
MAX_TEXT = 20000

BRACES_RE = re.compile(r"\{[^{}]*\}")
NUMBER_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
DATE_SUFFIX = ("年", "月", "日")


def _period_q(period: Period) -> dict:
    return {"period_start": period.start, "period_end": period.end}


# --- hand-typed numbers ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HandNumber:
    number: str
    context: str  # the words around it, for the officer to find it
    same_as: tuple[str, ...] = ()  # codes whose current value is written the same (could be a field instead)

    @property
    def message(self) -> str:
        if self.same_as:
            fields = "、".join("{" + c + "}" for c in self.same_as)
            return _("手工输入的数字 %(n)s 未关联台账：现在与台账相同，但台账变了它不会跟着变，可改为 %(f)s。") % {
                "n": self.number, "f": fields}
        return _("手工输入的数字 %(n)s 与台账不一致/未关联台账。") % {"n": self.number}


def _literal_numbers(text: str) -> list[re.Match]:
    """Numbers outside the {…} fields, dates left out."""
    plain = BRACES_RE.sub(lambda m: " " * len(m.group(0)), text)
    return [m for m in NUMBER_RE.finditer(plain) if not plain[m.end():m.end() + 1].startswith(DATE_SUFFIX)]


def hand_number_spans(text: str, generated: str = "") -> list[tuple[int, int]]:
    """(start, end) of each hand-typed number in `text` (see the module's rule)."""
    known = {m.group(0) for m in _literal_numbers(generated)}
    return [(m.start(), m.end()) for m in _literal_numbers(text) if m.group(0) not in known]


def hand_numbers(text: str, generated: str = "", values: dict | None = None) -> list[HandNumber]:
    """The hand-typed numbers of a draft. `generated` is the section's generated text in template form;
    `values` ({code: shown text}) names fields whose current value reads the same as the number."""
    found = []
    for start, end in hand_number_spans(text, generated):
        number = text[start:end]
        same = tuple(code for code, shown in (values or {}).items()
                     if re.fullmatch(re.escape(number) + r"\D*", shown or ""))
        context = text[max(0, start - 8):min(len(text), end + 8)].replace("\n", " ")
        found.append(HandNumber(number, context, same))
    return found


def split_hand_numbers(text: str, generated: str = "") -> list[tuple[str, bool]]:
    """A plain text run cut into (text, is_hand_typed) pieces, for the preview to mark them."""
    pieces, pos = [], 0
    for start, end in hand_number_spans(text, generated):
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


# --- validation ----------------------------------------------------------------------------------------------

def field_errors(text: str, org: Org) -> list[str]:
    """What is wrong with the {…} fields of a draft, in Chinese (empty when all are known)."""
    all_indicators()
    errors = []
    for m in BRACES_RE.finditer(text):
        whole = m.group(0)
        fm = FIELD_RE.fullmatch(whole)
        if fm is None:
            errors.append(_("无法识别的数字字段 %(f)s：应写作 {指标代码}、{指标代码:change} 或 {指标代码@组织代码}。")
                          % {"f": whole})
            continue
        code, org_code = fm.group(1), fm.group(2)
        if code not in INDICATORS:
            errors.append(_("数字字段 %(f)s 中的指标代码“%(c)s”不存在。") % {"f": whole, "c": code})
        if org_code and not subtree(org).filter(code=org_code).exists():
            errors.append(_("数字字段 %(f)s 中的组织代码“%(o)s”不在%(org)s之下。")
                          % {"f": whole, "o": org_code, "org": org.name})
    return errors


# --- services ------------------------------------------------------------------------------------------------

def _check_write(actor, org: Org) -> None:
    if not can_write_org(actor, org):
        raise PermissionDenied


def draft_save(*, actor, org: Org, period: Period, section: str, text: str) -> SummaryDraft:
    """Save (create or replace) the officer's wording of one section. ValidationError (a dict of field ->
    Chinese message) for an unknown section, an empty or too long text, or an unknown {code}."""
    _check_write(actor, org)
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if section not in SECTION_KEYS:
        raise ValidationError({"section": _("没有“%(s)s”这一部分。") % {"s": section}})
    if not text:
        raise ValidationError({"text": _("文字不能为空；要恢复自动生成的文字，请点“恢复自动生成”。")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("文字太长（最多 %(n)d 字）。") % {"n": MAX_TEXT}})
    errors = field_errors(text, org)
    if errors:
        raise ValidationError({"text": errors})
    with transaction.atomic():
        with unscoped("the org's own draft, after the write check"):
            draft = (SummaryDraft.objects.select_for_update()
                     .filter(org=org, section=section, **_period_q(period)).first())
        before = draft.text if draft else ""
        if draft is None:
            draft = SummaryDraft(org=org, section=section, **_period_q(period))
        draft.period_code = period.code
        draft.text = text
        draft.updated_by = actor if getattr(actor, "pk", None) else None
        draft.save()
        audit.record(actor=actor, action="update" if before else "create", obj=draft, org_path=org.path,
                     changes={"text": [before, text]} if before != text else {})
    return draft


def draft_delete(*, actor, org: Org, period: Period, section: str) -> bool:
    """Drop the wording of one section (the summary writes the generated text again). False when none."""
    _check_write(actor, org)
    with transaction.atomic(), unscoped("the org's own draft, after the write check"):
        draft = SummaryDraft.objects.filter(org=org, section=section, **_period_q(period)).first()
        if draft is None:
            return False
        audit.record(actor=actor, action="delete", obj=draft, org_path=org.path,
                     changes={"text": [draft.text, ""]})
        draft.delete()
    return True


def draft_list(*, viewer, org: Org, period: Period) -> dict[str, str]:
    """{section key: text} of the org's drafts for the period, in the viewer's scope."""
    qs = scoped(SummaryDraft.objects.filter(org=org, **_period_q(period)), viewer)
    return dict(qs.order_by("section").values_list("section", "text"))


def drafts_info(*, viewer, org: Org, period: Period) -> dict[str, SummaryDraft]:
    """The draft rows themselves (who changed them, when), for the editor page."""
    qs = scoped(SummaryDraft.objects.filter(org=org, **_period_q(period)), viewer).select_related("updated_by")
    return {d.section: d for d in qs}


__all__ = [
    "OPENING",
    "SECTION_KEYS",
    "HandNumber",
    "draft_delete",
    "draft_list",
    "draft_save",
    "drafts_info",
    "field_errors",
    "hand_number_spans",
    "hand_numbers",
    "split_hand_numbers",
]
