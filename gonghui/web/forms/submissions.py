"""Forms of the reporting-task pages (shape only; reports.submissions.services decides)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core.periods import parse_period
from gonghui.reports.submissions.models import ReportContents
from gonghui.web.forms import DateInput, Form


class OrgMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


class TaskCreateForm(Form):
    title = forms.CharField(label=_("任务名称"), max_length=100, required=False,
                            help_text=_("不填时按期间和内容自动命名，如“2026年上半年统计报表”"))
    contents = forms.ChoiceField(label=_("上报内容"), choices=ReportContents.choices, initial=ReportContents.BOTH)
    period = forms.CharField(label=_("期间"), max_length=20, help_text=_("如 2026H1（上半年）、2026H2、2026（全年）"))
    deadline = forms.DateField(label=_("上报截止日期"), widget=DateInput)
    targets = OrgMultipleChoiceField(label=_("上报单位"), queryset=None, required=False,
                                     widget=forms.CheckboxSelectMultiple,
                                     help_text=_("不选时，下属全部基层工会都要上报"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, unions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = unions

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"].strip())
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
