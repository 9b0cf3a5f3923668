"""Two installs that never share a database complete a half-year cycle by files alone (issue #17 §2).

The federation's install also has a live union (UC, its roster here) and a counts-only one (UB): its roll-up
(`report indicators`) adds UC live, UA's accepted package and UB's counts; `--submitted` leaves UC out.

The union's and the federation's installs are two real `python -m gonghui` processes with their own data dirs
(their own SQLite file and signing key). One test only: it runs about twenty processes. The receive rules and
the refusals are tested fast, in-process, in reports/tests/test_packages.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from types import SimpleNamespace

from gonghui.people.tests.roster_files import person_row, write_xlsx

# One process per visit to an install runs several commands (as a clerk does at one sitting): each process
# costs seconds of start-up and migration checks on a busy CI machine.
RUNNER = """
import io, json, sys
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
results = []
for args in json.loads(sys.argv[1]):
    out, err, rc = io.StringIO(), io.StringIO(), 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        err.write(str(exc))
        rc = 1
    results.append({"stdout": out.getvalue(), "stderr": err.getvalue(), "returncode": rc})
print(json.dumps(results))
"""


class Done(SimpleNamespace):
    pass


def _install(data_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGHUI_SECRET_KEY_FILE")}
    env.update(GONGHUI_DATA_DIR=str(data_dir), GONGHUI_TESTING="1", DJANGO_SETTINGS_MODULE="gonghui.settings",
               PYTHONIOENCODING="utf-8")

    def visit(*commands):
        """Run `commands` (each a tuple of `gonghui` arguments) in one process of this install."""
        done = subprocess.run([sys.executable, "-c", RUNNER, json.dumps([[str(a) for a in c] for c in commands])],
                              env=env, capture_output=True, check=False, text=True, encoding="utf-8", timeout=300)
        assert done.returncode == 0, done.stderr
        return [Done(**r) for r in json.loads(done.stdout.strip().splitlines()[-1])]

    return visit


def _ok(*results):
    for r in results:
        assert r.returncode == 0, r.stderr
    return results


def _last(done) -> dict:
    return json.loads(done.stdout.strip().splitlines()[-1])


def _status(org):
    return ("report", "status", "--org", org, "--period", "2026H1", "--json")


def _items(done) -> dict:
    return {i["org"]: i for i in _last(done)["items"]}


def test_two_installs_complete_a_cycle_by_files_alone(tmp_path):
    union, fed = _install(tmp_path / "union"), _install(tmp_path / "fed")
    stick = tmp_path / "usb"
    stick.mkdir()
    p = ("--period", "2026H1")
    deadline = (dt.date.today() + dt.timedelta(days=20)).isoformat()

    def setup(codes):
        return [("migrate", "-v0"), ("org", "add", "--code", "FED", "--name", "某区总工会", "--kind", "federation"),
                *[("org", "add", "--code", c, "--name", f"{c}工会", "--kind", "union", "--parent", "FED")
                  for c in codes],
                ("report", "task", "--org", "FED", *p, "--deadline", deadline, "--contents", "tables")]

    # the union submits, packages and hands over its public key
    *_, key, _pkg = _ok(*union(*setup(["UA"]), ("report", "submit", "--org", "UA", *p),
                               ("report", "key", "--org", "UA", "-o", stick / "UA.pub"),
                               ("report", "package", "--org", "UA", *p, "-o", stick / "UA-v1.ghpkg")))
    fingerprint = key.stdout.splitlines()[0].split("：")[1].strip()
    assert len(fingerprint) == 79

    # the federation trusts it, receives the folder (twice: the second time changes nothing), returns it
    live_roster = write_xlsx(tmp_path / "UC.xlsx", [person_row(i, join="2020-01-01") for i in range(1, 4)])
    *_, trust, first, again, status, _ret = _ok(*fed(
        *setup(["UA", "UB", "UC"]), ("roster", "import", live_roster, "--org", "UC"),
        ("report", "key", "--org", "FED", "-o", stick / "FED.pub"),
        ("report", "trust", "--org", "UA", stick / "UA.pub"), ("report", "receive", stick, "--json"),
        ("report", "receive", stick, "--json"), _status("FED"),
        ("report", "return", "--org", "UA", *p, "--reason", "请核对会员数", "-o", stick / "UA.ghret")))
    assert fingerprint in trust.stdout
    assert _last(first) == {"received": 1, "unchanged": 0, "refused": 0, "errors": []}
    assert _last(again)["unchanged"] == 1
    got = _items(status)
    assert (got["UA"]["state"], got["UA"]["source"], got["UA"]["version"]) == ("submitted", "package", 1)
    assert got["UB"]["state"] == "missing"

    # the union trusts the federation's key, takes the return file, corrects and resubmits
    (stick / "UA-v1.ghpkg").rename(tmp_path / "UA-v1.ghpkg")
    corrected = write_xlsx(tmp_path / "UA.xlsx", [person_row(i, join="2020-01-01") for i in range(11, 13)])
    _trust, received, status, _roster, resubmitted, _pkg = _ok(*union(
        ("report", "trust", "--org", "FED", stick / "FED.pub"), ("report", "receive", stick / "UA.ghret", "--json"),
        _status("UA"), ("roster", "import", corrected, "--org", "UA"), ("report", "submit", "--org", "UA", *p, "--json"),
        ("report", "package", "--org", "UA", *p, "-o", stick / "UA-v2.ghpkg")))
    assert _last(received)["received"] == 1
    assert (_items(status)["UA"]["state"], _items(status)["UA"]["return_reason"]) == ("returned", "请核对会员数")

    # the federation takes v2 and accepts; v1 now is older, and a byte altered in v2 breaks its signature
    (stick / "UA.ghret").unlink()
    tampered = tmp_path / "UA-v2-altered.ghpkg"
    tampered.write_bytes((stick / "UA-v2.ghpkg").read_bytes().replace(b'"version": 2', b'"version": 3'))
    frozen = _last(resubmitted)["values"]
    assert (frozen["workers"], frozen["members"]) == (2, 2)
    v2, older, altered, _accept, counts, status, live, submitted = fed(
        ("report", "receive", stick, "--json"), ("report", "receive", tmp_path / "UA-v1.ghpkg", "--json"),
        ("report", "receive", tampered, "--json"), ("report", "accept", "--org", "UA", *p),
        ("report", "counts", "--org", "UB", *p, "--set", "workers=5", "--set", "会员人数=4", "--json"), _status("FED"),
        ("report", "indicators", "--org", "FED", *p, "--json", "--units"),
        ("report", "indicators", "--org", "FED", *p, "--json", "--submitted"))
    assert _last(v2) == {"received": 1, "unchanged": 0, "refused": 0, "errors": []}
    assert older.returncode == 1 and "旧版本" in _last(older)["errors"][0]["reason"]
    assert altered.returncode == 1 and "签名与已登记" in _last(altered)["errors"][0]["reason"]
    got = _items(status)
    assert (got["UA"]["state"], got["UA"]["source"], got["UA"]["version"]) == ("accepted", "package", 2)
    assert [(got[c]["state"], got[c]["source"]) for c in ("UB", "UC")] == [("submitted", "counts"), ("live", "live")]
    assert _last(counts)["items"][0]["source"] == "counts"

    # the roll-up: UC live (3 here), UA's frozen package (2), UB's counts (5 workers, 4 members)
    rolled = _last(live)
    assert (rolled["values"]["workers"], rolled["values"]["members"]) == (3 + 2 + 5, 3 + 2 + 4)
    assert rolled["values"]["membership_rate"] == 90.0  # from the sums, never a sum of rates
    assert {u["org"]: u["source"] for u in rolled["units"]} == {"UA": "package", "UB": "counts", "UC": "live"}
    assert (_last(submitted)["workers"], _last(submitted)["members"]) == (2 + 5, 2 + 4)  # UC is live only
