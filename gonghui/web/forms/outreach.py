"""Forms of the 通知公告 and 问卷 pages: shape only, the services of notices/ and surveys/ decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.surveys.models import Question, Survey
from gonghui.web.forms import DateInput, Form, OrgChoiceField

AUDIENCE_HELP = _("该组织及其下级的会员都能看到")


class NoticeForm(Form):
    org = OrgChoiceField(label=_("发送范围"), queryset=None, help_text=AUDIENCE_HELP)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("换行会原样保留"))
    attachment = forms.FileField(label=_("附件"), required=False,
                                 help_text=_("可选：图片、PDF、Word 或 Excel，不超过20 MB"))

    def __init__(self, *args, orgs=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
            self.fields["remove_attachment"] = forms.BooleanField(label=_("删除原附件"), required=False)
        else:
            self.fields["org"].queryset = orgs


class SurveyForm(Form):
    org = OrgChoiceField(label=_("发送范围"), queryset=None, help_text=AUDIENCE_HELP)
    kind = forms.ChoiceField(label=_("类型"), choices=Survey.Kind.choices,
                             help_text=_("选“职工满意度测评”将自动生成10个测评维度（满意/基本满意/不满意）和一道意见建议题"))
    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("满意度测评可不填，默认为“某年度职工之家会员满意度测评”"))
    intro = forms.CharField(label=_("说明"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    anonymous = forms.BooleanField(label=_("匿名（不记录答卷人）"), required=False, initial=True)
    opens_on = forms.DateField(label=_("开始日期"), widget=DateInput)
    closes_on = forms.DateField(label=_("截止日期"), widget=DateInput, help_text=_("当天仍可填写"))

    def __init__(self, *args, orgs, **kwargs):
        kwargs["initial"] = {"opens_on": timezone.localdate(), "anonymous": True, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class QuestionForm(Form):
    text = forms.CharField(label=_("题目"), max_length=300)
    kind = forms.ChoiceField(label=_("题型"), choices=Question.Kind.choices)
    options = forms.CharField(label=_("选项"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("选择题填写，每行一个"))
    min_picks = forms.IntegerField(label=_("最少选"), required=False, min_value=0, max_value=20,
                                   help_text=_("多选题：不填为1（非必答为0）"))
    max_picks = forms.IntegerField(label=_("最多选"), required=False, min_value=1, max_value=20,
                                   help_text=_("多选题：不填为不限"))
    required = forms.BooleanField(label=_("必答"), required=False, initial=True)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = data["options"].splitlines()
        return data
