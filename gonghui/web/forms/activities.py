"""Forms of the activity pages: publishing one (the ledger kind and its type in one grouped choice)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.activities.models import ActivityKind
from gonghui.activities.services import category_choices
from gonghui.web.forms import BLANK, Form, OrgChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def kind_choices():
    """One <select>: 会议 › 工会委员会会议 … as "meeting:committee" (the kind, then its type column's value)."""
    return BLANK + [(str(label), [(f"{kind}:{v}", str(lb)) for v, lb in category_choices(kind).choices])
                    for kind, label in ActivityKind.choices]


class ActivityForm(Form):
    org = OrgChoiceField(label=_("报名范围"), queryset=None, help_text=_("该组织及其下级的会员可以报名"))
    kind = forms.ChoiceField(label=_("台账类别"), help_text=_("结束后写入哪本台账、哪一类"))
    title = forms.CharField(label=_("活动名称"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=DATE)
    start_time = forms.TimeField(label=_("开始时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    quota = forms.IntegerField(label=_("名额"), required=False, help_text=_("不填为不限"))
    signup_until = forms.DateField(label=_("报名截止日期"), widget=DATE, help_text=_("当天仍可报名"))
    women_only = forms.BooleanField(label=_("仅限女职工"), required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["kind"].choices = kind_choices()

    def publish_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["kind"], data["category"] = data.pop("kind").split(":", 1)
        return data
