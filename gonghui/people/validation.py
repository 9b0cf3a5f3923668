"""Cleaning of one person's fields, shared by the form, the API, the CLI and the roster importer.

Each function takes what a person typed (or what a spreadsheet cell held) and returns the stored value,
or raises ValidationError with a Chinese message that says what to fix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.core import idcard, phone
from gonghui.people import codes
from gonghui.people.models import EmploymentType, Gender, HonourLevel, WorkStatus

CJK = re.compile(r"[\u3400-\u9fff]")


def clean_name(raw: Any) -> str:
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    # "张　三" is padded for alignment in Excel; spaces inside a Chinese name are never part of it.
    if CJK.search(text):
        text = re.sub(r"\s+", "", text)
    text = text.replace("•", "·").replace("・", "·")
    if not text:
        raise ValidationError(_("姓名为空，请填写姓名。"), code="name_empty")
    if len(text) > 50:
        raise ValidationError(_("姓名“%(v)s”超过50个字，请核对。") % {"v": text[:20]}, code="name_long")
    return text


def _choice(raw: Any, choices: type, label: str, aliases: dict[str, str] | None = None) -> str:
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not text:
        return ""
    for value, display in choices.choices:
        if text in (value, str(display)):
            return value
    if aliases and text in aliases:
        return aliases[text]
    allowed = "、".join(str(d) for _v, d in choices.choices)
    raise ValidationError(
        _("%(label)s“%(v)s”不在可选范围内，请填写：%(allowed)s。") % {"label": label, "v": text, "allowed": allowed},
        code="bad_choice",
    )


def clean_gender(raw: Any) -> str:
    return _choice(raw, Gender, _("性别"), {"男性": "M", "女性": "F", "m": "M", "f": "F"})


_EMPLOYMENT_ALIASES = {
    "合同制": EmploymentType.CONTRACT, "签约": EmploymentType.CONTRACT, "合同工": EmploymentType.CONTRACT,
    "合同制员工": EmploymentType.CONTRACT, "劳动合同制": EmploymentType.CONTRACT,
    "全日制合同工": EmploymentType.REGULAR, "在编": EmploymentType.REGULAR, "正式工": EmploymentType.REGULAR,
    "正式员工": EmploymentType.REGULAR, "正式职工": EmploymentType.REGULAR, "全职": EmploymentType.REGULAR,
    "全日制": EmploymentType.REGULAR, "编制内": EmploymentType.REGULAR,
    "派遣": EmploymentType.DISPATCHED, "派遣工": EmploymentType.DISPATCHED, "劳务派遣工": EmploymentType.DISPATCHED,
    "临时": EmploymentType.TEMPORARY, "临时工": EmploymentType.TEMPORARY, "临时用工": EmploymentType.TEMPORARY,
    "返聘": EmploymentType.REHIRED,
    # HR systems' 员工类型
    "兼职": EmploymentType.PART_TIME, "非全日制": EmploymentType.PART_TIME, "非全日制用工": EmploymentType.PART_TIME,
    "兼职员工": EmploymentType.PART_TIME, "实习生": EmploymentType.INTERN, "实习员工": EmploymentType.INTERN,
    "见习": EmploymentType.INTERN, "见习生": EmploymentType.INTERN, "外派员工": EmploymentType.SECONDED,
    "外派人员": EmploymentType.SECONDED,
}
_WORK_STATUS_ALIASES = {
    "离岗": WorkStatus.LEFT, "辞职": WorkStatus.LEFT, "已离职": WorkStatus.LEFT, "解聘": WorkStatus.LEFT,
    "下岗": WorkStatus.LEFT, "失业": WorkStatus.LEFT, "解除劳动合同": WorkStatus.LEFT,
    # 就业状况 of the 会员信息采集表
    "在岗": WorkStatus.ACTIVE, "在职在岗": WorkStatus.ACTIVE, "正常": WorkStatus.ACTIVE,
    "已退休": WorkStatus.RETIRED, "离退休": WorkStatus.RETIRED, "离休": WorkStatus.RETIRED,
}
# Still on the payroll but not at work: counted 在职, and the import says so on the row.
_WORK_STATUS_APPROX = {"内退": WorkStatus.ACTIVE, "内部退养": WorkStatus.ACTIVE, "退养": WorkStatus.ACTIVE,
                       "待岗": WorkStatus.ACTIVE, "停薪留职": WorkStatus.ACTIVE, "病休": WorkStatus.ACTIVE,
                       "长期病休": WorkStatus.ACTIVE, "灵活就业": WorkStatus.ACTIVE}


def clean_employment_type(raw: Any) -> str:
    return _choice(raw, EmploymentType, _("用工形式"), _EMPLOYMENT_ALIASES)


def clean_work_status(raw: Any) -> str:
    return _choice(raw, WorkStatus, _("在职状态"), _WORK_STATUS_ALIASES)


def clean_honour_level(raw: Any) -> str:
    return _choice(raw, HonourLevel, _("劳模级别"), {"县": "county", "区": "county", "国家": "national"})


def _code(raw: Any, lookup, label: str, table) -> str:
    code = lookup(str(raw or ""))
    if code is None:
        examples = "、".join(lbl for _c, lbl in table[:8])
        raise ValidationError(
            _("%(label)s“%(v)s”不是国家标准中的名称，请填写如：%(ex)s等。") % {"label": label, "v": raw, "ex": examples},
            code="bad_code",
        )
    return code


def clean_ethnicity(raw: Any) -> str:
    return _code(raw, codes.ethnicity_code, _("民族"), codes.ETHNICITIES)


def clean_education(raw: Any) -> str:
    return _code(raw, codes.education_code, _("学历"), codes.EDUCATIONS)


def clean_political_status(raw: Any) -> str:
    return _code(raw, codes.political_code, _("政治面貌"), codes.POLITICAL_STATUSES)


NOTE_NEAREST = _("不是标准名称，已按“%(label)s”登记。")
NOTE_LEFT_EMPTY = _("不是%(field)s的标准名称，未填入，请到人员信息中补选。")
NOTE_OTHER = _("不在%(field)s的可选范围内，已按“其他”登记。")

# Optional coded fields of an import: (strict cleaning, field label, code table or choices, nearest values)
_IMPORT_CODES = {
    "ethnicity": (clean_ethnicity, _("民族"), codes.ETHNICITIES),
    "education": (clean_education, _("学历"), codes.EDUCATIONS),
    "political_status": (clean_political_status, _("政治面貌"), codes.POLITICAL_STATUSES),
    "employment_type": (clean_employment_type, _("用工形式"), None),
    "work_status": (clean_work_status, _("在职状态"), None),
    "model_worker_level": (clean_honour_level, _("劳模级别"), None),
}


def import_code(field: str, raw: Any) -> tuple[str, str]:
    """An optional coded field as an import reads it: (stored value, note or ""). A value outside the list
    never refuses the person: the standard value it clearly means is stored with a note (学历 小学及以下 ->
    小学, 就业状况 内退 -> 在职), else 用工形式 is 其他 (never the default 正式) and the others stay empty, and
    the note quotes what was written."""
    clean, label, table = _IMPORT_CODES[field]
    try:
        return clean(raw), ""
    except ValidationError:
        pass
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if table is not None:
        near = codes.approximate(table, text)
        if near:
            return near, NOTE_NEAREST % {"label": codes.label_of(table, near)}
    elif field == "work_status" and text in _WORK_STATUS_APPROX:
        value = _WORK_STATUS_APPROX[text]
        return value.value, NOTE_NEAREST % {"label": value.label}
    if field == "employment_type":
        return EmploymentType.OTHER.value, NOTE_OTHER % {"field": label}
    return "", NOTE_LEFT_EMPTY % {"field": label}


def clean_salary(raw: Any) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip().replace(",", "").replace("，", "").replace("元", "")
    try:
        value = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(_("基本工资“%(v)s”不是数字，请只填金额，如 4500.00。") % {"v": raw},
                              code="salary_invalid") from None
    if value < 0:
        raise ValidationError(_("基本工资不能是负数。"), code="salary_negative")
    return value


def check_identity(
    id_raw: Any, gender: str, birth_date: dt.date | None, *, today: dt.date | None = None
) -> tuple[str, str, dt.date | None]:
    """Validate the ID number and reconcile it with the typed gender and birth date.

    Returns (id_number, gender, birth_date), deriving what was left blank from the ID.
    """
    if id_raw is None or str(id_raw).strip() == "":
        if not gender:
            raise ValidationError({"gender": _("没有身份证号码时，请填写性别。")}, code="gender_missing")
        return "", gender, birth_date
    try:
        info = idcard.parse(id_raw, today=today)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages[0]}, code=exc.code) from None
    errors = {}
    if gender and gender != info.gender:
        errors["gender"] = _("性别与身份证号码不符：号码第17位表示%(g)s，请核对性别或号码。") % {
            "g": Gender(info.gender).label}
    if birth_date and birth_date != info.birth_date:
        errors["birth_date"] = _("出生日期%(typed)s与身份证号码中的%(derived)s不符，请核对。") % {
            "typed": birth_date.isoformat(), "derived": info.birth_date.isoformat()}
    if errors:
        raise ValidationError(errors, code="identity_mismatch")
    return info.number, info.gender, info.birth_date


def clean_mobile(raw: Any) -> str:
    try:
        return phone.parse_mobile(raw)
    except ValidationError as exc:
        raise ValidationError({"mobile": exc.messages[0]}, code=exc.code) from None
