"""工会经费: income and expense of the books in the subtree, from posted vouchers dated in the period (the
year-end close left out, so a closed year keeps its figures). A union's books hold its own and its branches'
money (funds.book_services.book_org), so an org's subtree sums the books of the unions in it.

Not traceable (yet): the trace and the evidence workbook (reports/trace.py, reports/evidence.py) list ledger
entries, people, orgs and 会籍 rows, not voucher lines; the 明细账 and 科目余额表 pages of funds show what lies
behind these figures."""

from __future__ import annotations

from django.db.models import DecimalField, ExpressionWrapper, F, Q

from gonghui.funds import chart
from gonghui.funds.models import Voucher, VoucherLine
from gonghui.indicators.registry import MONEY, Measure, indicator
from gonghui.orgs.tree import subtree_q

CREDIT_NET = ExpressionWrapper(F("credit") - F("debit"), output_field=DecimalField(max_digits=14, decimal_places=2))
DEBIT_NET = ExpressionWrapper(F("debit") - F("credit"), output_field=DecimalField(max_digits=14, decimal_places=2))


def _lines(org, period, category):
    return VoucherLine.objects.filter(
        subtree_q(org.path, "voucher__org__"), voucher__state=Voucher.State.POSTED,
        voucher__date__gte=period.start, voucher__date__lte=period.end, account__category=category,
    ).exclude(voucher__kind=Voucher.Kind.CLOSING)


def _measure(qs, net, where=None):
    return Measure(qs, "sum", net, where, path="voucher__org__path", date="voucher__date")


@indicator("funds_income", "工会经费收入", "元", "期间内已记账凭证中收入类科目的贷方减借方（年末结转凭证除外）",
           kind=MONEY, source="funds", traceable=False)
def funds_income(org, period):
    return _measure(_lines(org, period, chart.INCOME), CREDIT_NET)


@indicator("funds_expense", "工会经费支出", "元", "期间内已记账凭证中支出类科目的借方减贷方（年末结转凭证除外）",
           kind=MONEY, source="funds", traceable=False)
def funds_expense(org, period):
    return _measure(_lines(org, period, chart.EXPENSE), DEBIT_NET)


def _expense_of(code: str):
    def measure(org, period):
        return _measure(_lines(org, period, chart.EXPENSE), DEBIT_NET, Q(account__code__startswith=code))
    return measure


for _code, _name, _label in (("501", "funds_expense_activities", "职工活动支出"),
                             ("503", "funds_expense_services", "职工服务支出"),
                             ("504", "funds_expense_rights", "维权支出"),
                             ("505", "funds_expense_business", "业务支出"),
                             ("507", "funds_expense_capital", "资本性支出")):
    indicator(_name, _label, "元", f"工会经费支出中记入{_code}“{_label}”及其明细科目的部分", kind=MONEY,
              source="funds", traceable=False)(_expense_of(_code))
