"""The real console script in a real process: exit codes and Chinese messages as a shell sees them."""

import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def gonghui(tmp_path_factory):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGHUI_SECRET_KEY_FILE")}
    # A throwaway SQLite data dir, never the developer's (or CI's PostgreSQL) database.
    env.update(GONGHUI_DATA_DIR=str(tmp_path_factory.mktemp("data")), GONGHUI_TESTING="1",
               DJANGO_SETTINGS_MODULE="gonghui.settings", PYTHONIOENCODING="utf-8")

    def call(*args):
        return subprocess.run([sys.executable, "-m", "gonghui", *args], env=env, capture_output=True, check=False,
                              text=True, encoding="utf-8", timeout=120)

    assert call("migrate", "-v0").returncode == 0
    return call


def test_it_adds_and_lists_orgs_in_a_real_process(gonghui):
    first = gonghui("org", "add", "--code", "FED", "--name", "某区总工会", "--kind", "federation")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "已在最上级新增总工会/工会工作委员会“某区总工会”（代码 FED）。"
    listed = gonghui("org", "list")
    assert listed.returncode == 0 and "某区总工会  [FED]" in listed.stdout


def test_it_exits_1_with_the_nesting_message(gonghui):
    gonghui("org", "add", "--code", "FED2", "--name", "另一区总工会", "--kind", "federation")
    refused = gonghui("org", "add", "--code", "G1", "--name", "小组", "--kind", "group", "--parent", "FED2")
    assert refused.returncode == 1
    assert "总工会/工会工作委员会下面不能建工会小组" in refused.stderr


def test_it_exits_1_for_an_unknown_user(gonghui):
    # Tests may run on different xdist workers, each with its own data dir: make the org here.
    gonghui("org", "add", "--code", "FED3", "--name", "第三区总工会", "--kind", "federation")
    result = gonghui("user", "grant", "--username", "nobody", "--role", "viewer", "--org", "FED3")
    assert result.returncode == 1 and "找不到账号“nobody”" in result.stderr


def test_it_exits_2_on_bad_arguments(gonghui):
    result = gonghui("org", "add", "--code", "X", "--name", "X", "--kind", "committee")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr or "无效的选项" in result.stderr
    assert gonghui("user").returncode == 2
