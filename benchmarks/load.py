#!/usr/bin/env python3
"""Twenty officers at once: a bounded load test of `gonghui serve` on localhost.

    python benchmarks/load.py                                # 20 clients, 60 s, demo data built in a temp dir
    python benchmarks/load.py --keep /tmp/gh-load            # build the demo there once, reuse it afterwards
    python benchmarks/load.py --keep /tmp/gh-load --clients 1 --seconds 30    # single-client latency

Builds the demo federation (`gonghui demo --no-serve`: 区总工会, 3 基层工会, 2,000 people, about 1,700 ledger
entries), gives three of its accounts (admin, the hospital union's 管理员 yiyuan, the culture bureau's 干事
ganshi) an API token, copies the data dir to a fresh temp dir (so every run starts from the same database),
starts `gonghui serve --no-worker` there on a free port of 127.0.0.1, and drives it with `--clients` clients
for `--seconds` seconds. Each client logs in as one of the three (client i as account i mod 3), then sends
requests back to back (no think time), drawing each one from the mix (seeded):

  1/2 pages      the home page, the 数据看板 and the 报表 page (each of the viewer's top org), the member list, a
                 ledger list (the session of the login)
  1/3 API writes POST /ledgers/meeting, POST /ledgers/study (dated in this half-year, so they change the
                 numbers the pages show), PATCH /people/{id} (a token)
  1/6 API reads  /people, /ledgers/meeting, /indicators, /orgs, /people/{id} (a token)

Prints one JSON line last: requests and errors (any status but the expected one, or a failed connection) per
kind and in all, p50/p95 in ms per kind and per group (pages, api_write, api_read), the server's threads and
the load average before and after. Everything stops by itself: the clients at the deadline (a request still
running is waited for, 30 s at most), then the server. Localhost only: the server listens on 127.0.0.1.
Targets (issue 13 §4, 20 clients on 2 cores): 0 errors, pages p95 <= 1 s, API writes p95 <= 0.3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "Load#Bench-2026x"
USERS = ("admin", "yiyuan", "ganshi")  # all three may write ledgers and people in their subtree
HOST = "127.0.0.1"
TIMEOUT = 30.0


def gonghui(data_dir: str, *args: str, capture: bool = True) -> str:
    """Run `python -m gonghui ...` from this checkout on the data dir."""
    env = {**os.environ, "GONGHUI_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)  # the data dir's SQLite file: localhost, bounded
    out = subprocess.run([PYTHON, "-m", "gonghui", *args], cwd=ROOT, env=env, check=True, text=True,
                         capture_output=capture)
    return out.stdout if capture else ""


SETUP = """
import django, json, sys
django.setup()
from django.core.exceptions import ValidationError
from gonghui.accounts import selectors, services
from gonghui.accounts.scoping import SYSTEM
out = {}
for name in sys.argv[1:]:
    user = selectors.user_list(viewer=SYSTEM).get(username=name)
    try:
        services.password_reset(actor=SYSTEM, user=user, new_password=PASSWORD, force_change=False)
    except ValidationError:  # already this password (a build interrupted after this step)
        pass
    out[name] = services.token_create(actor=SYSTEM, user=user, name="load benchmark", expires_in_days=None)
print(json.dumps(out))
"""


def build(base: str, people: int) -> dict:
    """The demo in `base`, the three accounts with a known password and a token each (base/load.json)."""
    meta_file = Path(base, "load.json")
    if meta_file.exists():
        return json.loads(meta_file.read_text())
    Path(base).mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    gonghui(base, "demo", "--no-serve", "--people", str(people))
    env = {**os.environ, "GONGHUI_DATA_DIR": base, "DJANGO_SETTINGS_MODULE": "gonghui.settings"}
    env.pop("DATABASE_URL", None)
    script = SETUP.replace("PASSWORD", repr(PASSWORD))
    out = subprocess.run([PYTHON, "-c", script, *USERS], cwd=ROOT, env=env, check=True, text=True,
                         capture_output=True).stdout
    meta = {"people": people, "password": PASSWORD, "tokens": json.loads(out.strip().splitlines()[-1]),
            "build_s": round(time.perf_counter() - t0, 1)}
    meta_file.write_text(json.dumps(meta))
    return meta


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time so far of a process and its children (the forked server processes; Linux /proc;
    None elsewhere)."""
    total, found = 0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
            found = True
    return total / os.sysconf("SC_CLK_TCK") if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(data_dir: str, port: int, threads: int | None, source: Path = ROOT,
                 processes: int | None = None) -> subprocess.Popen:
    env = {**os.environ, "GONGHUI_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    cmd = [PYTHON, "-m", "gonghui", "serve", "--host", HOST, "--port", str(port), "--no-worker", "-v0"]
    if threads:
        cmd += ["--threads", str(threads)]
    if processes:
        cmd += ["--processes", str(processes)]
    # waitress's "Task queue depth" warnings and any traceback go to the log, shown when the run had errors.
    with open(Path(data_dir, "server.log"), "ab") as log:
        proc = subprocess.Popen(cmd, cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise SystemExit("the server did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Client:
    """One officer: a keep-alive connection, a login session and the account's API token."""

    def __init__(self, port: int, username: str, password: str, token: str, rng: random.Random):
        self.port, self.username, self.password, self.token, self.rng = port, username, password, token, rng
        self.conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        self.cookies: dict[str, str] = {}

    def send(self, method: str, url: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, url, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: one fresh try.
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
                if attempt == 2:
                    raise
        for value in resp.headers.get_all("Set-Cookie") or ():
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, data

    def login(self) -> None:
        self.send("GET", "/accounts/login/")
        body = urlencode({"username": self.username, "password": self.password,
                          "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        status, _ = self.send("POST", "/accounts/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{self.port}/accounts/login/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {self.username} failed ({status})")

    def api(self, method: str, path: str, payload: dict | None = None):
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        cookies, self.cookies = self.cookies, {}  # a token call carries no session
        try:
            return self.send(method, "/api/v1" + path, body, headers)
        finally:
            self.cookies = cookies

    def prepare(self) -> None:
        """The orgs and a few people this account may write (untimed)."""
        status, data = self.api("GET", "/orgs?page_size=200")
        orgs = json.loads(data)["items"] if status == 200 else []
        self.orgs = [o["code"] for o in orgs if o["kind"] in ("union", "branch", "group")]
        top = min(orgs, key=lambda o: o["depth"]) if orgs else None
        self.top = top["code"] if top else ""
        status, data = self.api("GET", "/people?" + urlencode({"org": self.top, "page_size": 100}))
        self.people = [p["id"] for p in json.loads(data)["items"]] if status == 200 else []
        if not self.orgs or not self.people:
            raise SystemExit(f"{self.username} sees no org or person to write")


def requests_for(client: Client, period: str, today: dt.date):
    """(group, kind, method, call, expected status) for the mix: 1/2 pages, 1/3 API writes, 1/6 API reads."""
    rng = client.rng
    start = dt.date(today.year, 1 if today.month <= 6 else 7, 1)
    day = lambda: (start + dt.timedelta(days=rng.randrange((today - start).days + 1))).isoformat()
    pages = [
        ("home", "/"),
        ("dashboard", "/dashboard/"),
        ("reports", "/reports/"),
        ("people_list", "/people/"),
        ("ledger_list", "/ledgers/meeting/"),
    ]
    writes = [
        ("meeting_create", lambda: client.api("POST", "/ledgers/meeting", {
            "org": rng.choice(client.orgs), "date": day(), "meeting_type": "committee",
            "title": f"压测会议{rng.randrange(10**6)}", "participant_count": rng.randrange(3, 30)}), 201),
        ("study_create", lambda: client.api("POST", "/ledgers/study", {
            "org": rng.choice(client.orgs), "date": day(), "study_type": "safety",
            "topic": f"压测学习{rng.randrange(10**6)}", "participant_count": rng.randrange(5, 60)}), 201),
        ("person_update", lambda: client.api("PATCH", f"/people/{rng.choice(client.people)}", {
            "post": rng.choice(["车工", "钳工", "护士", "会计", "文员"])}), 200),
    ]
    reads = [
        ("people_api", lambda: client.api("GET", "/people?" + urlencode({"org": client.top})), 200),
        ("ledgers_api", lambda: client.api("GET", "/ledgers/meeting?" + urlencode({"org": client.top})), 200),
        ("indicators_api", lambda: client.api("GET", "/indicators?" + urlencode(
            {"org": client.top, "period": period})), 200),
        ("orgs_api", lambda: client.api("GET", "/orgs"), 200),
        ("person_api", lambda: client.api("GET", f"/people/{rng.choice(client.people)}"), 200),
    ]
    while True:
        draw = rng.randrange(6)
        if draw < 3:
            kind, url = rng.choice(pages)
            yield "pages", kind, (lambda url=url: client.send("GET", url)), 200
        elif draw < 5:
            kind, call, expected = rng.choice(writes)
            yield "api_write", kind, call, expected
        else:
            kind, call, expected = rng.choice(reads)
            yield "api_read", kind, call, expected


def percentile(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return round(s[min(len(s) - 1, max(0, round(q * len(s)) - 1))] * 1000, 1) if s else 0.0


def summary(samples: dict[tuple, list[float]], errors: dict[tuple, int], key) -> dict:
    out: dict[str, dict] = {}
    keys = {key(k) for k in list(samples) + list(errors)}
    for name in sorted(keys):
        times = [t for k, ts in samples.items() if key(k) == name for t in ts]
        errs = sum(n for k, n in errors.items() if key(k) == name)
        out[name] = {"requests": len(times) + errs, "errors": errs, "p50_ms": percentile(times, 0.5),
                     "p95_ms": percentile(times, 0.95)}
    return out


def run_load(port: int, meta: dict, n_clients: int, seconds: float, seed: int, think: float, pid: int
             ) -> tuple[dict, dict, list, float | None]:
    today = dt.date.today()
    period = f"{today.year}H{1 if today.month <= 6 else 2}"
    clients = []
    for i in range(n_clients):
        user = USERS[i % len(USERS)]
        c = Client(port, user, meta["password"], meta["tokens"][user], random.Random(seed + i))
        c.login()
        c.prepare()
        clients.append(c)
    samples: dict[tuple, list[float]] = {}
    errors: dict[tuple, int] = {}
    failures: list[str] = []
    lock = threading.Lock()
    begin = threading.Barrier(n_clients + 1)
    deadline = [0.0]

    def drive(c: Client) -> None:
        mix = requests_for(c, period, today)
        begin.wait()
        while time.monotonic() < deadline[0]:
            if think:  # an officer reads the page before the next click: 0.5x to 1.5x `think`
                time.sleep(min(think * (0.5 + c.rng.random()), max(0.0, deadline[0] - time.monotonic())))
                if time.monotonic() >= deadline[0]:
                    break
            group, kind, call, expected = next(mix)
            t = time.perf_counter()
            try:
                status, body = call()
                ok = status == expected
                why = f"{kind}: {status} {body[:200]!r}"
            except Exception as exc:  # noqa: BLE001  a failed connection counts as an error, not a crash of the run
                ok, why = False, f"{kind}: {exc!r}"
            elapsed = time.perf_counter() - t
            with lock:
                if ok:
                    samples.setdefault((group, kind), []).append(elapsed)
                else:
                    errors[(group, kind)] = errors.get((group, kind), 0) + 1
                    if len(failures) < 10:
                        failures.append(why)

    threads = [threading.Thread(target=drive, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    cpu_before = cpu_seconds(pid)  # after the logins (password hashing is not the load measured)
    deadline[0] = time.monotonic() + seconds
    begin.wait()
    for t in threads:
        t.join(timeout=seconds + TIMEOUT + 5)
    cpu_after = cpu_seconds(pid)
    for c in clients:
        c.conn.close()
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    return samples, errors, failures, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--people", type=int, default=2000, help="people of the demo (only when building)")
    parser.add_argument("--threads", type=int, default=0, help="server threads (default: gonghui serve's)")
    parser.add_argument("--processes", type=int, default=0,
                        help="server processes (default: gonghui serve's, one per core up to 4)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause in seconds before each request of a client (0: back to back)")
    parser.add_argument("--source", default=str(ROOT),
                        help="the checkout whose `python -m gonghui serve` runs (to compare two versions)")
    parser.add_argument("--keep", default="", help="build the demo in this dir once and reuse it")
    args = parser.parse_args()
    if not 1 <= args.clients <= 100 or not 1 <= args.seconds <= 600:
        raise SystemExit("--clients 1..100, --seconds 1..600")
    base = args.keep or tempfile.mkdtemp(prefix="gh-load-base-")
    meta = build(base, args.people)
    work = tempfile.mkdtemp(prefix="gh-load-")
    try:
        shutil.copytree(base, work, dirs_exist_ok=True)  # every run starts from the same database
        port = free_port()
        server = start_server(work, port, args.threads or None, Path(args.source), args.processes or None)
        try:
            load_before = os.getloadavg()
            samples, errors, failures, cpu = run_load(port, meta, args.clients, args.seconds, args.seed,
                                                      args.think, server.pid)
            load_after = os.getloadavg()
        finally:
            stop_server(server)
        log = Path(work, "server.log").read_text(errors="replace").splitlines()
        queue_warnings = sum("Task queue depth" in line for line in log)
        if errors:
            print("\n".join(line for line in log if "Task queue depth" not in line)[-3000:], file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    total = sum(len(v) for v in samples.values()) + sum(errors.values())
    groups = summary(samples, errors, key=lambda k: k[0])
    result = {
        "benchmark": "load", "clients": args.clients, "seconds": args.seconds, "threads": args.threads or "default",
        "processes": args.processes or "default", "think_s": args.think,
        "source": "" if Path(args.source).resolve() == ROOT else args.source,
        "cpus": os.cpu_count(), "people": meta["people"], "requests": total, "errors": sum(errors.values()),
        "rps": round(total / args.seconds, 1), "groups": groups,
        "kinds": summary(samples, errors, key=lambda k: k[1]),
        # CPU the server spent per request: what the machine's other work does not change (much)
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, total), 1) if cpu is not None else None,
        "queue_warnings": queue_warnings, "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in load_after],
        "targets_met": (sum(errors.values()) == 0 and groups.get("pages", {}).get("p95_ms", 0) <= 1000
                        and groups.get("api_write", {}).get("p95_ms", 0) <= 300),
    }
    for line in failures:
        print("error:", line, file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
