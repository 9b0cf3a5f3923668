"""The officer's wording of the work summary, saved per org, period and section (the browser editor).

    drafts_save(actor=user, org=org, period=period, texts={"org": "…", "plans": "…"}, generated={…},
                signed_on=date)                  # every section at once, all or nothing (the editor's one save)
    draft_save(actor=user, org=org, period=period, section="org", text="我会现有会员{{members}}。")
    draft_list(viewer=user, org=org, period=period)   # {"org": "我会现有会员{{members}}。", ...}
    draft_signed_on(viewer=user, org=org, period=period)   # the chosen 落款 date, or None (today applies)
    draft_delete(actor=user, org=org, period=period, section="org")   # 恢复自动生成
    hand_numbers(text, generated=...)                  # the numbers typed over by hand

A draft is text, one paragraph per line, with live number fields in the one placeholder syntax of the whole
summary (the Word templates use it too): `{{code}}` (the registry value of the summary's org),
`{{code:change}}` (the 同比 change with its word: 增加3人 / 减少1.5万元 / 持平) and `{{code@ORG}}` (the value of
another org inside the subtree, for a federation's per-union sentences). The fields are recomputed each time
the summary is generated (`summary_write(drafts=...)`), so a saved draft never freezes a number.

A number typed over by hand is never silently kept as if it came from the ledger. The rule: every Arabic
number in the draft outside a `{{…}}` field is a hand-typed number, except
  - a date part: digits followed by 年, 月 or 日 (2026年, 6月30日), and
  - a number that the generated text of the same section also has outside its fields (it came from the
    ledger's own wording, e.g. a competition named “第3届技能大赛”).
Hand-typed numbers are kept in the document as written; the editor lists each one per section
("手工输入的数字 1234 未关联台账") and the preview marks it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
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
# The chosen 落款 date is kept beside the sections, as a row whose text is the ISO date.
SIGNED_ON = "signed_on"
MAX_TEXT = 20000
LATEST_SIGNATURE = dt.timedelta(days=366)  # a 落款 more than a year after the period is a typing mistake

FIELD_BRACES_RE = re.compile(r"\{\{[^{}]*\}\}")
BRACES_RE = re.compile(r"\{\{[^{}]*\}\}|\{[^{}]*\}")  # fields, and single-brace mistakes, in hand numbers
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
            fields = "、".join("{{" + c + "}}" for c in self.same_as)
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
    """What is wrong with the {{…}} fields of a draft, in Chinese (empty when all are known)."""
    all_indicators()
    errors = []
    for m in FIELD_BRACES_RE.finditer(text):
        whole = m.group(0)
        fm = FIELD_RE.fullmatch(whole)
        if fm is None:
            errors.append(_("无法识别的数字字段 %(f)s：应写作 {{指标代码}}、{{指标代码:change}} 或 "
                            "{{指标代码@组织代码}}。") % {"f": whole})
            continue
        code, org_code = fm.group(1), fm.group(2)
        if code not in INDICATORS:
            errors.append(_("数字字段 %(f)s 中的指标代码“%(c)s”不存在。") % {"f": whole, "c": code})
        if org_code and not subtree(org).filter(code=org_code).exists():
            errors.append(_("数字字段 %(f)s 中的组织代码“%(o)s”不在%(org)s之下。")
                          % {"f": whole, "o": org_code, "org": org.name})
    rest = FIELD_BRACES_RE.sub(" ", text)
    for m in re.finditer(r"\{[^{}]*\}|[{}]", rest):
        errors.append(_("“%(f)s”不是数字字段：数字字段用两层半角花括号，如 {{members}}。") % {"f": m.group(0)})
    if any(ch in text for ch in "｛｝"):
        errors.append(_("数字字段要用半角花括号 {{ }}，不能用中文输入法的全角花括号｛｛ ｝｝。"))
    return errors


# --- services ------------------------------------------------------------------------------------------------

def _check_write(actor, org: Org) -> None:
    if not can_write_org(actor, org):
        raise PermissionDenied


def _clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _text_errors(text: str, org: Org) -> list[str]:
    if len(text) > MAX_TEXT:
        return [_("文字太长（最多 %(n)d 字）。") % {"n": MAX_TEXT}]
    return field_errors(text, org)


def signed_on_errors(signed_on: dt.date, period: Period) -> list[str]:
    """The 落款 date may fall inside the period (a summary written before its last day) or up to a year after."""
    if signed_on < period.start:
        return [_("落款日期 %(d)s 早于期间开始（%(s)s），请改为期间结束前后的日期。")
                % {"d": signed_on.isoformat(), "s": period.start.isoformat()}]
    if signed_on > period.end + LATEST_SIGNATURE:
        return [_("落款日期 %(d)s 比期间结束（%(e)s）晚了一年以上，请检查年份。")
                % {"d": signed_on.isoformat(), "e": period.end.isoformat()}]
    return []


def _store(*, actor, org: Org, period: Period, section: str, text: str) -> SummaryDraft:
    """Create or replace one row (inside the caller's transaction), audited."""
    with unscoped("the org's own draft, after the write check"):
        draft = (SummaryDraft.objects.select_for_update()
                 .filter(org=org, section=section, **_period_q(period)).first())
    before = draft.text if draft else ""
    if draft is not None and before == text:
        return draft
    if draft is None:
        draft = SummaryDraft(org=org, section=section, **_period_q(period))
    draft.period_code = period.code
    draft.text = text
    draft.updated_by = actor if getattr(actor, "pk", None) else None
    draft.save()
    audit.record(actor=actor, action="update" if before else "create", obj=draft, org_path=org.path,
                 changes={"text": [before, text]})
    return draft


def _drop(*, actor, org: Org, period: Period, section: str) -> bool:
    with unscoped("the org's own draft, after the write check"):
        draft = SummaryDraft.objects.filter(org=org, section=section, **_period_q(period)).first()
    if draft is None:
        return False
    audit.record(actor=actor, action="delete", obj=draft, org_path=org.path, changes={"text": [draft.text, ""]})
    draft.delete()
    return True


def draft_save(*, actor, org: Org, period: Period, section: str, text: str) -> SummaryDraft:
    """Save (create or replace) the officer's wording of one section. ValidationError (a dict of field ->
    Chinese message) for an unknown section, an empty or too long text, or an unknown {{code}}."""
    _check_write(actor, org)
    text = _clean(text)
    if section not in SECTION_KEYS:
        raise ValidationError({"section": _("没有“%(s)s”这一部分。") % {"s": section}})
    if not text:
        raise ValidationError({"text": _("文字不能为空；要恢复自动生成的文字，请点“恢复自动生成”。")})
    errors = _text_errors(text, org)
    if errors:
        raise ValidationError({"text": errors})
    with transaction.atomic():
        return _store(actor=actor, org=org, period=period, section=section, text=text)


def drafts_save(*, actor, org: Org, period: Period, texts: Mapping[str, str],
                generated: Mapping[str, str] | None = None, signed_on: dt.date | None = None) -> dict[str, str]:
    """Save the wording of every section at once (the editor's one 保存): all or nothing.

    texts: {section key: text}; a text that is empty, or the same as the section's generated text
    (`generated`, in template form), drops that section's draft, so the generated wording applies and keeps
    following the ledger. signed_on: the chosen 落款 date, None for "today". Sections not in `texts` are left
    as they are. ValidationError {section key or "signed_on": [messages]} names every problem at once.
    Returns {section key: "saved" | "reset" | "unchanged"}."""
    _check_write(actor, org)
    generated = generated or {}
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for key, text in texts.items():
        if key not in SECTION_KEYS:
            errors.setdefault(key, []).append(_("没有“%(s)s”这一部分。") % {"s": key})
            continue
        clean[key] = _clean(text)
        if clean[key]:
            problems = _text_errors(clean[key], org)
            if problems:
                errors[key] = problems
    if signed_on is not None:
        problems = signed_on_errors(signed_on, period)
        if problems:
            errors[SIGNED_ON] = problems
    if errors:
        raise ValidationError(errors)
    outcome: dict[str, str] = {}
    with transaction.atomic():
        for key, text in clean.items():
            if not text or text == _clean(generated.get(key)):
                outcome[key] = "reset" if _drop(actor=actor, org=org, period=period, section=key) else "unchanged"
            else:
                _store(actor=actor, org=org, period=period, section=key, text=text)
                outcome[key] = "saved"
        if signed_on is None:
            _drop(actor=actor, org=org, period=period, section=SIGNED_ON)
        else:
            _store(actor=actor, org=org, period=period, section=SIGNED_ON, text=signed_on.isoformat())
    return outcome


def draft_delete(*, actor, org: Org, period: Period, section: str) -> bool:
    """Drop the wording of one section (the summary writes the generated text again). False when none."""
    _check_write(actor, org)
    with transaction.atomic():
        return _drop(actor=actor, org=org, period=period, section=section)


def _rows(viewer, org: Org, period: Period):
    return scoped(SummaryDraft.objects.filter(org=org, **_period_q(period)), viewer)


def draft_list(*, viewer, org: Org, period: Period) -> dict[str, str]:
    """{section key: text} of the org's drafts for the period, in the viewer's scope (the 落款 date apart)."""
    qs = _rows(viewer, org, period).exclude(section=SIGNED_ON)
    return dict(qs.order_by("section").values_list("section", "text"))


def draft_signed_on(*, viewer, org: Org, period: Period) -> dt.date | None:
    """The 落款 date chosen in the editor, or None (the summary is then dated today)."""
    text = _rows(viewer, org, period).filter(section=SIGNED_ON).values_list("text", flat=True).first()
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def drafts_info(*, viewer, org: Org, period: Period) -> dict[str, SummaryDraft]:
    """The draft rows themselves (who changed them, when), for the editor page."""
    qs = _rows(viewer, org, period).exclude(section=SIGNED_ON).select_related("updated_by")
    return {d.section: d for d in qs}


__all__ = [
    "OPENING",
    "SECTION_KEYS",
    "SIGNED_ON",
    "HandNumber",
    "draft_delete",
    "draft_list",
    "draft_save",
    "draft_signed_on",
    "drafts_info",
    "drafts_save",
    "field_errors",
    "hand_number_spans",
    "hand_numbers",
    "signed_on_errors",
    "split_hand_numbers",
]
