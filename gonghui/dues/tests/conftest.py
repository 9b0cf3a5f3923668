"""The hand-counted union of issue 14, built on the cast's 文化局工会 UA (policy from 2026-01: 岗位工资 + 薪级工资,
0.5 %, tail10). Every figure below is counted by hand:

| person          | 会籍                                   | 2026-01 wages       | due 01 | 02     | 03    |
| 王会员 (G1)      | member since 2025-06-01               | 2368.90 + 2000.00   | 21.80  | 21.80  | 22.00 (March file: 2400 + 2000) |
| 周师傅 (G2)      | member since 2025-01-01               | 3000.00 + 1005.50   | 20.00  | 20.00  | 20.00 |
| 钱新人 (G1)      | joins 2026-01-31 (the month's last day) | 1500 + 1234.56    | 13.65  | 13.65  | 13.65 |
| 孙老李 (B1)      | member; 保留会籍 from 2026-02-10        | 5000 + (blank)      | 25.00  | exempt | exempt |
| 赵小赵 (G2)      | member; leaves 2026-02-28              | 2000 + 1009.99      | 15.00  | —      | —     |
| 李无薪 (G1)      | member since 2020, no wage row         | —                   | 缺工资数据 (owes nothing) |
| 吴非会 (G1)      | never a member                         | 3000 + 0            | —      | —      | —     |
February has no wage file: the January rows stand. Totals: 01 95.45, 02 55.45, 03 55.65.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gonghui.conftest import make_id

D = dt.date

WAGES_JAN = """2026年1月工资表
序号,姓名,身份证号码,工号,部门,岗位工资,薪级工资,绩效工资,应发合计
1,王会员,{wang},A001,办公室,"2,368.90",2000.00,800,5168.90
2,周师傅,{zhou},A002,后勤,3000,1005.50,0,4005.50
3,钱新人,{qian},,办公室,1500,1234.56,0,2734.56
4,孙老李,{sun},A004,财务科,5000,,100,5100
5,赵小赵,,A005,后勤,2000,1009.99,0,3009.99
6,吴非会,{wu},A006,办公室,3000,0,0,3000
合计,,,,,,,,
制表人：张三,,,,,,,,
"""

WAGES_MAR = """序号,姓名,身份证号码,岗位工资,薪级工资
1,王会员,{wang},2400,2000
"""


@pytest.fixture
def hand(cast):
    from types import SimpleNamespace

    from gonghui.accounts.scoping import SYSTEM
    from gonghui.dues import services
    from gonghui.orgs.selectors import org_get
    from gonghui.people import services as people

    h = SimpleNamespace(cast=cast)
    actor = cast.root

    def person(name, org, seq, **kw):
        return people.person_create(actor=actor, org=org, name=name, id_number=make_id("19800101", seq), **kw)

    def join(p, date, kind="join"):
        people.membership_event_add(actor=actor, person=p, kind=kind, date=date)

    h.wang, h.zhou = cast.wang_person, cast.zhou_person
    join(h.wang, D(2025, 6, 1))
    join(h.zhou, D(2025, 1, 1))
    h.qian = person("钱新人", cast.ua_g1, 401)
    join(h.qian, D(2026, 1, 31))
    h.sun = person("孙老李", cast.ua_b1, 402, employee_no="A004")
    join(h.sun, D(2020, 1, 1))
    join(h.sun, D(2026, 2, 10), "retain")
    h.zhao = person("赵小赵", cast.ua_g2, 403, employee_no="A005")
    join(h.zhao, D(2020, 1, 1))
    join(h.zhao, D(2026, 2, 28), "leave")
    h.li = person("李无薪", cast.ua_g1, 404)
    join(h.li, D(2020, 1, 1))
    h.wu = person("吴非会", cast.ua_g1, 405, employee_no="A006")
    h.ua = org_get(viewer=SYSTEM, code="UA")
    h.ua_g1 = org_get(viewer=SYSTEM, code="UA-B1-G1")
    services.policy_set(actor=SYSTEM, org=h.ua, month=D(2026, 1, 1), base_components="岗位工资,薪级工资",
                        rate="0.5%", rounding="tail10")
    ids = {"wang": h.wang.id_number, "zhou": h.zhou.id_number, "qian": h.qian.id_number, "sun": h.sun.id_number,
           "wu": h.wu.id_number}
    h.wages_jan = WAGES_JAN.format(**ids).encode("gbk")
    h.wages_mar = WAGES_MAR.format(**ids).encode("utf-8")
    return h


@pytest.fixture
def hand_wages(hand):
    from gonghui.accounts.scoping import SYSTEM
    from gonghui.dues.imports import wages_import

    wages_import(actor=SYSTEM, org=hand.ua, month=D(2026, 1, 1), source=hand.wages_jan, filename="1月工资.csv")
    wages_import(actor=SYSTEM, org=hand.ua, month=D(2026, 3, 1), source=hand.wages_mar, filename="3月工资.csv")
    return hand
