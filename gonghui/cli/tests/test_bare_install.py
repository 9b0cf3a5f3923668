"""A data dir that was never set up, through the real console script: every command creates the database
first (one line on stderr), and no command ends in a traceback for a user's mistake or a closed pipe."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PASSWORD = "Xq7#Bare-2026!"


def console(data):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGHUI_SECRET_KEY_FILE")}
    env.update(GONGHUI_DATA_DIR=str(data), GONGHUI_TESTING="1", DJANGO_SETTINGS_MODULE="gonghui.settings",
               PYTHONIOENCODING="utf-8")

    def call(*args, **kwargs):
        return subprocess.run([sys.executable, "-m", "gonghui", *args], env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=180, check=False, stdin=subprocess.DEVNULL, **kwargs)

    call.env = env
    call.data = data
    return call


@pytest.fixture
def bare(tmp_path):
    return console(tmp_path / "data")


@pytest.fixture(scope="module")
def ready(tmp_path_factory):
    """One data dir set up (by its first command) for the tests that are not about setting up."""
    call = console(tmp_path_factory.mktemp("ready") / "data")
    assert call("org", "add", "--code", "FED", "--name", "某区总工会", "--kind", "federation").returncode == 0
    return call


def assert_clean(result, code=0):
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr.replace("CommandError:", "")


def test_every_command_works_on_a_new_data_dir(bare):
    listed = bare("org", "list")
    assert_clean(listed)
    assert listed.stdout.strip() == "共0个组织。"
    assert listed.stderr.strip() == f"已初始化数据库：{bare.data / 'gonghui.sqlite3'}"

    added = bare("org", "add", "--code", "FED", "--name", "某区总工会", "--kind", "federation")
    assert_clean(added)
    assert added.stderr == ""  # set up once: no note any more
    assert_clean(bare("user", "add", "--username", "xiaoli", "--password", PASSWORD, "--role", "admin",
                      "--org", "FED"))
    admin = bare("createadmin", "--username", "root", "--password", PASSWORD)
    assert_clean(admin)
    assert admin.stdout.strip() == "已创建超级管理员“root”。"


@pytest.mark.parametrize("command", [("user", "add", "--username", "u", "--password", PASSWORD, "--role", "admin",
                                      "--org", "NONE"),
                                     ("createadmin",)])
def test_the_first_command_may_be_any(bare, command):
    result = bare(*command)
    assert result.stderr.startswith("已初始化数据库：")
    assert "Traceback" not in result.stderr
    if command[0] == "user":
        assert result.returncode == 1 and "找不到组织代码“NONE”" in result.stderr
    else:
        assert result.returncode == 0 and "已创建超级管理员" in result.stdout


def test_a_mistake_is_one_chinese_line(ready):
    again = ready("org", "add", "--code", "FED", "--name", "某区总工会", "--kind", "federation")
    assert_clean(again, 1)
    assert again.stderr.strip() == "CommandError: 组织代码“FED”已被使用，请换一个。"
    unwritable = ready("roster", "export", "--org", "FED", "-o", str(ready.data / "no" / "such" / "dir.xlsx"))
    assert_clean(unwritable, 1)
    assert "文件或文件夹不存在" in unwritable.stderr


def test_a_closed_pipe_ends_quietly(ready):
    proc = subprocess.Popen([sys.executable, "-m", "gonghui", "org", "list"], env=ready.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    proc.stdout.close()  # like `| head -1` having read its line and gone
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=180) == 1
    assert err == ""
