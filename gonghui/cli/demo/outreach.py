"""The demo's members and reporting: a few 网上入会 applications waiting in the first union's queue (and one
rejected with its reason), and the federation's reporting task for the last complete half-year, which the
first union has submitted (with its checks explained) and the others still owe.

Written through the same services as real work (actor=SYSTEM); deterministic."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.accounts.scoping import SYSTEM
from gonghui.core.idcard import check_digit
from gonghui.core.periods import last_complete_half, parse_period
from gonghui.orgs.models import OrgKind
from gonghui.orgs.selectors import org_list
from gonghui.people.joining.notice import NOTICE_VERSION
from gonghui.people.joining.selectors import join_application_get
from gonghui.people.joining.services import join_apply, join_reject
from gonghui.reports.submissions.selectors import target_checks, target_get, target_list, task_list
from gonghui.reports.submissions.services import report_task_create, submission_submit

APPLICANTS = (  # name, gender, birth date, sequence, mobile, workplace
    ("林晓燕", "女", "19980412", 102, "13700001001", "办公室"),
    ("郑志强", "男", "19950908", 131, "13700001002", "一车间"),
    ("何丽萍", "女", "20000123", 242, "13700001003", "后勤"),
)


def applicant_id(birth: str, seq: int) -> str:
    first17 = f"320102{birth}{seq:03d}"
    return first17 + check_digit(first17)


class DemoOutreach:
    def __init__(self, *, federation, viewer=SYSTEM):
        self.federation = federation
        self.viewer = viewer
        self.unions = list(org_list(viewer=viewer, under=federation, kind=OrgKind.UNION))

    def exist(self) -> bool:
        return task_list(viewer=self.viewer).filter(org=self.federation).exists()

    def build(self) -> dict[str, int]:
        union = self.unions[0]
        applications = []
        for name, gender, birth, seq, mobile, workplace in APPLICANTS:
            applications.append(join_apply(org=union, consent=True, notice_version=NOTICE_VERSION, data={
                "name": name, "gender": gender, "id_number": applicant_id(birth, seq), "mobile": mobile,
                "ethnicity": "汉族", "education": "本科", "political_status": "群众", "workplace": workplace,
                "employment_type": "劳务派遣" if seq % 2 else "正式", "is_migrant_worker": False}))
        join_reject(actor=SYSTEM, application=join_application_get(viewer=SYSTEM, pk=applications[-1].pk, write=True),
                    reason="演示：所填单位不是本工会的会员单位，请向所在单位的工会申请。")

        today = timezone.localdate()
        task = report_task_create(actor=SYSTEM, org=self.federation, contents="both",
                                  title="半年工作总结和统计报表", period=parse_period(last_complete_half(today)),
                                  deadline=today + dt.timedelta(days=10), note="演示：请各基层工会按期上报。")
        submitted = 0
        target = target_get(viewer=self.viewer, pk=target_list(viewer=self.viewer).get(task=task, org=union).pk)
        explanations = {row.key: "演示：已核实，数据无误。" for row in target_checks(viewer=self.viewer, target=target)
                        if not row.mandatory}
        try:
            submission_submit(actor=SYSTEM, target=target, explanations=explanations)
            submitted = 1
        except ValidationError:
            pass  # a 强制性 check failed: the demo union shows the task as still owed
        return {"applications": len(applications), "tasks": 1, "submitted": submitted}
