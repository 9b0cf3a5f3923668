"""How ledger cells name orgs and people, both ways: the importer resolves 所属组织 and the person columns with
these indexes, and the exporter writes labels that the same indexes resolve back to the same record.

- An org: its code, or its name when that name is unique in the subtree worked in.
- A person of the union's roster: 工号, ID number, or a name unique in the union's subtree; a shared name is
  written "姓名(工号)" (or "姓名(身份证号后4位)" when there is no usable 工号), which resolves uniquely.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from gonghui.core.scope_guard import unscoped
from gonghui.core.tabular import cells
from gonghui.core.tabular.errors import CellError
from gonghui.orgs.models import Org
from gonghui.orgs.tree import subtree, subtree_q
from gonghui.people.models import Person

SEPARATORS = re.compile(r"[、，,;；\r\n]+")
_QUALIFIED = re.compile(r"^(.+?)\s*\((.+)\)$")

ORG_UNKNOWN = _("在“%(org)s”及其下级中找不到名称或代码为“%(v)s”的组织。")
ORG_AMBIGUOUS = _("“%(org)s”下有%(n)d个名为“%(v)s”的组织，请改填组织代码（%(codes)s）。")
PEOPLE_UNKNOWN = _("本工会名册中找不到：%(names)s（请填写工号、身份证号码或姓名）。")
PEOPLE_AMBIGUOUS = _("本工会名册中有重名的人：%(names)s，请写成“姓名(工号)”或填写身份证号码。")
RECIPIENT_AMBIGUOUS = _("“%(v)s”既是人员姓名又是组织名称，请填写工号或组织代码。")


def _key(text: str) -> str:
    """Width folded (（）→ ()), spaces removed: how names and codes are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class OrgIndex:
    """The orgs of one subtree by code and by name."""

    def __init__(self, root: Org):
        self.root = root
        with unscoped("the orgs of the union, to match the names in a file; only their ids are written"):
            rows = list(subtree(root).values_list("id", "name", "code", "path"))
        self.by_id = {pk: (name, code, path) for pk, name, code, path in rows}
        self.by_code = {_key(code).upper(): pk for pk, _n, code, _p in rows if code}
        self.by_name: dict[str, list[int]] = {}
        for pk, name, _c, _p in rows:
            self.by_name.setdefault(_key(name), []).append(pk)
        self._hits: dict[str, int | CellError] = {}

    def resolve(self, text: str) -> int:
        """The org a cell names; raises CellError for none or several."""
        hit = self._hits.get(text)
        if hit is None:
            try:
                hit = self._resolve(text)
            except CellError as exc:
                hit = exc
            self._hits[text] = hit
        if isinstance(hit, CellError):
            raise hit
        return hit

    def find(self, text: str) -> list[int]:
        key = _key(text)
        pk = self.by_code.get(key.upper())
        if pk is not None:
            return [pk]
        return list(self.by_name.get(key, ()))

    def _resolve(self, text: str) -> int:
        found = self.find(text)
        if len(found) == 1:
            return found[0]
        if not found:
            raise CellError(ORG_UNKNOWN % {"org": self.root.name, "v": text}, "org_unknown")
        codes = "、".join(self.by_id[pk][1] for pk in found)
        raise CellError(ORG_AMBIGUOUS % {"org": self.root.name, "n": len(found), "v": text, "codes": codes},
                        "org_ambiguous")

    def label(self, pk: int) -> str:
        name, code, _path = self.by_id[pk]
        return name if len(self.by_name.get(_key(name), ())) == 1 else code

    def path(self, pk: int) -> str:
        return self.by_id[pk][2]

    def name(self, pk: int) -> str:
        return self.by_id[pk][0]


class PeopleIndex:
    """The people of a union's subtree (the roster that ledger person columns may name)."""

    def __init__(self, union: Org):
        self.union = union
        with unscoped("the union's people, to match the names in a file; only their ids are written"):
            rows = list(Person.objects.filter(subtree_q(union.path, "org__")).values_list(
                "pk", "name", "employee_no", "id_number").iterator(chunk_size=5000))
        self.info: dict[int, tuple[str, str, str]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.by_no: dict[str, list[int]] = {}
        self.by_id: dict[str, int] = {}
        for pk, name, no, id_number in rows:
            self.info[pk] = (name, no, id_number)
            self.by_name.setdefault(_key(name), []).append(pk)
            if no:
                self.by_no.setdefault(_key(no).upper(), []).append(pk)
            if id_number:
                self.by_id[id_number.upper()] = pk
        self._hits: dict[str, list[int]] = {}
        self._labels: dict[int, str] = {}

    def find(self, token: str) -> list[int]:
        """Everyone a token may mean: [] unknown, [pk] found, several = ambiguous. Memoised per token."""
        hit = self._hits.get(token)
        if hit is None:
            hit = self._hits[token] = self._find(token)
        return hit

    def _find(self, token: str) -> list[int]:
        key = _key(token)
        if not key:
            return []
        upper = key.upper()
        if upper in self.by_id:
            return [self.by_id[upper]]
        if upper in self.by_no:
            return list(self.by_no[upper])
        named = self.by_name.get(key)
        if named:
            return list(named)
        m = _QUALIFIED.match(key)
        if m:
            name, extra = m.group(1), m.group(2).upper()
            return [pk for pk in self.by_name.get(name, ())
                    if _key(self.info[pk][1]).upper() == extra
                    or (len(extra) >= 4 and self.info[pk][2].upper().endswith(extra))]
        return []

    def label(self, pk: int) -> str:
        """How an export names this person so that `find` gives them back alone."""
        out = self._labels.get(pk)
        if out is not None:
            return out
        name, no, id_number = self.info[pk]
        out = name
        if self.find(name) != [pk]:
            for extra in (no, id_number[-4:] if id_number else "", id_number[-6:] if id_number else ""):
                if extra and self.find(f"{name}({extra})") == [pk]:
                    out = f"{name}({extra})"
                    break
            else:
                # Never the full ID number in an export; the importer names the person if this stays ambiguous.
                out = no if no and self.find(no) == [pk] else name
        self._labels[pk] = out
        return out

    def name(self, pk: int) -> str:
        return self.info[pk][0]


def split_people(value) -> list[str]:
    """参加人员 / 提出人: names separated by 、 ， , ; ； or line breaks."""
    text = cells.text(value)
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]
