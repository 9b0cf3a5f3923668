"""The roster import's 所在班组 / 部门 column: which org of the import org's subtree a row names.

Real rosters name departments (办公室, 艺术科) while the union's groups are named 办公室小组, 艺术科小组. On top
of cleaning.OrgIndex (by name or "上级/下级" path) this adds:
- the officer's mapping from the preview ({名称: org id}, None to drop a remembered one), then the mappings
  remembered for the import org (GroupAlias, saved by a real import);
- for every name still unknown, suggested orgs (the same name with 小组/分会/… after it, or names that contain
  one another), for the preview's mapping step;
- with 自动新建小组, a path (公司/业务/南京/一组) is built under the deepest org of it that exists: under a
  基层工会 the first new part becomes a 分会 and the rest one 小组 (南京一组); under a 分会 the new parts make one
  小组. Leading parts that name the import org itself are skipped.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular.errors import CellError
from gonghui.orgs.models import Org, OrgKind
from gonghui.people.models import GroupAlias
from gonghui.people.roster.cleaning import GROUP_CANNOT_CREATE, GROUP_UNKNOWN, OrgIndex

SUFFIXES = ("小组", "分会", "工会小组", "工会分会", "工会", "班组", "组")
MAX_SUGGESTIONS = 5
MAX_CHOICES = 500
GROUP_IN_GROUP = _("“%(org)s”是工会小组，其下不能再建组织；请把“%(name)s”写成已有的组织，或在组织架构中调整。")
UNKNOWN_SHORT = _("找不到小组“%(name)s”")


def key_of(name: str) -> str:
    return OrgIndex._key(name)


def load_aliases(org: Org) -> dict[str, int]:
    """The mappings remembered for `org`'s imports: {name key: org id}."""
    with unscoped("the import org was fetched for writing by the importer's caller"):
        return dict(GroupAlias.objects.filter(org=org).values_list("name", "target_id"))


def save_aliases(org: Org, chosen: dict[str, int | None], by_id: dict[int, dict]) -> None:
    """Remember (or forget, for None) the officer's mapping of this import, inside its transaction."""
    with unscoped("the import org was fetched for writing by the importer's caller"):
        for key, target in chosen.items():
            if target is None or target not in by_id:
                GroupAlias.objects.filter(org=org, name=key).delete()
            else:
                GroupAlias.objects.update_or_create(org=org, name=key, defaults={"target_id": target})


class GroupIndex(OrgIndex):
    def __init__(self, org: Org, *, chosen: dict[str, int | None] | None = None,
                 remembered: dict[str, int] | None = None):
        super().__init__(org)
        self.chosen = {key_of(k): (None if v is None else int(v)) for k, v in (chosen or {}).items() if key_of(k)}
        self.remembered = {k: v for k, v in (remembered or {}).items() if v in self.by_id}
        self.mapped: dict[str, tuple[str, int, str]] = {}  # key -> (as written, org id, "chosen"/"remembered")
        self.unknown: dict[str, str] = {}  # key -> as written
        self.nodes: dict[int, tuple[str, str, int]] = {}  # placeholder -> (name, kind, parent id or placeholder)
        self.labels: dict[int, str] = {}  # placeholder -> its path under the import org

    # --- resolution -------------------------------------------------------------------------------------
    def resolve(self, name: str, create: bool) -> int:
        key = self._key(name)
        target = self.chosen.get(key) if key in self.chosen else self.remembered.get(key)
        if target is not None and target in self.by_id:
            self.mapped[key] = (name, target, "chosen" if key in self.chosen else "remembered")
            return target
        try:
            return self._resolve(key, create)
        except CellError as exc:
            if exc.code in ("group_unknown", "group_ambiguous"):
                self.unknown.setdefault(key, name)
            raise

    def _resolve(self, key: str, create: bool) -> int:
        try:
            return super().resolve(key, False)
        except CellError as exc:
            if exc.code != "group_unknown":
                raise
            unknown = exc
        parts = [p for p in key.split("/") if p]
        while len(parts) > 1 and self._unique((parts[0],)) in (None, self.org.pk) and self._names_import_org(parts[0]):
            parts.pop(0)  # 公司/办公室 in 公司工会's import: the path starts at the import org
        found = self._unique(("/".join(parts),))
        if found is not None:
            return found
        if not create:
            raise unknown
        if self.org.kind not in (OrgKind.UNION, OrgKind.BRANCH):
            raise CellError(GROUP_CANNOT_CREATE % {"org": self.org.name, "kind": self.org.get_kind_display()},
                            "group_cannot_create")
        parent, rest = self.org.pk, parts
        for i in range(len(parts) - 1, 0, -1):
            found = self._unique(("/".join(parts[:i]), parts[i - 1]))
            if found is not None:
                parent, rest = found, parts[i:]
                break
        if any(len(p) > 100 for p in rest) or len("".join(rest)) > 100:
            raise CellError(GROUP_UNKNOWN % {"org": self.org.name}, "group_unknown")
        kind = self.nodes[parent][1] if parent < 0 else self.by_id[parent]["kind"]
        if kind == OrgKind.GROUP:
            raise CellError(GROUP_IN_GROUP % {"org": self.label(parent), "name": "/".join(rest)},
                            "group_cannot_create")
        if kind == OrgKind.UNION and len(rest) > 1:
            parent = self._plan(rest[0], OrgKind.BRANCH, parent)
            rest = rest[1:]
        return self._plan("".join(rest), OrgKind.GROUP, parent)

    def _names_import_org(self, part: str) -> bool:
        name = self._key(self.org.name)
        return part == name or name in (part + "工会", part + "工会委员会") or (len(part) >= 2 and name.startswith(part))

    def _unique(self, names) -> int | None:
        for name in names:
            ids = set(self.by_name.get(name, ()))
            if len(ids) == 1:
                return ids.pop()
            planned = self.planned.get(name)
            if planned is not None:
                return planned
        return None

    def _plan(self, name: str, kind: str, parent: int) -> int:
        label = f"{self.labels[parent]}/{name}" if parent < 0 else (
            f"{self.relative(self.by_id[parent])}/{name}".strip("/") if parent != self.org.pk else name)
        if label not in self.planned:
            placeholder = -(len(self.planned) + 1)
            self.planned[label] = placeholder
            self.nodes[placeholder] = (name, kind, parent)
            self.labels[placeholder] = label
        return self.planned[label]

    # --- the preview's mapping step -----------------------------------------------------------------------
    def suggestions(self, key: str) -> list[int]:
        """Orgs that the unknown name `key` probably means, best first."""
        scored = []
        for r in self.by_id.values():
            if r["id"] == self.org.pk:
                continue
            name = self._key(r["name"])
            if name == key:
                score = 0  # one of several with this name
            elif any(name == key + s or key == name + s for s in SUFFIXES):
                score = 1
            elif min(len(name), len(key)) >= 2 and (key in name or name in key):
                score = 2
            else:
                continue
            scored.append((score, abs(len(name) - len(key)), r["path"], r["id"]))
        return [pk for *_rest, pk in sorted(scored)[:MAX_SUGGESTIONS]]

    def label(self, org_id: int) -> str:
        if org_id < 0:
            return self.labels.get(org_id, "")
        if org_id == self.org.pk:
            return self.org.name
        return self.relative(self.by_id[org_id]) or self.by_id[org_id]["name"]

    def mapping_step(self, rows_by_key: dict[str, int]) -> dict:
        """What the preview shows for department names: the unknown ones with suggestions, the mapped ones
        with their target, and every org of the subtree to choose from."""
        names = []
        for key, written in self.unknown.items():
            if key in self.mapped:
                continue
            suggested = self.suggestions(key)
            names.append({"name": written, "key": key, "rows": rows_by_key.get(key, 0), "target": None,
                          "source": "", "suggestions": [[pk, self.label(pk)] for pk in suggested],
                          "suggested_codes": [self.by_id[pk]["code"] for pk in suggested if pk in self.by_id]})
        for key, (written, target, source) in self.mapped.items():
            names.append({"name": written, "key": key, "rows": rows_by_key.get(key, 0), "target": target,
                          "target_label": self.label(target), "source": source,
                          "suggestions": [[pk, self.label(pk)] for pk in self.suggestions(key) if pk != target]})
        names.sort(key=lambda n: (n["target"] is not None, -n["rows"], n["key"]))
        choices = sorted(self.by_id.values(), key=lambda r: r["path"])[:MAX_CHOICES]
        return {"names": names, "choices": [[r["id"], self.label(r["id"])] for r in choices]}

    def unknown_short(self, key: str) -> str:
        return UNKNOWN_SHORT % {"name": self.unknown.get(key, key)}
