"""People pages: the member list, one person, create/edit, 会籍 events and positions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts import scoping
from gonghui.accounts.selectors import audit_for
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_filter_choices, org_get, org_lineage, org_write_list
from gonghui.people import services
from gonghui.people.selectors import (
    PersonFilters,
    membership_event_get,
    person_get,
    person_membership_history,
    person_positions,
    position_get,
)
from gonghui.people.selectors import (
    person_list as select_people,
)
from gonghui.web.forms import (
    MembershipEventForm,
    PersonFilterForm,
    PersonForm,
    PositionEndForm,
    PositionForm,
    add_service_errors,
)

PAGE_SIZE = 50
AUDIT_ROWS = 50


def _filters(request, form) -> PersonFilters:
    data = form.cleaned_data if form.is_valid() else {}
    code = data.get("org") or ""
    migrant = {"1": True, "0": False}.get(data.get("migrant") or "")
    return PersonFilters(
        org=org_get(viewer=request.user, code=code) if code else None,
        q=data.get("q") or "",
        employment_type=data.get("employment_type") or "",
        member_status=data.get("member_status") or "",
        gender=data.get("gender") or "",
        migrant=migrant,
        work_status=data.get("work_status") or "",
    )


def person_list(request):
    orgs = org_filter_choices(viewer=request.user, selected_code=request.GET.get("org", ""))
    form = PersonFilterForm(request.GET or None, orgs=orgs)
    filters = _filters(request, form) if request.GET else PersonFilters()
    people = select_people(viewer=request.user, filters=filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/person_list.html", {
        "form": form, "page": page, "filters": filters,
        "can_create": filters.org is not None and scoping.can_write_org(request.user, filters.org),
    })


def _people_orgs(viewer):
    # A person sits in a union, branch or group, never directly in a federation.
    return org_write_list(viewer=viewer).exclude(kind=OrgKind.FEDERATION)


def _detail(request, person, *, event_form=None, position_form=None, status=200):
    can_write = scoping.can_write_org(request.user, person.org)
    context = {
        "person": person,
        "history": person_membership_history(person),
        "positions": person_positions(person),
        "audit": audit_for(viewer=request.user, obj=person).select_related("actor")[:AUDIT_ROWS],
        "can_write": can_write,
        "today": timezone.localdate(),
    }
    if can_write:
        context["event_form"] = event_form or MembershipEventForm(initial={"date": timezone.localdate()})
        context["position_form"] = position_form or PositionForm(
            orgs=org_lineage(viewer=request.user, org=person.org, write=True),
            initial={"org": person.org_id, "start_on": timezone.localdate()})
    return render(request, "web/person_detail.html", context, status=status)


def person_detail(request, pk):
    return _detail(request, person_get(viewer=request.user, pk=pk))


def _valid(form, instance=None) -> bool:
    """form.is_valid(), and when it is not, the service's checks of the fields that could be read too, so
    every error of the form shows in one round (not the ID number's only after the date is fixed)."""
    if form.is_valid():
        return True
    refused = set(form.errors)
    data = {k: v for k, v in form.person_values().items() if k not in refused}
    try:
        services.clean_person_data(data, instance=instance)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in refused and field in form.fields:
                for message in messages:
                    form.add_error(field, message)
    return False


def person_create(request):
    org = org_get(viewer=request.user, pk=request.GET["org"], write=True) if request.GET.get("org") else None
    orgs = _people_orgs(request.user)
    if org is None and not orgs.exists():
        raise PermissionDenied
    form = PersonForm(request.POST if request.method == "POST" else None, orgs=orgs,
                      initial={"org": org.pk if org else None})
    if request.method == "POST" and _valid(form):
        data = form.person_values()
        try:
            person = services.person_create(actor=request.user, org=data.pop("org"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记“%(name)s”。") % {"name": person.name})
            return redirect("web:person-detail", pk=person.pk)
    return render(request, "web/person_form.html", {"form": form, "person": None, "org": org,
                                                    "title": _("登记职工")})


def person_edit(request, pk):
    person = person_get(viewer=request.user, pk=pk, write=True)
    form = PersonForm(request.POST if request.method == "POST" else None, orgs=_people_orgs(request.user),
                      initial=PersonForm.initial_from(person))
    if request.method == "POST" and _valid(form, person):
        try:
            services.person_update(actor=request.user, person=person, **form.person_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("web:person-detail", pk=person.pk)
    return render(request, "web/person_form.html", {"form": form, "person": person, "org": person.org,
                                                    "title": _("修改职工信息")})


@require_POST
def membership_add(request, pk):
    person = person_get(viewer=request.user, pk=pk, write=True)
    form = MembershipEventForm(request.POST)
    if form.is_valid():
        try:
            services.membership_event_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录会籍变动。"))
            return redirect("web:person-detail", pk=person.pk)
    return _detail(request, person, event_form=form)


@require_POST
def membership_delete(request, pk, event_pk):
    person = person_get(viewer=request.user, pk=pk, write=True)
    event = membership_event_get(viewer=request.user, person=person, pk=event_pk, write=True)
    try:
        services.membership_event_delete(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, _("不能删除：%(why)s") % {"why": "；".join(exc.messages)})
    else:
        messages.success(request, _("已删除这条会籍变动。"))
    return redirect("web:person-detail", pk=person.pk)


@require_POST
def position_add(request, pk):
    person = person_get(viewer=request.user, pk=pk, write=True)
    form = PositionForm(request.POST, orgs=org_lineage(viewer=request.user, org=person.org, write=True))
    if form.is_valid():
        try:
            services.position_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已记录任职。"))
            return redirect("web:person-detail", pk=person.pk)
    return _detail(request, person, position_form=form)


@require_POST
def position_end(request, pk, position_pk):
    person = person_get(viewer=request.user, pk=pk)
    position = position_get(viewer=request.user, person=person, pk=position_pk, write=True)
    form = PositionEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写正确的离任日期。"))
        return redirect("web:person-detail", pk=person.pk)
    try:
        services.position_end(actor=request.user, position=position, end_on=form.cleaned_data["end_on"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已记录离任。"))
    return redirect("web:person-detail", pk=person.pk)
