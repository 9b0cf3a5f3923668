"""Forms of the web pages. They check shape only; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import Form, add_service_errors  # noqa: F401 (the web forms' spelling)
from gonghui.orgs.models import ALLOWED_CHILDREN, OrgKind, OrgRating
from gonghui.people import codes
from gonghui.people.models import (
    EmploymentType,
    Gender,
    HonourLevel,
    MembershipEvent,
    MemberStatus,
    Position,
    WorkStatus,
)

BLANK = [("", "——")]
ANY = [("", _("全部"))]




class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def org_label(org) -> str:
    # Indent by depth so a flat <select> still reads as a tree.
    return "　" * (org.depth - 1) + org.name


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return org_label(obj)


# --- orgs ---------------------------------------------------------------------------------------

class OrgEditForm(Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    code = forms.CharField(label=_("组织代码"), max_length=32,
                           help_text=_("统一社会信用代码，没有时由系统或上级分配"))
    is_joint = forms.BooleanField(label=_("联合基层工会"), required=False)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput)
    term_number = forms.IntegerField(label=_("届次"), required=False, min_value=1, max_value=999)
    term_start = forms.DateField(label=_("本届开始"), required=False, widget=DateInput)
    term_end = forms.DateField(label=_("本届届满"), required=False, widget=DateInput)
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)


class OrgCreateForm(OrgEditForm):
    kind = forms.ChoiceField(label=_("类型"))

    field_order = ["name", "kind", "code"]

    def __init__(self, *args, parent, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_CHILDREN[OrgKind(parent.kind)]
        self.fields["kind"].choices = [(k.value, k.label) for k in OrgKind if k in allowed]


class OrgMoveForm(Form):
    new_parent = OrgChoiceField(label=_("新的上级组织"), queryset=None, empty_label="——")

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class OrgDissolveForm(Form):
    on = forms.DateField(label=_("撤销日期"), widget=DateInput)
    confirm = forms.BooleanField(label=_("我确认撤销此组织及其全部下级组织"))


class OrgRatingForm(Form):
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    home = forms.ChoiceField(label=_("类别"), choices=OrgRating.Home.choices)
    grade = forms.ChoiceField(label=_("等级"), choices=OrgRating.Grade.choices)
    level = forms.ChoiceField(label=_("级别"), choices=OrgRating.Level.choices)


# --- people -------------------------------------------------------------------------------------

class PersonFilterForm(Form):
    q = forms.CharField(label=_("搜索"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音、工号或手机尾号"),
                                                      "type": "search"}))
    # A CharField with a <select>: a code typed into the URL is looked up (and scoped) by the view.
    org = forms.CharField(label=_("组织"), required=False, widget=forms.Select)
    employment_type = forms.ChoiceField(label=_("用工形式"), required=False,
                                        choices=ANY + list(EmploymentType.choices))
    member_status = forms.ChoiceField(label=_("会籍状态"), required=False,
                                      choices=ANY + list(MemberStatus.choices))
    gender = forms.ChoiceField(label=_("性别"), required=False, choices=ANY + list(Gender.choices))
    migrant = forms.ChoiceField(label=_("农民工"), required=False,
                                choices=ANY + [("1", _("是")), ("0", _("否"))])
    work_status = forms.ChoiceField(label=_("在职状态"), required=False, choices=ANY + list(WorkStatus.choices))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget.choices = ANY + [(o.code, org_label(o)) for o in orgs]


FAR_AHEAD_DAYS = 366
BORN_AHEAD = _("出生日期 %(d)s 晚于今天，请核对。")
HIRED_FAR_AHEAD = _("入职日期 %(d)s 比今天晚一年以上，请核对年份。")
HIRED_AHEAD = _("入职日期 %(d)s 晚于今天：入职前不计入职工人数。确是将要入职的人员，请勾选下面的“确认入职日期无误”后再保存。")


class PersonForm(Form):
    """Shape of a person; the service cleans and checks every value (ID, phone, codes)."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    org = OrgChoiceField(label=_("所在组织"), queryset=None, empty_label=None)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=30, required=False)
    gender = forms.ChoiceField(label=_("性别"), required=False,
                               choices=[("", _("按身份证号码"))] + list(Gender.choices))
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=DateInput,
                                 help_text=_("有身份证号码时可不填"))
    ethnicity = forms.ChoiceField(label=_("民族"), required=False, choices=BLANK + codes.ETHNICITIES)
    education = forms.ChoiceField(label=_("学历"), required=False, choices=BLANK + codes.EDUCATIONS)
    political_status = forms.ChoiceField(label=_("政治面貌"), required=False,
                                         choices=BLANK + codes.POLITICAL_STATUSES)
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False)
    employee_no = forms.CharField(label=_("工号"), max_length=32, required=False)
    hired_on = forms.DateField(label=_("入职日期"), required=False, widget=DateInput)
    employment_type = forms.ChoiceField(label=_("用工形式"), choices=EmploymentType.choices,
                                        initial=EmploymentType.REGULAR)
    post = forms.CharField(label=_("岗位"), max_length=100, required=False)
    is_migrant_worker = forms.BooleanField(label=_("农民工"), required=False)
    model_worker_title = forms.CharField(label=_("劳模称号"), max_length=100, required=False)
    model_worker_level = forms.ChoiceField(label=_("劳模级别"), required=False,
                                           choices=BLANK + list(HonourLevel.choices))
    base_salary = forms.CharField(label=_("基本工资（元）"), max_length=20, required=False)
    work_status = forms.ChoiceField(label=_("在职状态"), choices=WorkStatus.choices, initial=WorkStatus.ACTIVE)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        if self.is_bound and self._hired_ahead():
            # Asked only when 入职日期 is ahead of today: the second submit confirms it.
            self.fields["confirm_hired"] = forms.BooleanField(label=_("确认入职日期无误"), required=False,
                                                              label_suffix="")

    def _hired_ahead(self) -> bool:
        try:
            hired = self.fields["hired_on"].clean(self.data.get("hired_on"))
        except ValidationError:
            return False
        return hired is not None and hired > timezone.localdate()

    def clean_birth_date(self):
        born = self.cleaned_data.get("birth_date")
        if born and born > timezone.localdate():
            raise ValidationError(BORN_AHEAD % {"d": born.isoformat()})
        return born

    def clean(self):
        data = super().clean()
        hired, today = data.get("hired_on"), timezone.localdate()
        if hired and (hired - today).days > FAR_AHEAD_DAYS:
            self.add_error("hired_on", HIRED_FAR_AHEAD % {"d": hired.isoformat()})
        elif hired and hired > today and not data.get("confirm_hired"):
            self.add_error("hired_on", HIRED_AHEAD % {"d": hired.isoformat()})
        return data

    def person_values(self) -> dict:
        """The cleaned values for people.services (without the confirmation)."""
        data = dict(getattr(self, "cleaned_data", {}))
        data.pop("confirm_hired", None)
        return data

    @staticmethod
    def initial_from(person) -> dict:
        data = {name: getattr(person, name) for name in PersonForm.base_fields if name != "org"}
        data["org"] = person.org_id
        data["base_salary"] = "" if person.base_salary is None else str(person.base_salary)
        return data


class MembershipEventForm(Form):
    kind = forms.ChoiceField(label=_("变动类型"), choices=MembershipEvent.Kind.choices)
    date = forms.DateField(label=_("日期"), widget=DateInput)
    member_no = forms.CharField(label=_("会员编号"), max_length=32, required=False,
                                help_text=_("入会、转入时不填则自动编号"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class PositionForm(Form):
    org = OrgChoiceField(label=_("任职组织"), queryset=None, empty_label=None)
    title = forms.ChoiceField(label=_("职务"), choices=Position.Title.choices)
    title_other = forms.CharField(label=_("其他职务名称"), max_length=50, required=False)
    start_on = forms.DateField(label=_("任职日期"), widget=DateInput)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class PositionEndForm(Form):
    end_on = forms.DateField(label=_("离任日期"), widget=DateInput)


# --- roster import (花名册导入) --------------------------------------------------------------------

class RosterUploadForm(Form):
    file = forms.FileField(label=_("花名册文件"),
                           help_text=_("Excel（.xlsx、.xls）或 CSV 文件；读取第一个工作表，表头可在前几行。"))
    org = OrgChoiceField(label=_("导入到"), queryset=None,
                         help_text=_("人员登记在这个组织下；“所在班组”列填写的是它下面的小组或分会。"))
    create_groups = forms.BooleanField(label=_("自动创建小组"), required=False,
                                       help_text=_("“所在班组”中写的小组不存在时，自动新建为工会小组。"))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


NOT_IMPORTED = _("（不导入）")
MAPPING_PREFIX = "col_"


NAME_CHOICES = [("", _("请选择")), ("keep", _("保留系统中的姓名，其他项照文件更新")),
                ("take", _("采用文件中的姓名")), ("skip", _("这一行不导入"))]
NAME_UNDECIDED = _("系统中的姓名与文件中的不同，请选择保留哪一个，或不导入这一行。")


class RosterMappingForm(Form):
    """The preview's decisions: the column mapping the importer guessed, one select per roster field (which
    file column feeds it); for each row whose ID number is stored under another name, keep / take / skip
    (required to confirm); for each department name of the file, the org it means (the importer's
    suggestions first). `columns` is job.result["columns"] (index, letter, header, key, label),
    `conflicts` its "name_conflicts", `groups` its "group_mapping"."""

    create_groups = forms.BooleanField(label=_("自动创建小组"), required=False)
    name_all = forms.ChoiceField(label=_("全部姓名不同的行"), required=False, choices=NAME_CHOICES)

    def __init__(self, *args, columns, fields, conflicts=(), groups=None, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirming = confirming
        self.conflicts = []
        for conflict in conflicts:
            name = f"name_{conflict['row']}"
            self.fields[name] = forms.ChoiceField(label=_("第%(n)d行") % {"n": conflict["row"]}, required=False,
                                                  choices=NAME_CHOICES, initial=conflict.get("decision") or "")
            self.conflicts.append((conflict, name))
        groups = groups or {}
        everything = [(str(pk), label) for pk, label in groups.get("choices") or ()]
        self.group_names = []
        for n, entry in enumerate(groups.get("names") or ()):
            suggested = [(str(pk), _("建议：%(l)s") % {"l": label}) for pk, label in entry.get("suggestions") or ()]
            choices = [("", _("（不对应）"))]
            if entry.get("target"):
                choices.append((str(entry["target"]), entry.get("target_label") or ""))
            choices += suggested + [(_("全部组织"), everything)]
            name = f"group_{n}"
            self.fields[name] = forms.ChoiceField(label=entry["name"], required=False, choices=choices,
                                                  initial=str(entry["target"] or ""))
            self.group_names.append((entry, name))
        choices = [("", NOT_IMPORTED)] + [
            (str(c["index"]), f"{c['letter']}列 · {c['header'] or _('（无表头）')}") for c in columns
        ]
        guessed = {c["key"]: str(c["index"]) for c in columns if c.get("key")}
        self.roster_fields = []
        for column in fields:
            name = MAPPING_PREFIX + column.key
            self.fields[name] = forms.ChoiceField(label=column.label, required=False, choices=choices,
                                                  initial=guessed.get(column.key, ""))
            self.roster_fields.append((column, name))

    def mapping_rows(self):
        """(our field, its bound select) in the order of the roster columns, for the template."""
        return [(column, self[name]) for column, name in self.roster_fields]

    def name_rows(self):
        return [(conflict, self[name]) for conflict, name in self.conflicts]

    def group_rows(self):
        return [(entry, self[name]) for entry, name in self.group_names]

    def clean(self):
        data = super().clean()
        if self.confirming and not data.get("name_all"):
            for _conflict, name in self.conflicts:
                if not data.get(name):
                    self.add_error(name, NAME_UNDECIDED)
        used: dict[str, str] = {}
        for column, name in self.roster_fields:
            value = data.get(name) or ""
            if column.required and not value:
                self.add_error(name, _("“%(label)s”是必需的，请选择文件中对应的列。") % {"label": column.label})
            if value and value in used:
                self.add_error(name, _("这一列已对应“%(other)s”，同一列只能对应一个项目。") % {"other": used[value]})
            elif value:
                used[value] = column.label
        return data

    def name_changes(self) -> dict[int, str]:
        """{row: "keep" / "take"} (rows to skip are left out: the importer refuses them)."""
        out = {}
        for conflict, name in self.conflicts:
            decision = self.cleaned_data.get(name) or self.cleaned_data.get("name_all") or ""
            if decision in ("keep", "take"):
                out[conflict["row"]] = decision
        return out

    def group_map(self) -> dict[str, int | None]:
        """{name as written: org id}; None forgets a remembered mapping the officer took away."""
        out: dict[str, int | None] = {}
        for entry, name in self.group_names:
            value = self.cleaned_data.get(name) or ""
            if value:
                out[entry["key"]] = int(value)
            elif entry.get("target"):
                out[entry["key"]] = None
        return out

    def mapping(self) -> dict[str, int | None]:
        """{field key: 0-based column index or None}, the engine's mapping correction."""
        return {column.key: (int(self.cleaned_data[name]) if self.cleaned_data.get(name) else None)
                for column, name in self.roster_fields}
