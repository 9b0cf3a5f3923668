"""Forms of the ledger Excel pages: the upload (file + the org to import into) and the export's choice of
org and period. Shape only: the import engine and the scoping decide what is allowed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.core.periods import Period, period_from_params
from gonghui.ledgers.kinds import Kind
from gonghui.web.forms import Form, OrgChoiceField, org_label
from gonghui.web.forms.ledgers import OrgPeriodForm


class LedgerUploadForm(Form):
    file = forms.FileField(label=_("台账文件"), error_messages={"required": _("请选择要导入的文件。")},
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))
    org = OrgChoiceField(label=_("导入到"), queryset=None,
                         error_messages={"required": _("请选择导入到哪个组织。"),
                                         "invalid_choice": _("所选组织不存在，或您无权在其中记录台账。")},
                         help_text=_("“所属组织”列为空的行记在这个组织；填写的组织须是它或它下面的分会、小组。"))

    def __init__(self, *args, kind: Kind, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["file"].label = _("%(k)s台账文件") % {"k": kind.label}
        self.fields["file"].help_text = _(
            "Excel（.xlsx、.xls）或 CSV 文件。有名为“%(k)s”的工作表（如本系统导出的文件）时读取它，否则读取第一个"
            "工作表；表头可在标题行下面。") % {"k": kind.label}


class LedgerExportForm(OrgPeriodForm):
    """What to export: an org (by code; empty = the viewer's own top org when there is one) and a period code
    or two dates (neither = the current half year)."""

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].widget.choices = [("", _("请选择"))] + [(o.code, org_label(o)) for o in orgs]
        self.fields["period"].widget.blank = _("本半年（或按下面的日期）")

    def period_or(self, default: str) -> Period | None:
        """The chosen period, `default` (a code) when none was given; None (with the error on the form) when
        what was given cannot be read."""
        data = self.cleaned_data
        try:
            return period_from_params(data, default=default)
        except ValidationError as exc:
            self.add_error("period" if (data.get("period") or "").strip() else "end", exc.message_dict["period"])
            return None
