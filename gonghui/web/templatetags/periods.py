"""`{% period_picker "period" value %}`: the period select of web/_period_picker.html in a template without a form."""

from __future__ import annotations

from django import template

from gonghui.web.forms.periods import picker_context

register = template.Library()


@register.inclusion_tag("web/_period_picker.html")
def period_picker(name: str = "period", value: str = "", id: str = "", blank: str = "") -> dict:
    return picker_context(name=name, value=value, id_=id, blank=blank)
