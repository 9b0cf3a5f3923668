#!/usr/bin/env python3
"""A year of a union's books at scale: 50,000 voucher lines imported, then 工会01表/02表 and 科目余额表.

    python benchmarks/finance.py --lines 50000

Writes a voucher file of `--lines` lines (vouchers of 2 to 4 lines over twelve months, income and expense
accounts, 专项 and not), imports it as posted (funds.importing.voucher_import, actor SYSTEM, fresh SQLite
database), then times statements_for (a month and the year) and balances_for (the year), the best of
`--repeat`. `import_cpu_seconds` is the process's CPU time: on a machine shared with other work (the load
average is printed) the wall-clock figure waits for the CPU too. Targets (issue 15): statements and 科目余额表 <= 0.5 s each, import <= 5 s. Prints one JSON line last.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import people as people_bench

INCOME = [("401", False), ("402", False), ("40301", False), ("40302", True), ("408", False)]
EXPENSE = [("50101", False), ("50102", False), ("50105", False), ("50301", False), ("50404", True),
           ("50405", True), ("50501", False), ("50502", False), ("50702", False), ("510", False)]


def voucher_file(path: Path, lines: int, seed: int = 15) -> int:
    from gonghui.core.tabular import SafeXlsxWriter

    rng = random.Random(seed)
    written = vouchers = 0
    numbers = [0] * 13
    with SafeXlsxWriter(str(path), sheet_name="凭证") as out:
        out.write_header(["日期", "凭证号", "摘要", "科目", "借方金额", "贷方金额", "专项", "项目"])
        while written < lines:
            month = 1 + (vouchers * 12) // max(1, lines // 3)
            month = min(month, 12)
            numbers[month] += 1
            date = dt.date(2026, month, rng.randint(1, 28))
            n = min(rng.choice((2, 2, 3, 4)), lines - written) if lines - written >= 2 else 2
            amounts = [Decimal(rng.randint(100, 500_000)) / 100 for _ in range(n - 1)]
            total = sum(amounts)
            cash = rng.choice(("102 银行存款", "库存现金"))
            if rng.random() < 0.4:  # income: debit cash, credit income accounts
                account, earmarked = rng.choice(INCOME)
                rows = [(cash, total, None, earmarked)] + [(account, None, a, earmarked) for a in amounts]
            else:
                account, earmarked = rng.choice(EXPENSE)
                rows = [(account, a, None, earmarked) for a in amounts] + [(cash, None, total, earmarked)]
            for acc, d, c, e in rows:
                out.write_row([date, f"记-{numbers[month]}", "业务往来", acc, d, c, "是" if e else "否",
                               "送温暖" if e else ""])
            written += len(rows)
            vouchers += 1
    return written


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(min(times), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.reuse, args.reuse_dir = False, ""
    people_bench.setup(args)
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.core.scope_guard import unscoped
    from gonghui.funds.importing import voucher_import
    from gonghui.funds.models import VoucherLine
    from gonghui.funds.statements import balances_for, statements_for
    from gonghui.orgs.services import org_create

    union = org_create(actor=SYSTEM, parent=None, kind="union", name="基准工会", code="BENCH")
    path = Path(tempfile.mkdtemp(prefix="gh-fin-")) / "凭证.xlsx"
    lines = voucher_file(path, args.lines)
    start, cpu = time.perf_counter(), time.process_time()
    result = voucher_import(actor=SYSTEM, org=union, source=str(path), post=True)
    import_s = round(time.perf_counter() - start, 3)
    import_cpu = round(time.process_time() - cpu, 3)
    assert result.counts["refused"] == 0, result.refusals[:3]
    with unscoped("benchmark check"):
        stored = VoucherLine.objects.count()
    start = time.perf_counter()
    again = voucher_import(actor=SYSTEM, org=union, source=str(path), post=True, dry_run=True)
    reimport_s = round(time.perf_counter() - start, 3)

    year = statements_for(viewer=SYSTEM, org=union, period="2026")
    bs = year.balance_sheet
    assert bs.value("资产总计", "期末余额") == bs.value("负债与净资产总计", "期末余额"), (
        bs.value("资产总计", "期末余额"), bs.value("负债与净资产总计", "期末余额"))
    out = {
        "lines": lines, "stored_lines": stored, "vouchers": result.counts["created"],
        "import_seconds": import_s, "import_cpu_seconds": import_cpu, "reimport_dry_run_seconds": reimport_s,
        "reimport_unchanged": again.counts["unchanged"],
        "statements_month_seconds": best(lambda: statements_for(viewer=SYSTEM, org=union, period="2026-06"),
                                         args.repeat),
        "statements_year_seconds": best(lambda: statements_for(viewer=SYSTEM, org=union, period="2026"), args.repeat),
        "balances_year_seconds": best(lambda: balances_for(viewer=SYSTEM, org=union, period="2026"), args.repeat),
        "balances_month_seconds": best(lambda: balances_for(viewer=SYSTEM, org=union, period="2026-06"),
                                       args.repeat),
        "load_average": round(os.getloadavg()[0], 1),
        "targets": {"statements_s": 0.5, "balances_s": 0.5, "import_s": 5},
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
