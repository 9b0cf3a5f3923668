"""Writes to the org tree. Every function is atomic and writes its audit row in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Role
from gonghui.accounts.scoping import can_write_org, scope_of
from gonghui.core import audit
from gonghui.core.scope_guard import mark_fetched, same_row, unscoped
from gonghui.orgs.models import ALLOWED_CHILDREN, Org, OrgKind, OrgRating
from gonghui.orgs.tree import subtree

EDITABLE_FIELDS = (
    "name", "code", "is_joint", "founded_on", "term_number", "term_start", "term_end",
    "contact_person", "contact_phone", "address",
)
# A union's or a federation's code is the key its federation knows it by: its own officers cannot change it.
CODE_KEPT_BY_ABOVE = frozenset({OrgKind.UNION, OrgKind.FEDERATION})
AUDITED_FIELDS = ("name", "code", "kind", "is_joint", "founded_on", "term_number", "term_start",
                  "term_end", "status", "dissolved_on", "contact_person", "contact_phone", "address")


def nesting_error(parent_kind: str | None, child_kind: str) -> str | None:
    allowed = ALLOWED_CHILDREN[OrgKind(parent_kind) if parent_kind else None]
    if OrgKind(child_kind) in allowed:
        return None
    child_label = OrgKind(child_kind).label
    if parent_kind is None:
        return _("%(child)s不能作为最上级组织，只有总工会或基层工会可以。") % {"child": child_label}
    allowed_labels = "、".join(str(k.label) for k in allowed) or _("（不能再有下级）")
    return _("%(parent)s下面不能建%(child)s；它的下级只能是：%(allowed)s。") % {
        "parent": OrgKind(parent_kind).label, "child": child_label, "allowed": allowed_labels,
    }


def _check_nesting(parent: Org | None, kind: str) -> None:
    message = nesting_error(parent.kind if parent else None, kind)
    if message:
        raise ValidationError({"parent": message}, code="nesting")
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": _("上级组织“%(name)s”已撤销，不能在其下新建或移入组织。")
                               % {"name": parent.name}}, code="parent_dissolved")


def _require_write(actor, org: Org | None) -> None:
    """The tree is gated by the grants on it; a new top of the tree takes the whole tree (a superuser, SYSTEM)."""
    allowed = scope_of(actor).everything if org is None else can_write_org(actor, org)
    if not allowed:
        raise PermissionDenied


def _validate(org: Org, exclude_pk: int | None = None) -> None:
    org.code = (org.code or "").strip().upper()
    org.name = (org.name or "").strip()
    with unscoped("an org code is unique in the whole install"):
        taken = Org.objects.filter(code=org.code).exclude(pk=exclude_pk).exists()
    if taken:
        raise ValidationError({"code": _("组织代码“%(code)s”已被使用，请换一个。") % {"code": org.code}},
                              code="code_taken")
    org.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)


@transaction.atomic
def org_create(*, actor, parent: Org | None, kind: str, name: str, code: str, **fields) -> Org:
    _require_write(actor, parent)
    _check_nesting(parent, kind)
    org = Org(kind=kind, name=name, code=code, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    _validate(org)
    with unscoped("treebeard keeps the paths of the tree"):
        org = Org.objects.add_child(parent, instance=org) if parent else Org.objects.add_root(instance=org)
    audit.record(actor=actor, action="create", obj=org, org_path=org.path,
                 changes=audit.diff({}, audit.snapshot(org, AUDITED_FIELDS)))
    return mark_fetched(org)  # the actor just wrote it here, so may read it


def code_editable(actor, org: Org) -> bool:
    """May `actor` change the code of `org`? A union's or federation's only through an admin grant on an org
    strictly above it (or the whole tree: a superuser, SYSTEM); any other org's by whoever may write it."""
    scope = scope_of(actor)
    if org.kind not in CODE_KEPT_BY_ABOVE:
        return can_write_org(actor, org)
    return scope.everything or any(org.path.startswith(path) and org.path != path
                                   for path in scope.paths(frozenset({Role.ADMIN})))


def _check_code_change(actor, org: Org, code) -> None:
    if (code or "").strip().upper() != org.code and not code_editable(actor, org):
        raise ValidationError({"code": _("“%(name)s”的组织代码是上级组织登记它的依据，只能由上级组织的管理员修改。")
                               % {"name": org.name}}, code="code_locked")


@transaction.atomic
def org_update(*, actor, org: Org, **fields) -> Org:
    org = same_row(org).select_for_update().get()
    _require_write(actor, org)
    if "code" in fields:
        _check_code_change(actor, org, fields["code"])
    before = audit.snapshot(org, AUDITED_FIELDS)
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            raise ValueError(f"field {key} is not editable")
        setattr(org, key, value)
    _validate(org, exclude_pk=org.pk)
    org.save()
    changes = audit.diff(before, audit.snapshot(org, AUDITED_FIELDS))
    if changes:
        audit.record(actor=actor, action="update", obj=org, org_path=org.path, changes=changes)
    return org


@transaction.atomic
def org_move(*, actor, org: Org, new_parent: Org) -> Org:
    org = same_row(org).get()
    new_parent = same_row(new_parent).get()
    _require_write(actor, org)
    _require_write(actor, new_parent)
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise ValidationError({"parent": _("不能把“%(name)s”移到它自己或它的下级组织下面。") % {"name": org.name}},
                              code="move_into_self")
    _check_nesting(new_parent, org.kind)
    with unscoped("treebeard keeps the paths of the tree"):
        old_parent = Org.objects.get_parent(org)
        Org.objects.move(org, new_parent, pos="sorted-child")
        org.refresh_from_db()
    audit.record(actor=actor, action="update", obj=org, org_path=org.path,
                 changes={"parent": [str(old_parent) if old_parent else None, str(new_parent)]})
    return org


@transaction.atomic
def org_dissolve(*, actor, org: Org, on: dt.date) -> Org:
    """Dissolve an org and everything below it; rows stay for history."""
    org = same_row(org).get()
    _require_write(actor, org)
    if not org.is_active:
        raise ValidationError(_("“%(name)s”已经撤销。") % {"name": org.name}, code="already_dissolved")
    if org.founded_on and on < org.founded_on:
        raise ValidationError({"dissolved_on": _("撤销日期不能早于成立日期%(d)s。") % {"d": org.founded_on}},
                              code="dissolve_before_founding")
    # The reverse relation from people/ is named, not imported, so orgs/ stays below people/.
    active_people = (
        subtree(org).filter(people__work_status="active").values("people").count()
    )
    if active_people:
        raise ValidationError(
            _("“%(name)s”及其下级还有%(n)d名在职人员，请先把他们调到其他组织再撤销。")
            % {"name": org.name, "n": active_people},
            code="dissolve_with_people",
        )
    for node in subtree(org).filter(status=Org.Status.ACTIVE):
        node.status = Org.Status.DISSOLVED
        node.dissolved_on = on
        node.save(update_fields=["status", "dissolved_on", "updated_at"])
        audit.record(actor=actor, action="update", obj=node, org_path=node.path,
                     changes={"status": ["active", "dissolved"], "dissolved_on": [None, on.isoformat()]})
    org.refresh_from_db()
    return org


@transaction.atomic
def org_rating_set(*, actor, org: Org, year: int, home: str, grade: str, level: str) -> OrgRating:
    _require_write(actor, org)
    rating, created = OrgRating.objects.update_or_create(
        org=org, year=year, home=home, level=level, defaults={"grade": grade}
    )
    audit.record(actor=actor, action="create" if created else "update", obj=rating, org_path=org.path,
                 object_repr=f"{org.name} {rating}", changes={"rating": [None, str(rating)]})
    return rating
