"""Forms of the officers' request queues (转会, 帮扶申请). Shape only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import Form
from gonghui.ledgers import choices as c
from gonghui.ledgers.requests.services import HELP_KINDS
from gonghui.web.forms import ANY, BLANK, DateInput

REASON_WIDGET = forms.Textarea(attrs={"rows": 3})


class RejectForm(Form):
    reason = forms.CharField(label=_("不同意的理由"), max_length=500, required=False, widget=REASON_WIDGET,
                             help_text=_("申请人会看到这段话。"))


class TransferQueueForm(Form):
    side = forms.ChoiceField(label=_("方向"), required=False, choices=[
        ("out", _("转出（本单位会员转走）")), ("in", _("转入（转到本单位）"))])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=ANY + [
        ("pending", _("待审核")), ("approved", _("已转会")), ("rejected", _("未同意"))])


class TransferStartForm(Form):
    to_org = forms.CharField(label=_("转入工会"), max_length=120, required=False,
                             help_text=_("工会名称或组织代码，可从列表中选择。"),
                             widget=forms.TextInput(attrs={"list": "unions", "autocomplete": "off"}))
    note = forms.CharField(label=_("转会说明"), max_length=300, required=False, widget=REASON_WIDGET)


class HelpQueueForm(Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=ANY + [
        ("pending", _("待审核")), ("approved", _("已批准")), ("rejected", _("未批准"))])
    org = forms.CharField(label=_("组织"), required=False, widget=forms.Select)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget.choices = ANY + [(o.code, "　" * (o.depth - 1) + o.name) for o in orgs]


HELP_AID_TYPES = [(k, c.AidType(k).label) for k in HELP_KINDS]


class HelpApproveForm(Form):
    date = forms.DateField(label=_("帮扶日期"), required=False, widget=DateInput)
    file_hardship = forms.BooleanField(label=_("建立困难职工档案（今年已有档案的不再重复建档）"), required=False,
                                       initial=True)
    aid_type = forms.ChoiceField(label=_("帮扶形式"), required=False, choices=BLANK + HELP_AID_TYPES)
    amount = forms.CharField(label=_("帮扶金额（元）"), required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    fund_source = forms.CharField(label=_("资金来源"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "file_hardship": True})
        super().__init__(*args, **kwargs)


class HelpRejectForm(RejectForm):
    reason = forms.CharField(label=_("不予批准的理由"), max_length=500, required=False, widget=REASON_WIDGET,
                             help_text=_("申请人会看到这段话。"))
