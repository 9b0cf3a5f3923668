"""Forms of the member's requests (我的申请). They check shape only; the services decide and say what to fix."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import Form
from gonghui.ledgers import choices as c

BLANK = [("", _("请选择"))]
TEXT = {"rows": 4}


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); the service checks each by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFiles(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class TransferForm(Form):
    to_org = forms.CharField(label=_("转入工会"), max_length=120, required=False,
                             help_text=_("输入工会名称或组织代码，可从列表中选择。"),
                             widget=forms.TextInput(attrs={"list": "unions", "autocomplete": "off"}))
    note = forms.CharField(label=_("转会说明"), max_length=300, required=False,
                           help_text=_("例如：调动到新单位工作（选填）。"), widget=forms.Textarea(attrs={"rows": 3}))


class HelpForm(Form):
    category = forms.ChoiceField(label=_("困难类别"), choices=BLANK + list(c.HardshipCategory.choices), required=False)
    situation = forms.CharField(label=_("家庭困难情况"), required=False, widget=forms.Textarea(attrs=TEXT),
                                help_text=_("致困原因、目前的困难，1000字以内。"))
    family_size = forms.CharField(label=_("家庭人口"), required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    income_per_capita = forms.CharField(label=_("家庭月人均收入（元）"), required=False,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    documents = MultipleFileField(label=_("证明材料"), required=False,
                                  help_text=_("照片、PDF、Word 或 Excel，最多5个，每个不超过20MB（选填）。"))


class SuggestionForm(Form):
    category = forms.ChoiceField(label=_("类别"), choices=BLANK + list(c.SuggestionCategory.choices), required=False)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    content = forms.CharField(label=_("建议内容"), required=False, widget=forms.Textarea(attrs=TEXT),
                              help_text=_("现状、建议怎么做、预期效果，2000字以内。"))
    attachment = forms.FileField(label=_("附件"), required=False, help_text=_("照片、PDF、Word 或 Excel（选填）。"),
                                 widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}))


class PhoneForm(Form):
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric",
                                                           "autocomplete": "tel"}))
