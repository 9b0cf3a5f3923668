"""The audit trail as an .xlsx (formula-safe): what the export writes, whoever reads the rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.models import AuditEvent
from gonghui.core.tabular.writer import SafeXlsxWriter

# Actions written by the accounts app beyond AuditEvent.Action (a choice there would need a migration of core).
EXTRA_ACTIONS = {"lockout": gettext_lazy("锁定"), "unlock": gettext_lazy("解锁")}

COLUMNS = [  # (header, width)
    (gettext_lazy("时间"), 18), (gettext_lazy("操作人"), 14), (gettext_lazy("来源"), 16),
    (gettext_lazy("操作"), 10), (gettext_lazy("对象类型"), 14), (gettext_lazy("对象编号"), 10),
    (gettext_lazy("对象"), 30), (gettext_lazy("组织路径"), 18), (gettext_lazy("变更内容"), 50),
]
TEXT_COLUMNS = frozenset({1, 2, 4, 5, 6, 7, 8})


def action_label(action: str) -> str:
    labels = dict(AuditEvent.Action.choices) | EXTRA_ACTIONS
    return str(labels.get(action, action))


def actor_label(event: AuditEvent) -> str:
    """Who did it, as people know them: "张主席（zhangzhuxi）"; the stored username once the account is gone;
    系统 for the system. One wording for the audit page and its export; callers select_related("actor")."""
    user = event.actor if event.actor_id else None
    if user is None:
        return event.actor_name or _("系统")
    name = (user.display_name or "").strip()
    return f"{name}（{user.username}）" if name and name != user.username else user.username


def _changes(changes: Any) -> str:
    return json.dumps(changes, ensure_ascii=False, sort_keys=True) if changes else ""


def write_audit_xlsx(events: Iterable[AuditEvent], target: Any, *, title: str) -> int:
    """Write the events (select_related("actor")), one per row under a title and a header; returns how many
    were written."""
    n = 0
    with SafeXlsxWriter(target, sheet_name=_("操作留痕")) as out:
        out.set_columns([w for _h, w in COLUMNS], text_columns=TEXT_COLUMNS)
        out.write_title(title, len(COLUMNS))
        out.write_header([str(h) for h, _w in COLUMNS])
        for e in events:
            out.write_row([timezone.localtime(e.at), actor_label(e), e.source, action_label(e.action),
                           e.object_type, e.object_id, e.object_repr, e.org_path, _changes(e.changes)],
                          text_columns=TEXT_COLUMNS)
            n += 1
    return n
