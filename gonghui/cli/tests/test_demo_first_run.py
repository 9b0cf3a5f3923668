"""The demo on an empty database: the generated admin password, a refused people count, the credit codes
(test_demo.py shares one demo between its tests)."""

import pytest
from django.core.management.base import CommandError

from gonghui.accounts.models import User
from gonghui.cli.demo import data
from gonghui.cli.demo.build import uscc
from gonghui.cli.tests.helpers import run


def test_it_gives_unions_real_looking_credit_codes():
    from stdnum.cn import uscc as stdnum_uscc

    for spec in data.UNIONS:
        assert stdnum_uscc.is_valid(uscc(spec["area"], spec["org_code"]))


def test_it_generates_and_prints_an_admin_password_once(db):
    out, _ = run("demo", "--no-serve", "--people", "30")
    line = next(x for x in out.splitlines() if x.startswith("超级管理员：admin"))
    password = line.split("密码：", 1)[1].split(" ", 1)[0]
    assert User.objects.get(username="admin").check_password(password)
    again, _ = run("demo", "--no-serve", "--people", "30")
    assert "超级管理员：admin" not in again


def test_it_refuses_a_silly_people_count(db):
    with pytest.raises(CommandError, match="--people 应在 10 到 100000 之间"):
        run("demo", "--no-serve", "--people", "3")
