"""Ledger pages (工作台账): the index of the 16 kinds, a list per kind with filters and totals, the entry
form with its participant picker, the detail page with attachments and audit, delete, and the calendar.

Everything goes through the ledger selectors (scoped) and services; a 小组长 records for their own group
(ledgers.services.can_write_ledgers), read-only roles get 403 on writes, everyone outside gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.periods import current_half, parse_period, period_from_params
from gonghui.ledgers.attachments import DOCX, PDF, XLSX
from gonghui.ledgers.attachments import attachments_add as add_attachments
from gonghui.ledgers.kinds import KINDS, PERSON, PERSON_OR_ORG, Kind
from gonghui.ledgers.selectors import (
    attachment_list,
    entry_audit,
    entry_get,
    entry_list,
    entry_people,
    entry_related,
    entry_totals,
    entry_vouchers,
    ledger_write_orgs,
)
from gonghui.ledgers.services import UNCONFIRMED, can_write_ledgers, entry_delete, entry_review, entry_save
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_filter_choices, org_get, org_list
from gonghui.orgs.tree import union_of
from gonghui.people.selectors import person_choices
from gonghui.web.forms import add_service_errors
from gonghui.web.forms.ledgers import (
    ERROR_FIELDS,
    AttachmentForm,
    LedgerEntryForm,
    LedgerFilterForm,
    MonthForm,
    PeriodForm,
)
from gonghui.web.views import ledger_display as display

PAGE_SIZE = 50
WEEKDAYS = "一二三四五六日"
AUDIT_ROWS = 50
FILE_LABELS = {PDF: "PDF", DOCX: "Word", XLSX: "Excel"}


class KindConverter:
    """`<kind:kind>` in a URL: one of the 16 codes, handed to the view as its Kind."""

    regex = "|".join(sorted(KINDS, key=len, reverse=True))

    def to_python(self, value: str) -> Kind:
        return KINDS[value]

    def to_url(self, value) -> str:
        return value.code if isinstance(value, Kind) else str(value)


def _period(form, request):
    """The period chosen on a filter form (a code such as 2026H1, or from/to dates), None when none was
    chosen (every date); errors go on the form."""
    data = form.cleaned_data if form.is_bound else {}
    if not (data.get("period") or data.get("start") or data.get("end")):
        return None
    try:
        return period_from_params(data, default=None)
    except ValidationError as exc:
        form.add_error("period" if data.get("period") else "end", exc.message_dict["period"])
        return None


# --- index, list, calendar --------------------------------------------------------------------------

def ledger_index(request):
    form = PeriodForm(request.GET or None, initial={"period": current_half(timezone.localdate())})
    try:
        period = period_from_params(form.cleaned_data if form.is_valid() else {})
    except ValidationError as exc:
        form.add_error("period", exc.message_dict["period"])
        period = period_from_params({})
    can_add = ledger_write_orgs(viewer=request.user).exists()
    cards = []
    for kind in KINDS.values():
        count = entry_list(viewer=request.user, kind=kind, start=period.start, end=period.end).count()
        cards.append({"kind": kind, "count": count,
                      "url": reverse("web:ledger-list", args=[kind.code]) + f"?period={period.code}"})
    return render(request, "web/ledger_index.html", {
        "cards": cards, "period": period, "form": form, "can_add": can_add,
    })


def ledger_list(request, kind: Kind):
    viewer = request.user
    orgs = org_filter_choices(viewer=viewer, selected_code=request.GET.get("org", ""))
    form = LedgerFilterForm(request.GET or None, kind=kind, orgs=orgs)
    org, period, status = None, None, ""
    if form.is_bound:
        form.is_valid()
        code = form.cleaned_data.get("org") or ""
        org = org_get(viewer=viewer, code=code) if code else None
        period = _period(form, request)
        status = form.cleaned_data.get("status") or ""
    qs = entry_list(viewer=viewer, kind=kind, org=org, start=period.start if period else None,
                    end=period.end if period else None, status=status)
    page = Paginator(entry_related(qs, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    totals = entry_totals(qs, kind)
    write_orgs = ledger_write_orgs(viewer=viewer)
    add_url = ""
    if org is not None and can_write_ledgers(viewer, org):
        add_url = reverse("web:ledger-create", args=[kind.code]) + f"?org={org.pk}"
    elif write_orgs.exists():
        add_url = reverse("web:ledger-create", args=[kind.code])
    return render(request, "web/ledger_list.html", {
        "kind": kind, "form": form, "page": page, "org": org, "period": period,
        "headers": display.list_headers(kind),
        "rows": [display.list_row(kind, e) for e in page],
        "totals": display.totals_rows(kind, totals),
        "add_url": add_url,
    })


def ledger_calendar(request):
    import calendar as cal
    import datetime as dt

    today = timezone.localdate()
    form = MonthForm(request.GET or None, initial={"period": f"{today:%Y-%m}"})
    code = (form.cleaned_data.get("period") if form.is_valid() else "") or f"{today:%Y-%m}"
    try:
        first = parse_period(code).start
    except ValidationError as exc:
        form.add_error("period", exc)
        first = today.replace(day=1)
    month = parse_period(f"{first.year}-{first.month:02d}")
    org_code = request.GET.get("org", "").strip()
    org = org_get(viewer=request.user, code=org_code) if org_code else None
    from gonghui.ledgers.selectors import entries_by_day

    days = entries_by_day(viewer=request.user, start=month.start, end=month.end, org=org)

    def items(day):
        return [{"kind": kind.label, "code": kind.code, "title": display.entry_title(kind, e),
                 "url": reverse("web:ledger-detail", args=[kind.code, e.pk])} for kind, e in days.get(day, [])]

    weeks = [[{"date": d, "in_month": d.month == month.start.month, "today": d == today, "items": items(d)}
              for d in week] for week in cal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)]
    prev_month = month.start - dt.timedelta(days=1)
    next_month = month.end + dt.timedelta(days=1)
    suffix = f"&org={org.code}" if org else ""
    return render(request, "web/ledger_calendar.html", {
        "month": month, "weeks": weeks, "form": form, "org": org,
        "agenda": [(f"{d.month}月{d.day}日 周{WEEKDAYS[d.weekday()]}", items(d)) for d in sorted(days)],
        "total": sum(len(v) for v in days.values()),
        "prev_url": f"?period={prev_month:%Y-%m}{suffix}", "next_url": f"?period={next_month:%Y-%m}{suffix}",
        "weekdays": list(WEEKDAYS),
    })


# --- the form --------------------------------------------------------------------------------------

def _entry_for_write(request, kind: Kind, pk):
    """404 outside the scope, 403 for who may read but not record ledgers there."""
    return entry_get(viewer=request.user, kind=kind, pk=pk, write=True)


def _remap(kind: Kind, exc: ValidationError) -> ValidationError:
    """entry_save names errors by column; put them on the form fields that carry those columns."""
    if not hasattr(exc, "error_dict"):
        return exc
    persons = kind.persons_field
    mapped = {}
    for field, errors in exc.error_dict.items():
        name = ERROR_FIELDS.get(field, field)
        if field == "participants" and persons:
            name = persons
        mapped.setdefault(name, []).extend(errors)
    return ValidationError(mapped)


def _form(request, kind: Kind, *, entry=None, org=None):
    viewer = request.user
    keep = []
    if entry is not None:
        keep = [p.pk for p in entry_people(entry, kind)]
        keep += [getattr(entry, f"{c.field}_id", None) for c in kind.columns if c.type == PERSON]
        keep += [entry.recipient_person_id for c in kind.columns if c.type == PERSON_OR_ORG]
    initial = LedgerEntryForm.initial_from(kind, entry) if entry is not None else {
        "org": org.pk if org else None, "date": timezone.localdate()}
    return LedgerEntryForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None,
        kind=kind, orgs=ledger_write_orgs(viewer=viewer),
        people=person_choices(viewer=viewer, keep=keep), union_orgs=org_list(viewer=viewer, active_only=True),
        initial=initial,
    )


def _render_form(request, kind: Kind, form, *, entry=None, org=None, status=200):
    viewer = request.user
    bound_org = None
    if form.is_bound and form.data.get("org"):
        try:
            bound_org = org_get(viewer=viewer, pk=form.data.get("org"))
        except (Http404, PermissionDenied):  # a forged value: the form shows its own error
            bound_org = None
    base = bound_org or (entry.org if entry else org) or ledger_write_orgs(viewer=viewer).first()
    union = union_of(base) if base else None
    groups = []
    if union is not None:
        groups = [o for o in org_list(viewer=viewer, under=union, active_only=True) if o.kind != OrgKind.FEDERATION]
    pickers = {name: {"name": name, "several": several, "label": form[name].label, "field": form[name],
                      "selected": form.selected_people(name)}
               for name, several in form.picker_fields()}
    layout = [{"picker": pickers.get(name), "field": form[name]} for name in form.fields if name != "confirm"]
    title = (_("修改%(k)s") if entry else _("新增%(k)s")) % {"k": kind.label}
    cancel = (reverse("web:ledger-detail", args=[kind.code, entry.pk]) if entry
              else reverse("web:ledger-list", args=[kind.code]))
    return render(request, "web/ledger_form.html", {
        "kind": kind, "form": form, "entry": entry, "title": title, "layout": layout, "groups": groups,
        "cancel_url": cancel, "has_persons": bool(form.persons_field),
        "lost_files": getattr(form, "lost_files", False),
    }, status=status)


def _add_errors(kind: Kind, form, exc: ValidationError) -> None:
    """The service's errors on the fields that carry them (none twice on a field the form already refused);
    what only needs confirming (code UNCONFIRMED) goes to the confirmation box as well."""
    exc = _remap(kind, exc)
    if not hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
        return
    refused = set(form.errors)  # fields whose shape the form refused: it already says what is wrong
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        if target in refused:
            continue
        for error in errors:
            message = next(iter(error))  # formatted with its params
            if error.code == UNCONFIRMED:
                form.unconfirmed.append(message)
            form.add_error(target, message)


def _save(request, kind: Kind, form, *, entry=None):
    """Save the form through entry_save; None with every error on the form, in one round: when some
    fields could not be read, the rules still run over the others."""
    valid = form.is_valid()
    org, values, participants = form.values()
    if not valid:
        review = entry_review(kind=kind, org=org, values=values, participants=participants, instance=entry,
                              confirmed=form.confirmed)
        if review:
            _add_errors(kind, form, ValidationError(review))
        form.lost_files = bool(request.FILES)
        return None
    try:
        saved = entry_save(actor=request.user, kind=kind, org=org, values=values, participants=participants,
                           instance=entry, confirmed=form.confirmed, uploads=form.uploads)
    except ValidationError as exc:
        _add_errors(kind, form, exc)
        form.lost_files = bool(request.FILES)
        return None
    return saved


def ledger_create(request, kind: Kind):
    org = None
    if request.GET.get("org"):
        org = org_get(viewer=request.user, pk=request.GET["org"])
        if not can_write_ledgers(request.user, org):
            raise PermissionDenied
    elif not ledger_write_orgs(viewer=request.user).exists():
        raise PermissionDenied
    form = _form(request, kind, org=org)
    if request.method == "POST":
        saved = _save(request, kind, form)
        if saved is not None:
            messages.success(request, _("已保存%(k)s：%(t)s。") % {"k": kind.label, "t": display.entry_title(kind, saved)})
            if "another" in request.POST:
                return redirect(reverse("web:ledger-create", args=[kind.code]) + f"?org={saved.org_id}")
            return redirect("web:ledger-detail", kind=kind.code, pk=saved.pk)
    return _render_form(request, kind, form, org=org)


def ledger_edit(request, kind: Kind, pk):
    entry = _entry_for_write(request, kind, pk)
    form = _form(request, kind, entry=entry)
    if request.method == "POST" and _save(request, kind, form, entry=entry) is not None:
        messages.success(request, _("已保存。"))
        return redirect("web:ledger-detail", kind=kind.code, pk=entry.pk)
    return _render_form(request, kind, form, entry=entry)


# --- detail, delete --------------------------------------------------------------------------------

def _detail(request, kind: Kind, entry, *, attachment_form=None, status=200):
    viewer = request.user
    can_write = can_write_ledgers(viewer, entry.org)
    attachments = [(a, FILE_LABELS.get(a.content_type, "")) for a in attachment_list(viewer=viewer, kind=kind, entry=entry)]
    persons = kind.persons_column
    return render(request, "web/ledger_detail.html", {
        "kind": kind, "entry": entry, "fields": display.detail_fields(kind, entry),
        "title": display.entry_title(kind, entry),
        "persons_label": persons.header if persons else "",
        "people": list(entry_people(entry, kind)) if persons else [],
        "attachments": attachments,
        "vouchers": entry_vouchers(viewer=viewer, kind=kind, entry=entry),
        "audit": entry_audit(viewer=viewer, kind=kind, entry=entry).select_related("actor")[:AUDIT_ROWS],
        "can_write": can_write,
        "attachment_form": (attachment_form or AttachmentForm()) if can_write else None,
    }, status=status)


def ledger_detail(request, kind: Kind, pk):
    return _detail(request, kind, entry_get(viewer=request.user, kind=kind, pk=pk))


def ledger_delete(request, kind: Kind, pk):
    entry = _entry_for_write(request, kind, pk)
    if request.method == "POST":
        title = display.entry_title(kind, entry)
        entry_delete(actor=request.user, kind=kind, entry=entry)
        messages.success(request, _("已删除%(k)s：%(t)s。操作记录中保留了删除前的全部内容。")
                         % {"k": kind.label, "t": title})
        return redirect("web:ledger-list", kind=kind.code)
    return render(request, "web/ledger_delete.html", {
        "kind": kind, "entry": entry, "title": display.entry_title(kind, entry),
        "fields": display.detail_fields(kind, entry),
    })


@require_POST
def ledger_attachment_add(request, kind: Kind, pk):
    entry = _entry_for_write(request, kind, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = add_attachments(actor=request.user, kind=kind, entry=entry, uploads=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            names = "、".join(f"“{att.original_name}”" for att in added)
            messages.success(request, _("已上传附件%(n)s。") % {"n": names})
            return redirect(reverse("web:ledger-detail", args=[kind.code, entry.pk]) + "#attachments")
    return _detail(request, kind, entry, attachment_form=form)

