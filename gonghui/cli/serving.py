"""Running the app: waitress in front, one db_worker beside it (the database is made ready before, by every
command: cli/database.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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


def serve(*, host: str, port: int, threads: int, worker: bool, stdout, verbosity: int = 1) -> None:
    """Block serving gonghui.wsgi until interrupted (Ctrl+C, or SIGTERM from systemd)."""
    import waitress
    from django.core.management.base import CommandError

    # whitenoise warns about a missing STATIC_ROOT; static files come from the package (finders) anyway.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    from gonghui.wsgi import application

    allow_host(host)
    try:
        server = waitress.create_server(application, host=host, port=port, threads=threads, ident="gonghui")
    except OSError as exc:
        raise CommandError(_("无法监听 %(host)s:%(port)d：%(err)s。端口可能已被占用，请换一个 --port。")
                           % {"host": host, "port": port, "err": exc.strerror or exc}) from None
    proc = start_worker(verbosity=max(0, verbosity - 1)) if worker else None
    previous = None
    if hasattr(signal, "SIGTERM"):
        # Turn SIGTERM into a normal exit so the finally block below stops the worker.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        if verbosity >= 1:
            stdout.write(_("gonghui 已启动：%(url)s （按 Ctrl+C 停止）") % {"url": url_for(host, port)})
            if proc is not None:
                stdout.write(_("后台任务进程已启动（pid %(pid)d）。") % {"pid": proc.pid})
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        stop_worker(proc)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
