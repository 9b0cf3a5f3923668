"""The period picker: a select of the periods officers report on (years, halves, quarters, months) instead of
typing "2026H1". One markup for every page: the `PeriodSelect` widget of a form and the `{% period_picker %}`
tag of a template without a form both render web/_period_picker.html. Codes and labels come from core.periods."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.periods import parse_period

YEARS = 3  # this year and the two before


def period_groups(today: dt.date, *, years: int = YEARS) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(year label, [(code, label)])], newest year first: 全年, 上/下半年, the quarters, the months."""
    groups = []
    for year in range(today.year, today.year - years, -1):
        codes = [str(year), f"{year}H1", f"{year}H2", *(f"{year}Q{q}" for q in range(1, 5)),
                 *(f"{year}-{m:02d}" for m in range(1, 13))]
        groups.append((_("%(y)d年") % {"y": year}, [(code, str(parse_period(code).label)) for code in codes]))
    return groups


def picker_context(*, name: str, value: str = "", id_: str = "", blank: str = "", today: dt.date | None = None,
                   attrs: dict | None = None) -> dict:
    """What web/_period_picker.html needs. A value outside the list (a code typed into the URL) stays
    selectable on top, labelled if it can be read."""
    value = (value or "").strip()
    groups = period_groups(today or timezone.localdate())
    known = {code for _label, options in groups for code, _text in options}
    extra = []
    if value and value not in known:
        try:
            extra = [(value, str(parse_period(value).label))]
        except ValidationError:
            extra = [(value, value)]
    return {"name": name, "value": value, "id": id_ or f"id_{name}", "blank": blank, "groups": groups,
            "extra": extra, "attrs": attrs or {}}


class PeriodSelect(forms.Widget):
    """The period picker as a form widget (the field stays a CharField: any code core.periods reads)."""

    def __init__(self, attrs=None, blank: str = ""):
        super().__init__(attrs)
        self.blank = blank

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {k: v for k, v in {**self.attrs, **(attrs or {})}.items() if k != "maxlength"}  # a select has none
        context = picker_context(name=name, value=value or "", id_=attrs.pop("id", ""), blank=self.blank,
                                 attrs=attrs)
        return render_to_string("web/_period_picker.html", context)
