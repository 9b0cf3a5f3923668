"""Org pages: the tree, one org, and the writes on it (create child, edit, move, dissolve, rating)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts import scoping
from gonghui.accounts.selectors import audit_for
from gonghui.orgs import services
from gonghui.orgs.selectors import org_children as select_children
from gonghui.orgs.selectors import org_get, org_lineage, org_ratings, org_roots, org_write_list
from gonghui.people.selectors import officers_of, org_summary, position_history
from gonghui.reports.home_rating import satisfaction_by_year
from gonghui.web.forms import (
    OrgCreateForm,
    OrgDissolveForm,
    OrgEditForm,
    OrgMoveForm,
    OrgRatingForm,
    add_service_errors,
)
from gonghui.web.views.home import with_registry_counts

AUDIT_ROWS = 50
EDIT_FIELDS = list(OrgEditForm.base_fields)


def org_tree(request):
    viewer = request.user
    roots = [(root, select_children(viewer=viewer, org=root)) for root in org_roots(viewer=viewer)]
    return render(request, "web/org_tree.html", {"roots": roots})


def org_children(request, pk):
    """htmx partial: the children of one node, loaded when the node is opened."""
    org = org_get(viewer=request.user, pk=pk)
    return render(request, "web/_org_nodes.html", {"nodes": select_children(viewer=request.user, org=org)})


def _detail(request, org, *, rating_form=None, status=200):
    today = timezone.localdate()
    can_write = scoping.can_write_org(request.user, org)
    context = {
        "org": org,
        "lineage": org_lineage(viewer=request.user, org=org),
        "children": select_children(viewer=request.user, org=org),
        "officers": officers_of(org, on=today),
        "position_history": position_history(org),
        "ratings": org_ratings(org),
        "home_scores": satisfaction_by_year(org),
        "stats": with_registry_counts(org, org_summary(viewer=request.user, org=org, on=today), today),
        "audit": audit_for(viewer=request.user, obj=org).select_related("actor")[:AUDIT_ROWS],
        "can_write": can_write,
        "rating_form": rating_form or (OrgRatingForm(initial={"year": today.year}) if can_write else None),
    }
    return render(request, "web/org_detail.html", context, status=status)


def org_detail(request, pk):
    return _detail(request, org_get(viewer=request.user, pk=pk))


def org_create(request, pk):
    parent = org_get(viewer=request.user, pk=pk, write=True)
    form = OrgCreateForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            org = services.org_create(actor=request.user, parent=parent, kind=data.pop("kind"),
                                      name=data.pop("name"), code=data.pop("code"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已新建组织“%(name)s”。") % {"name": org.name})
            return redirect("web:org-detail", pk=org.pk)
    return render(request, "web/org_form.html", {"form": form, "parent": parent, "org": None,
                                                 "title": _("新建下级组织")})


def org_edit(request, pk):
    org = org_get(viewer=request.user, pk=pk, write=True)
    initial = {name: getattr(org, name) for name in EDIT_FIELDS}
    form = OrgEditForm(request.POST or None, initial=initial)
    if not services.code_editable(request.user, org):
        # A disabled field keeps its initial value whatever is posted; the service refuses a change anyway.
        form.fields["code"].disabled = True
        form.fields["code"].help_text = _("组织代码只能由上级组织的管理员修改。")
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("web:org-detail", pk=org.pk)
    return render(request, "web/org_form.html", {"form": form, "org": org, "parent": None,
                                                 "title": _("修改组织信息")})


def org_move(request, pk):
    org = org_get(viewer=request.user, pk=pk, write=True)
    # Only orgs the user may write are offered; the service refuses a move into the org's own subtree.
    form = OrgMoveForm(request.POST or None, parents=org_write_list(viewer=request.user).exclude(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.org_move(actor=request.user, org=org, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as exc:
            add_service_errors(form, exc, fallback="new_parent")
        else:
            messages.success(request, _("已移动。"))
            return redirect("web:org-detail", pk=org.pk)
    return render(request, "web/org_move.html", {"form": form, "org": org})


def org_dissolve(request, pk):
    org = org_get(viewer=request.user, pk=pk, write=True)
    form = OrgDissolveForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_dissolve(actor=request.user, org=org, on=form.cleaned_data["on"])
        except ValidationError as exc:
            add_service_errors(form, exc, fallback=None)
        else:
            messages.success(request, _("已撤销“%(name)s”。") % {"name": org.name})
            return redirect("web:org-detail", pk=org.pk)
    return render(request, "web/org_dissolve.html", {"form": form, "org": org})


@require_POST
def org_rating_add(request, pk):
    org = org_get(viewer=request.user, pk=pk, write=True)
    form = OrgRatingForm(request.POST)
    if form.is_valid():
        try:
            services.org_rating_set(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录评定。"))
            return redirect("web:org-detail", pk=org.pk)
    return _detail(request, org, rating_form=form)
