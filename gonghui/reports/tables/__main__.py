"""Write the tables workbook without the CLI wiring:

    python -m gonghui.reports.tables --org CODE --period 2026H1 -o tables.xlsx
    python -m gonghui.reports.tables --org CODE --from 2026-01-01 --to 2026-03-31 -o tables.xlsx

(`gonghui report tables` calls the same `tables_cli_write` once it is wired into the CLI.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gonghui.reports.tables", description="上级工会统计报表（.xlsx）")
    parser.add_argument("--org", required=True, help="组织代码")
    parser.add_argument("--period", help="2026H1、2026Q1、2026、2026-05 …")
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat)
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from gonghui.core.periods import parse_period
    from gonghui.orgs.models import Org
    from gonghui.reports.tables import tables_cli_write

    org = Org.objects.get(code=args.org.strip().upper())
    period = parse_period(args.period, start=args.start, end=args.end)
    failures = tables_cli_write(org, period, args.output)
    print(f"{org.name} · {period.label}：已写入 {args.output}")
    print("逻辑检查：全部通过" if not failures else f"逻辑检查：{len(failures)} 项不一致")
    for f in failures:
        print("  " + str(f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
