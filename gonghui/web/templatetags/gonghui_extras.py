"""Formatting for templates: masking by viewer, audit changes, small labels. Templates stay logic-free."""

from __future__ import annotations

import re

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from gonghui.accounts import scoping
from gonghui.core.audit_export import actor_label as audit_actor_label
from gonghui.core.masking import mask_id_number, mask_mobile

register = template.Library()


@register.filter
def id_for(person, viewer) -> str:
    """The person's ID number as this viewer may see it: `{{ p|id_for:user }}`."""
    value = person.id_number or ""
    return value if scoping.sees_full_id(viewer, person) else mask_id_number(value)


@register.filter
def mobile_for(person, viewer) -> str:
    """The person's mobile as this viewer may see it: `{{ p|mobile_for:user }}`."""
    value = person.mobile or ""
    return value if scoping.sees_full_mobile(viewer, person) else mask_mobile(value)


@register.filter
def can_write(org, viewer) -> bool:
    return scoping.can_write_org(viewer, org)


@register.filter
def actor_label(event) -> str:
    """Who did it, as people know them: "张主席（zhangzhuxi）" (core.audit_export.actor_label, also the export's)."""
    return audit_actor_label(event)


NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


@register.filter
def num_class(text) -> str:
    """"num" (right-aligned, digits lined up) for a cell that holds a number or an amount, else ""."""
    return "num" if NUMBER.match(str(text).strip()) else ""


@register.filter
def indent(org) -> str:
    return "　" * (org.depth - 1)


@register.filter
def yesno_cn(value) -> str:
    return _("是") if value else _("否")


@register.filter
def or_dash(value):
    return "—" if value in (None, "") else value


AUDIT_EXTRA_LABELS = {"import": "导入", "parent": "上级组织", "rating": "评定", "role": "角色", "org": "组织", "password": "密码",
                      "username": "用户名", "is_superuser": "超级管理员"}


@register.filter
def audit_changes(event) -> list[tuple[str, object, object]]:
    """[(field label, before, after)] for one audit row, labels taken from the model when known."""
    model = None
    try:
        model = apps.get_model(_app_of(event.object_type), event.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, pair in (event.changes or {}).items():
        label = AUDIT_EXTRA_LABELS.get(name, name)
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label = str(field.verbose_name)
            except FieldDoesNotExist:
                pass
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
        rows.append((label, _shown(field, before), _shown(field, after)))
    return rows


def _shown(field, value):
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None and getattr(field, "flatchoices", None):
        return dict(field.flatchoices).get(value, value)
    return value


def _app_of(model_name: str) -> str:
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return model._meta.app_label
    raise LookupError(model_name)


@register.filter
def manages_accounts(user) -> bool:
    return scoping.can_manage_accounts(user)


@register.filter
def reads_books(user) -> bool:
    """Whether the 工会经费 menu is shown: the user reads some union's books (funds/rights.py)."""
    from gonghui.funds.rights import FUNDS_READ_ROLES

    scope = scoping.scope_of(user)
    return scope.everything or bool(scope.paths(FUNDS_READ_ROLES))


@register.filter
def action_label(action: str) -> str:
    """An audit row's action in Chinese, the lockout's own actions included."""
    from gonghui.core.audit_export import action_label as label

    return label(action)
