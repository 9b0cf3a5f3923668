"""Forms of the 入会 pages: the public application and status check, and the officer's review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.people import codes
from gonghui.people.joining.notice import NOTICE_VERSION
from gonghui.people.models import EmploymentType, Gender
from gonghui.web.forms import ANY, BLANK, Form, OrgChoiceField, org_label

PHONE_ATTRS = {"autocomplete": "off", "inputmode": "numeric"}


class JoinForm(Form):
    """Shape only: every field is cleaned by people.joining.services with the roster's rules and messages."""

    name = forms.CharField(label=_("姓名"), max_length=50, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    gender = forms.ChoiceField(label=_("性别"), choices=BLANK + list(Gender.choices), required=False)
    id_number = forms.CharField(label=_("身份证号"), max_length=30, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={**PHONE_ATTRS, "type": "tel"}))
    ethnicity = forms.ChoiceField(label=_("民族"), choices=BLANK + codes.ETHNICITIES, required=False)
    education = forms.ChoiceField(label=_("学历"), choices=BLANK + codes.EDUCATIONS, required=False)
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=BLANK + codes.POLITICAL_STATUSES, required=False)
    workplace = forms.CharField(label=_("工作单位/部门"), max_length=100, required=False)
    employment_type = forms.ChoiceField(label=_("用工形式"), choices=BLANK + list(EmploymentType.choices),
                                        required=False)
    is_migrant_worker = forms.ChoiceField(label=_("是否农民工"), choices=[("0", _("否")), ("1", _("是"))],
                                          initial="0", widget=forms.RadioSelect)
    consent = forms.BooleanField(label=_("我已阅读并同意上述个人信息告知"), required=False)
    notice_version = forms.CharField(widget=forms.HiddenInput, initial=NOTICE_VERSION)

    def application_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["is_migrant_worker"] = data.get("is_migrant_worker") == "1"
        for key in ("consent", "notice_version"):
            data.pop(key, None)
        return data


class JoinStatusForm(Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=30,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    mobile = forms.CharField(label=_("手机号"), max_length=20, widget=forms.TextInput(attrs={**PHONE_ATTRS,
                                                                                         "type": "tel"}))


class JoinApproveForm(Form):
    org = OrgChoiceField(label=_("登记到"), queryset=None, empty_label=None,
                         help_text=_("申请人所在的分会或小组；不清楚时登记到所申请的工会"))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class JoinRejectForm(Form):
    reason = forms.CharField(label=_("不予批准的理由"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("必填；申请人查询时会看到这段话"))


class JoinQueueForm(Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[
        ("pending", _("待审核")), ("approved", _("已批准")), ("rejected", _("未批准")), ("", _("全部"))])
    # A CharField with a <select>: a code typed into the URL is looked up (and scoped) by the view.
    org = forms.CharField(label=_("组织"), required=False, widget=forms.Select)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget.choices = ANY + [(o.code, org_label(o)) for o in orgs]
