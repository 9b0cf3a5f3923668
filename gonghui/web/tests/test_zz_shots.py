"""NOT COMMITTED: renders pages for screenshots."""
import datetime as dt
import shutil
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from gonghui.ledgers.kinds import get_kind
from gonghui.ledgers.services import entry_save

OUT = Path("/tmp/shots")


def save(name, html):
    html = html.replace('href="/static/', 'href="static/').replace('src="/static/', 'src="static/')
    (OUT / f"{name}.html").write_text(html, encoding="utf-8")


def test_render(cast, login):
    for d in ("web",):
        src = Path(finders.find("web/gonghui.css")).parent
        shutil.copytree(src, OUT / "static" / "web", dirs_exist_ok=True)
    today = timezone.localdate()
    entry_save(actor=cast.root, kind=get_kind("task"), org=cast.ua, values={
        "date": today - dt.timedelta(days=30), "task": "报送年度统计报表", "due_on": today - dt.timedelta(days=2)})
    entry_save(actor=cast.root, kind=get_kind("task"), org=cast.ua, values={
        "date": today - dt.timedelta(days=10), "task": "组织职工参加全市职工运动会", "due_on": today + dt.timedelta(days=5)})
    entry_save(actor=cast.root, kind=get_kind("mediation"), org=cast.ua_g1, values={
        "case_no": "2026-07", "date": today - dt.timedelta(days=13), "applicant": "李某", "dispute_type": "pay",
        "status": "mediating"})
    entry_save(actor=cast.root, kind=get_kind("meeting"), org=cast.ua_b1, values={
        "date": today, "meeting_type": "committee", "title": "分会会议"})
    client = login(cast.chair_a)
    save("home", client.get(reverse("web:home")).content.decode())
    save("form", client.get(reverse("web:ledger-create", args=["meeting"]) + f"?org={cast.ua.pk}").content.decode())
    r = client.post(reverse("web:ledger-create", args=["aid"]) + f"?org={cast.ua.pk}", {
        "date": "2026-03-05", "org": cast.ua.pk, "aid_type": "visit", "recipient": cast.wang_person.pk,
        "person_times": "1", "amount": "99999999999", "goods_value": "abc"})
    save("form_errors", r.content.decode())
    r = client.post(reverse("web:ledger-create", args=["meeting"]) + f"?org={cast.ua.pk}", {
        "date": "2036-03-05", "org": cast.ua.pk, "meeting_type": "committee", "title": "",
        "participants": [cast.wang_person.pk, cast.zhou_person.pk], "participant_count": "1"})
    save("form_meeting_errors", r.content.decode())
    save("ledger_list", client.get(reverse("web:ledger-list", args=["task"])).content.decode())
