"""Running the app: waitress in front, one db_worker beside it (the database is made ready before, by every
command: cli/database.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

WILDCARD_HOSTS = {"0.0.0.0", "::", "", "*"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def allow_host(host: str) -> bool:
    """Let Django answer requests for the host we listen on. Returns True when it was added.

    A wildcard address (0.0.0.0) says nothing about the names clients will use: those come from
    GONGHUI_ALLOWED_HOSTS (see docs/deploy.md).
    """
    if host in WILDCARD_HOSTS or host in LOCAL_HOSTS:
        return False
    name = host.strip("[]")
    if name in settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        return False
    settings.ALLOWED_HOSTS.append(name)
    return True


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in WILDCARD_HOSTS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def start_worker(verbosity: int = 1) -> subprocess.Popen:
    """django-tasks-db's db_worker in its own process, with the same settings and data dir."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE or "gonghui.settings")
    env["GONGHUI_DATA_DIR"] = str(settings.DATA_DIR)
    cmd = [sys.executable, "-m", "gonghui", "db_worker", "--queue-name", "*", "--no-reload",
           "--verbosity", str(verbosity)]
    return subprocess.Popen(cmd, env=env)


def stop_worker(proc: subprocess.Popen | None, timeout: float = 15) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()  # db_worker finishes its current task on SIGTERM
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def default_processes() -> int:
    """One server process per core, up to 4, where processes can be forked (not on Windows): one process runs
    Python on one core at a time, so on a two-core PC a second process doubles what the server can answer."""
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def serve(*, host: str, port: int, threads: int, worker: bool, stdout, verbosity: int = 1,
          processes: int = 1) -> None:
    """Block serving gonghui.wsgi until interrupted (Ctrl+C, or SIGTERM from systemd).

    With processes > 1 (POSIX only) the listening socket is bound here and that many forked children serve it,
    each with its own threads; a child that dies is replaced."""
    import waitress
    from django.core.management.base import CommandError

    # whitenoise warns about a missing STATIC_ROOT; static files come from the package (finders) anyway.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from gonghui.wsgi import application

    allow_host(host)
    processes = processes if hasattr(os, "fork") else 1
    try:
        if processes > 1:
            sockets = listen(host, port)
            server = None
        else:
            server = waitress.create_server(application, host=host, port=port, threads=threads, ident="gonghui")
    except OSError as exc:
        raise CommandError(_("无法监听 %(host)s:%(port)d：%(err)s。端口可能已被占用，请换一个 --port。")
                           % {"host": host, "port": port, "err": exc.strerror or exc}) from None
    proc = start_worker(verbosity=max(0, verbosity - 1)) if worker else None
    previous = None
    if hasattr(signal, "SIGTERM"):
        # Turn SIGTERM into a normal exit so the finally block below stops the worker.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    children: set[int] = set()
    try:
        if verbosity >= 1:
            stdout.write(_("gonghui 已启动：%(url)s （按 Ctrl+C 停止）") % {"url": url_for(host, port)})
            if processes > 1:
                stdout.write(_("%(n)d 个服务进程，每个 %(t)d 个线程。") % {"n": processes, "t": threads})
            if proc is not None:
                stdout.write(_("后台任务进程已启动（pid %(pid)d）。") % {"pid": proc.pid})
        if server is not None:
            server.run()
        else:
            _run_children(application, sockets, threads, processes, children)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if server is not None:
            server.close()
        _stop_children(children)
        stop_worker(proc)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def listen(host: str, port: int) -> list[socket.socket]:
    """Bound, listening sockets for every address `host` resolves to (as waitress would make them)."""
    out = []
    seen = set()
    infos = socket.getaddrinfo(None if host in ("", "*") else host.strip("[]"), port, socket.AF_UNSPEC,
                               socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
    try:
        for family, kind, proto, _name, address in infos:
            if (family, address) in seen:
                continue
            seen.add((family, address))
            sock = socket.socket(family, kind, proto)
            out.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(1024)
    except OSError:
        for sock in out:
            sock.close()
        raise
    return out


def _run_children(application, sockets, threads: int, processes: int, children: set[int]) -> None:
    from django.db import connections

    connections.close_all()  # a database connection must never be shared with a forked child
    while True:
        while len(children) < processes:
            pid = os.fork()
            if pid == 0:
                _child(application, sockets, threads)
            children.add(pid)
        time.sleep(0.5)
        for pid in list(children):  # only our children: os.wait() would also reap the db_worker
            if os.waitpid(pid, os.WNOHANG)[0]:
                children.discard(pid)


def _child(application, sockets, threads: int) -> None:
    import waitress

    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        waitress.create_server(application, sockets=sockets, threads=threads, ident="gonghui").run()
    except KeyboardInterrupt:
        pass
    except BaseException:  # noqa: BLE001 - the parent replaces a child that dies; say why first
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _stop_children(children: set[int], timeout: float = 10) -> None:
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while children and time.monotonic() < deadline:
        for pid in list(children):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
            except ChildProcessError:
                children.discard(pid)
        time.sleep(0.05)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    children.clear()
