from unittest import mock

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from gonghui.cli import database, serving
from gonghui.cli.tests.helpers import run


@pytest.fixture
def fake_server():
    server = mock.Mock()
    with mock.patch("waitress.create_server", return_value=server) as create, \
            mock.patch.object(serving, "default_processes", return_value=1), \
            mock.patch.object(serving, "start_worker") as start, \
            mock.patch.object(serving, "stop_worker") as stop:
        yield create, server, start, stop


def test_it_serves_the_wsgi_app_with_the_given_options(db, fake_server):
    create, server, start, stop = fake_server
    out, _ = run("serve", "--port", "8123", "--threads", "4")
    from gonghui.wsgi import application

    create.assert_called_once_with(application, host="127.0.0.1", port=8123, threads=4, ident="gonghui")
    server.run.assert_called_once()
    start.assert_called_once()
    stop.assert_called_once_with(start.return_value)
    assert "gonghui 已启动：http://127.0.0.1:8123/" in out


def test_it_can_run_without_the_worker(db, fake_server):
    _create, _server, start, stop = fake_server
    run("serve", "--no-worker")
    start.assert_not_called()
    stop.assert_called_once_with(None)


def test_it_stops_the_worker_when_the_server_is_interrupted(db, fake_server):
    _create, server, start, stop = fake_server
    server.run.side_effect = KeyboardInterrupt
    out, _ = run("serve")
    stop.assert_called_once_with(start.return_value)
    server.close.assert_called_once()
    assert out.splitlines()[-1] == "gonghui 已停止。"


def test_it_migrates_only_when_needed(db, fake_server):
    with mock.patch.object(database, "pending_migrations", return_value=[]), \
            mock.patch.object(database, "call_command") as call:
        _out, err = run("serve")
    call.assert_not_called()
    assert err == ""
    with mock.patch.object(database, "pending_migrations", return_value=["x"]), \
            mock.patch.object(database, "call_command") as call:
        _out, err = run("serve")
    call.assert_called_once_with("migrate", database="default", interactive=False, verbosity=0)
    assert err.startswith("已更新数据库结构（1项迁移）：")


def test_it_allows_the_named_host_but_not_a_wildcard(db, fake_server, monkeypatch):
    monkeypatch.setattr(settings, "ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
    run("serve", "--host", "0.0.0.0")
    assert settings.ALLOWED_HOSTS == ["localhost", "127.0.0.1"]
    out, _ = run("serve", "--host", "192.168.1.20")
    assert "192.168.1.20" in settings.ALLOWED_HOSTS
    assert "http://192.168.1.20:8000/" in out


def test_it_refuses_a_bad_port(db, fake_server):
    with pytest.raises(CommandError, match="端口 70000 无效"):
        run("serve", "--port", "70000")
    fake_server[0].assert_not_called()


def test_it_reports_a_busy_port_in_chinese(db):
    with mock.patch("waitress.create_server", side_effect=OSError(98, "Address already in use")), \
            pytest.raises(CommandError, match="无法监听 127.0.0.1:8000"):
        run("serve", "--no-worker", "--processes", "1")


def test_several_processes_share_one_listening_socket_and_stop_together(db, fake_server):
    create, _server, start, stop = fake_server
    sockets = [mock.Mock()]
    with mock.patch.object(serving, "listen", return_value=sockets) as listen, \
            mock.patch("os.fork", side_effect=[101, 102]) as fork, \
            mock.patch("os.waitpid", side_effect=lambda pid, flags: (pid, 0)), \
            mock.patch("os.kill") as kill, \
            mock.patch("time.sleep", side_effect=[KeyboardInterrupt, None, None]):
        out, _ = run("serve", "--processes", "2", "--threads", "6")
    listen.assert_called_once_with("127.0.0.1", 8000)
    assert fork.call_count == 2
    create.assert_not_called()  # the children make their servers, on the parent's socket
    assert sorted(c.args for c in kill.call_args_list if c.args[1] == serving.signal.SIGTERM) == [
        (101, serving.signal.SIGTERM), (102, serving.signal.SIGTERM)]
    stop.assert_called_once_with(start.return_value)
    assert "2 个服务进程，每个 6 个线程。" in out


def test_a_child_serves_the_parents_sockets_and_never_returns():
    sockets = [mock.Mock()]
    with mock.patch("waitress.create_server") as create, mock.patch("os._exit", side_effect=SystemExit) as exit_:
        with pytest.raises(SystemExit):
            serving._child("app", sockets, 6)
    create.assert_called_once_with("app", sockets=sockets, threads=6, ident="gonghui")
    create.return_value.run.assert_called_once()
    exit_.assert_called_once_with(0)


def test_it_listens_on_a_real_socket_and_reports_a_busy_one():
    first = serving.listen("127.0.0.1", 0)
    try:
        port = first[0].getsockname()[1]
        assert port > 0
        with pytest.raises(OSError):
            serving.listen("127.0.0.1", port)
    finally:
        for sock in first:
            sock.close()


def test_it_refuses_a_bad_process_count(db, fake_server):
    with pytest.raises(CommandError, match="进程数 0 无效"):
        run("serve", "--processes", "0")


def test_the_worker_runs_db_worker_with_the_same_data_dir():
    with mock.patch("subprocess.Popen") as popen:
        serving.start_worker()
    cmd, env = popen.call_args.args[0], popen.call_args.kwargs["env"]
    assert cmd[1:4] == ["-m", "gonghui", "db_worker"]
    assert env["GONGHUI_DATA_DIR"] == str(settings.DATA_DIR)
