import json

import pytest
from django.core.management.base import CommandError

from gonghui.cli.tests.helpers import run
from gonghui.core.models import AuditEvent
from gonghui.orgs.models import Org


def test_it_adds_an_org_under_a_parent(cast):
    out, _ = run("org", "add", "--code", "ua-b2", "--name", "图书馆分会", "--kind", "branch", "--parent", "UA",
                 "--founded", "2015-03-01")
    org = Org.objects.get(code="UA-B2")
    assert org.path.startswith(cast.ua.path) and org.depth == cast.ua.depth + 1
    assert org.founded_on.isoformat() == "2015-03-01"
    assert "已在“文化局工会”下新增分会/车间工会“图书馆分会”" in out


def test_it_audits_the_add_as_coming_from_the_cli(cast):
    run("org", "add", "--code", "UA-B3", "--name", "文化馆分会", "--kind", "branch", "--parent", "UA")
    event = AuditEvent.objects.get(object_type="org", action="create", object_repr="文化馆分会")
    assert event.source == "cli"
    assert event.actor is None


def test_it_lists_the_tree_indented(cast):
    out, _ = run("org", "list")
    lines = out.splitlines()
    assert lines[0].startswith("某区总工会  [FED]")
    assert "  文化局工会  [UA] 基层工会" in lines
    assert "      第一小组  [UA-B1-G1] 工会小组" in lines
    assert lines[-1] == "共6个组织。"


def test_it_lists_json_under_an_org(cast):
    out, _ = run("org", "list", "--json", "--under", "UA")
    rows = json.loads(out)
    assert [r["code"] for r in rows] == ["UA", "UA-B1", "UA-B1-G1", "UA-G2"]
    assert rows[0] == {"id": cast.ua.pk, "code": "UA", "name": "文化局工会", "kind": "union", "parent": "FED",
                       "depth": 2, "status": "active"}
    assert rows[2]["parent"] == "UA-B1"


def test_it_refuses_a_group_under_a_federation_with_the_service_message(cast):
    with pytest.raises(CommandError, match="总工会/工会工作委员会下面不能建工会小组"):
        run("org", "add", "--code", "X1", "--name", "小组", "--kind", "group", "--parent", "FED")
    assert not Org.objects.filter(code="X1").exists()


def test_it_refuses_an_unknown_parent(cast):
    with pytest.raises(CommandError, match="找不到上级组织代码“NOPE”"):
        run("org", "add", "--code", "X1", "--name", "分会", "--kind", "branch", "--parent", "NOPE")


def test_it_refuses_a_taken_code(cast):
    with pytest.raises(CommandError, match="组织代码“UA”已被使用"):
        run("org", "add", "--code", "UA", "--name", "另一个", "--kind", "union", "--parent", "FED")


def test_it_refuses_a_bad_date(cast):
    with pytest.raises(CommandError, match="成立日期“2020/1/1”格式不对"):
        run("org", "add", "--code", "X1", "--name", "分会", "--kind", "branch", "--parent", "UA",
            "--founded", "2020/1/1")


def test_it_keeps_another_unions_admin_out(cast):
    # 外单位 administers UB: UA is outside their scope, so from the shell it does not exist for them.
    with pytest.raises(CommandError, match="找不到上级组织代码“UA”，或它不在账号“waidanwei”的管理范围内"):
        run("org", "add", "--as-user", "waidanwei", "--code", "X1", "--name", "分会", "--kind", "branch",
            "--parent", "UA")
    assert not Org.objects.filter(code="X1").exists()


def test_it_lets_a_union_admin_add_inside_their_union(cast):
    run("org", "add", "--as-user", "waidanwei", "--code", "UB-B1", "--name", "一车间分会", "--kind", "branch",
        "--parent", "UB")
    event = AuditEvent.objects.get(object_type="org", action="create", object_repr="一车间分会")
    assert event.actor == cast.admin_b


def test_it_refuses_a_read_only_role(cast):
    with pytest.raises(CommandError, match="只有查看权限"):
        run("org", "add", "--as-user", "shangji", "--code", "X1", "--name", "分会", "--kind", "branch",
            "--parent", "UA")


def test_it_refuses_a_new_top_org_for_a_non_superuser(cast):
    with pytest.raises(CommandError, match="没有权限"):
        run("org", "add", "--as-user", "zhangzhuxi", "--code", "TOP", "--name", "另一个总工会", "--kind",
            "federation")


def test_it_lists_only_the_scope_of_the_user(cast):
    out, _ = run("org", "list", "--as-user", "waidanwei", "--json")
    assert [r["code"] for r in json.loads(out)] == ["UB"]


def test_it_refuses_an_unknown_as_user(cast):
    with pytest.raises(CommandError, match="找不到账号“nobody”（--as-user）"):
        run("org", "list", "--as-user", "nobody")
