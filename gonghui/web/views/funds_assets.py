"""固定资产 pages: the register (原值, 累计折旧, 净值, custodian and place), adding an asset, a month's 计提折旧
and a disposal, each posting its draft voucher. 财务 writes; readers of the books see the register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.funds import asset_services as assets
from gonghui.funds.models import AssetCategory
from gonghui.funds.rights import can_write_books
from gonghui.web.views.funds import _books, _error_text


def _back(org):
    return redirect(reverse("web:funds-assets") + f"?org={org.code}")


def asset_index(request):
    """/funds/assets/?org=UA: the register; POST adds an asset (财务)."""
    org = _books(request)
    can_write = can_write_books(request.user, org)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        try:
            cost = Decimal(request.POST.get("cost", "").strip())
            acquired = dt.date.fromisoformat(request.POST.get("acquired", ""))
            life = int(request.POST.get("life_years", ""))
        except (InvalidOperation, ValueError):
            messages.error(request, "请填写原值（如 3000.00）、取得日期（如 2026-06-20）和折旧年限（整数年）。")
        else:
            try:
                asset = assets.asset_add(actor=request.user, org=org, name=request.POST.get("name", ""),
                                         category=request.POST.get("category", ""), cost=cost, acquired=acquired,
                                         life_years=life, custodian=request.POST.get("custodian", ""),
                                         place=request.POST.get("place", ""))
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, f"已登记固定资产“{asset.name}”，购置凭证草稿待审核。")
        return _back(org)
    today = timezone.localdate()
    rows = assets.asset_list(viewer=request.user, org=org, on=today)
    return render(request, "web/funds/assets.html", {
        "org": org, "rows": rows, "can_write": can_write, "today": today, "categories": AssetCategory.choices,
        "min_life": assets.MIN_LIFE_YEARS, "months": range(1, 13)})


@require_POST
def asset_depreciate(request):
    """/funds/assets/depreciate/?org=UA: 计提折旧 of a month (year, month posted)."""
    org = _books(request)
    try:
        year, month = int(request.POST.get("year", "")), int(request.POST.get("month", ""))
        voucher = assets.depreciation_post(actor=request.user, org=org, year=year, month=month)
    except ValueError:
        messages.error(request, "请选择计提折旧的年度和月份。")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已生成{year}年{month}月折旧凭证草稿{voucher.label_full}，请审核记账。")
    return _back(org)


@require_POST
def asset_dispose(request, pk: int):
    """/funds/assets/<pk>/dispose/: 处置 on a date."""
    asset = assets.asset_get(viewer=request.user, pk=pk)
    try:
        date = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        if not can_write_books(request.user, asset.org):
            raise PermissionDenied from None
        messages.error(request, "请填写处置日期（如 2027-01-10）。")
        return _back(asset.org)
    try:
        assets.asset_dispose(actor=request.user, asset=asset, date=date)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"“{asset.name}”已处置，处置凭证草稿待审核。")
    return _back(asset.org)
