"""Forms of the ledger pages, generated from the kind declarations (ledgers.kinds). They check shape
only (a date is a date, a number a number); entry_save decides what is allowed and says so in Chinese."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.ledgers.kinds import (
    CHOICE,
    DATE,
    DECIMAL,
    INT,
    MONEY,
    ORG,
    PERSON,
    PERSON_OR_ORG,
    PERSONS,
    TEXT,
    Kind,
)
from gonghui.ledgers.kinds import (
    ORG_COL as ORG_COLUMN,
)
from gonghui.web.forms import ANY, BLANK, DateInput, Form, OrgChoiceField, org_label
from gonghui.web.forms.periods import PeriodSelect

REQUIRED = _("“%(h)s”必须填写。")
NOT_A_DATE = _("“%(h)s”请填写正确的日期，例如 2026-05-01。")
NOT_A_NUMBER = _("“%(h)s”请填写数字。")
NOT_A_WHOLE_NUMBER = _("“%(h)s”请填写整数。")
NEGATIVE = _("“%(h)s”不能是负数。")
PARTICIPANT_COUNT_HELP = _("含名册外的人员；不填时按上面已选的人数计")
TOO_LONG = _("“%(h)s”最多填写 %(n)d 个字。")
NOT_IN_LIST = _("“%(h)s”请从列表中选择。")
UNKNOWN_PERSON = _("所选人员不存在，或您无权选择。")
UNKNOWN_ORG = _("所选组织不存在，或您无权选择。")

# Errors of entry_save named by column, shown next to the form field that carries them.
ERROR_FIELDS = {"recipient": "recipient_person"}


MAX_FILES = 10
TOO_MANY_FILES = _("一次最多上传 %(n)d 个附件。") % {"n": MAX_FILES}
FILES_HELP = _("照片、签到表扫描件、PDF、Word 或 Excel，可多选，每个不超过 20 MB")
ACCEPT = ".jpg,.jpeg,.png,.pdf,.docx,.xlsx,image/*"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the entry form's 附件); cleans to a list, empty when none was chosen.
    Their content is checked by the attachment service, with the entry's other fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(TOO_MANY_FILES)
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PersonPicker(forms.SelectMultiple):
    """Never renders the roster as <option>s: the template draws the picker (search, chips) itself."""

    def render(self, *args, **kwargs):  # pragma: no cover - the template does not call it
        return ""


def _messages(header: str, extra: dict | None = None) -> dict:
    return {"required": REQUIRED % {"h": header}, **(extra or {})}


def _model_field(kind: Kind, name: str):
    return kind.model._meta.get_field(name)


def _date(kind, col, h, req, ctx):
    return {col.field: forms.DateField(label=h, required=req, widget=DateInput,
                                       error_messages=_messages(h, {"invalid": NOT_A_DATE % {"h": h}}))}


def _choice(kind, col, h, req, ctx):
    return {col.field: forms.ChoiceField(label=h, required=req, choices=BLANK + list(col.choices.choices),
                                         error_messages=_messages(h, {"invalid_choice": NOT_IN_LIST % {"h": h}}))}


def _int(kind, col, h, req, ctx):
    help_text = PARTICIPANT_COUNT_HELP if col.field == "participant_count" and kind.persons_field else ""
    return {col.field: forms.IntegerField(
        label=h, required=req, min_value=0, help_text=help_text, widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages=_messages(h, {"invalid": NOT_A_WHOLE_NUMBER % {"h": h}, "min_value": NEGATIVE % {"h": h}}))}


def _number(step: str):
    def build(kind, col, h, req, ctx):
        # Sign and decimals are checked by entry_save, so the message is the same from every face.
        return {col.field: forms.DecimalField(
            label=h, required=req, max_digits=14,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": step, "min": 0}),
            error_messages=_messages(h, {"invalid": NOT_A_NUMBER % {"h": h}}))}
    return build


def _org(kind, col, h, req, ctx):
    return {col.field: OrgChoiceField(label=h, queryset=ctx["orgs"], empty_label=None,
                                      error_messages=_messages(h, {"invalid_choice": UNKNOWN_ORG}))}


def _persons(kind, col, h, req, ctx):
    return {col.field: forms.ModelMultipleChoiceField(
        label=h, queryset=ctx["people"], required=False, widget=PersonPicker,
        error_messages={"invalid_choice": UNKNOWN_PERSON, "invalid_pk_value": UNKNOWN_PERSON})}


def _person(kind, col, h, req, ctx):
    return {col.field: forms.ModelChoiceField(
        label=h, queryset=ctx["people"], required=req, widget=forms.HiddenInput,
        error_messages=_messages(h, {"invalid_choice": UNKNOWN_PERSON}))}


def _person_or_org(kind, col, h, req, ctx):
    return {
        "recipient_person": forms.ModelChoiceField(
            label=_("获奖对象（个人）"), queryset=ctx["people"], required=False, widget=forms.HiddenInput,
            error_messages={"invalid_choice": UNKNOWN_PERSON}),
        "recipient_org": OrgChoiceField(
            label=_("获奖对象（集体）"), queryset=ctx["union_orgs"], required=False, empty_label="——",
            help_text=_("个人与集体二选一"),
            error_messages={"invalid_choice": UNKNOWN_ORG}),
    }


def _text(kind, col, h, req, ctx):
    field = _model_field(kind, col.field)
    long_text = field.get_internal_type() == "TextField"
    widget = forms.Textarea(attrs={"rows": 3}) if long_text else forms.TextInput
    too_long = {"max_length": TOO_LONG % {"h": h, "n": field.max_length}} if field.max_length else {}
    return {col.field: forms.CharField(label=h, required=req, max_length=field.max_length, widget=widget,
                                       error_messages=_messages(h, too_long))}


# The form field(s) of each column type.
FORM_FIELDS = {DATE: _date, CHOICE: _choice, INT: _int, MONEY: _number("0.01"), DECIMAL: _number("0.1"),
               ORG: _org, PERSONS: _persons, PERSON: _person, PERSON_OR_ORG: _person_or_org, TEXT: _text}


def field_for(kind: Kind, col, *, orgs, people, union_orgs) -> dict[str, forms.Field]:
    """The form field(s) of one column. Returns {name: field}; 获奖对象 becomes a person and an org field."""
    ctx = {"orgs": orgs, "people": people, "union_orgs": union_orgs}
    return FORM_FIELDS[col.type](kind, col, col.header, col.required, ctx)


class LedgerEntryForm(Form):
    """One ledger entry. `orgs`: where the user may record; `people`: who may be named; `union_orgs`: the
    collectives a 获奖对象 may be."""

    def __init__(self, *args, kind: Kind, orgs, people, union_orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if not kind.has_org_column:  # 困难职工档案 still belongs to an org
            self.fields.update(field_for(kind, ORG_COLUMN, orgs=orgs, people=people, union_orgs=union_orgs))
        for col in kind.columns:
            self.fields.update(field_for(kind, col, orgs=orgs, people=people, union_orgs=union_orgs))
        self.fields["notes"] = forms.CharField(label=_("备注"), required=False,
                                               widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["files"] = MultipleFileField(label=_("附件"), help_text=FILES_HELP)
        # Shown only after entry_save asked (an unusual amount, a date ahead of today): the second submit.
        self.fields["confirm"] = forms.BooleanField(label=_("以上提示已核对，确认无误"), required=False,
                                                     label_suffix="")
        self.unconfirmed: list[tuple[str, str]] = []
        for name, value in kind.defaults.items():
            self.fields[name].initial = value

    # --- what the template needs -----------------------------------------------------------------
    @property
    def persons_field(self) -> str | None:
        return self.kind.persons_field

    def picker_fields(self) -> list[tuple[str, bool]]:
        """(field name, several?) of the person pickers, in column order."""
        out = []
        for col in self.kind.columns:
            if col.type == PERSONS:
                out.append((col.field, True))
            elif col.type == PERSON:
                out.append((col.field, False))
            elif col.type == PERSON_OR_ORG:
                out.append(("recipient_person", False))
        return out

    def selected_people(self, name: str) -> list:
        """The people currently chosen in a picker: from the posted data, else from the initial values."""
        field = self.fields[name]
        if self.is_bound:
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name) or []
            raw = [raw] if isinstance(raw, (str, int)) else raw
        else:
            raw = self.initial.get(name) or []
            raw = [raw] if not isinstance(raw, (list, tuple)) else raw
        pks = []
        for value in raw:
            try:
                pks.append(int(getattr(value, "pk", value)))
            except (TypeError, ValueError):
                continue
        if not pks:
            return []
        found = {p.pk: p for p in field.queryset.filter(pk__in=pks)}
        return [found[pk] for pk in dict.fromkeys(pks) if pk in found]

    # --- to and from entry_save ------------------------------------------------------------------
    def values(self) -> tuple[object, dict, list]:
        """(org, values, participants) for entry_save: of the fields that could be read, when some could not."""
        data = dict(getattr(self, "cleaned_data", {}))
        org = data.pop("org", None)
        for name in ("files", "confirm"):
            data.pop(name, None)
        participants = []
        persons = self.persons_field
        if persons:
            participants = list(data.pop(persons, None) or [])
        return org, data, participants

    @property
    def uploads(self) -> list:
        return list(getattr(self, "cleaned_data", {}).get("files") or [])

    @property
    def confirmed(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("confirm"))

    @staticmethod
    def initial_from(kind: Kind, entry) -> dict:
        data = {"org": entry.org_id, "notes": entry.notes}
        for col in kind.columns:
            if col.type == ORG:
                continue
            if col.type == PERSONS:
                data[col.field] = list(getattr(entry, col.field).values_list("pk", flat=True))
            elif col.type == PERSON:
                data[col.field] = getattr(entry, f"{col.field}_id")
            elif col.type == PERSON_OR_ORG:
                data["recipient_person"] = entry.recipient_person_id
                data["recipient_org"] = entry.recipient_org_id
            else:
                data[col.field] = getattr(entry, col.field)
        return data


class OrgPeriodForm(Form):
    """An org (by code, from a select) and a period: a code or from/to dates. The list filter and the export."""

    org = forms.CharField(label=_("组织"), required=False, widget=forms.Select)
    period = forms.CharField(label=_("期间"), required=False, max_length=12,
                             widget=PeriodSelect(blank=_("全部日期")))
    start = forms.DateField(label=_("从"), required=False, widget=DateInput)
    end = forms.DateField(label=_("到"), required=False, widget=DateInput)


class LedgerFilterForm(OrgPeriodForm):
    """The list's filters: org subtree (by code), a period code or from/to dates, the kind's status field."""

    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, kind: Kind, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget.choices = ANY + [(o.code, org_label(o)) for o in orgs]
        if kind.status_field:
            col = kind.column(kind.status_field)
            self.fields["status"].label = col.header
            self.fields["status"].choices = ANY + list(col.choices.choices)
        else:
            del self.fields["status"]


class AttachmentForm(Form):
    """The detail page's upload: several files at once, like the entry form's 附件."""

    file = MultipleFileField(label=_("上传附件"), required=True, help_text=FILES_HELP,
                             error_messages={"required": _("请选择要上传的文件。")})


class PeriodForm(Form):
    period = forms.CharField(label=_("期间"), required=False, max_length=12,
                             widget=PeriodSelect(blank=_("本半年")))


class MonthForm(Form):
    """The calendar's month."""

    period = forms.CharField(label=_("月份"), required=False, max_length=12,
                             widget=PeriodSelect(blank=_("本月")))
