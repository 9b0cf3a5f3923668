"""Forms of the 会费 pages: shape only; gonghui.dues.services decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.dues.models import Frequency, Rounding
from gonghui.web.forms import DateInput, Form

MONTH_HELP = _("如 2026-03")


class PolicyForm(Form):
    month = forms.CharField(label=_("起始月份"), max_length=10, help_text=MONTH_HELP)
    base_components = forms.CharField(label=_("缴费基数构成"), max_length=200,
                                      help_text=_("工资表中的列名，用逗号分隔，如：岗位工资,薪级工资"))
    rate = forms.CharField(label=_("费率"), max_length=12, initial="0.5%", help_text=_("如 0.5% 或 0.005"))
    rounding = forms.ChoiceField(label=_("舍入方式"), choices=Rounding.choices, initial=Rounding.TAIL10)
    frequency = forms.ChoiceField(label=_("收缴频次"), choices=Frequency.choices, initial=Frequency.MONTHLY)
    flat = forms.CharField(label=_("定额会费"), max_length=200, required=False,
                           help_text=_("某类人员按月定额，如：劳务派遣=10；多项用分号分隔"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def flat_amounts(self) -> dict[str, str]:
        out = {}
        for part in str(self.cleaned_data.get("flat") or "").replace("；", ";").split(";"):
            key, _sep, amount = part.partition("=")
            if key.strip():
                out[key.strip()] = amount.strip()
        return out


class DuesUploadForm(Form):
    month = forms.CharField(label=_("所属月份"), max_length=10, help_text=MONTH_HELP)
    file = forms.FileField(label=_("文件"), help_text=_(".xlsx、.xls 或 .csv"))
    dry_run = forms.BooleanField(label=_("试导入（只检查，不写入）"), required=False, initial=True)


class CollectForm(Form):
    month = forms.CharField(label=_("所属月份"), max_length=10, widget=forms.HiddenInput)
    paid_on = forms.DateField(label=_("代扣日期"), widget=DateInput)
