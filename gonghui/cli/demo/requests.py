"""Members' requests for the demo: the demo member `huiyuan` has asked for hardship help (waiting in the
hospital union's 帮扶申请 queue) and sent a 金点子 (in the suggestion ledger as 已提出), through the same services as
the member pages."""

from __future__ import annotations

from gonghui.accounts.scoping import SYSTEM
from gonghui.accounts.selectors import user_list
from gonghui.ledgers import choices as c
from gonghui.ledgers.requests import selectors, services

MEMBER = "huiyuan"


class DemoRequests:
    def __init__(self, *, username: str = MEMBER):
        self.member = user_list(viewer=SYSTEM).filter(username=username, is_active=True).first()

    def build_once(self) -> None:
        if self.member is None or self.member.person_id is None:
            return
        if not selectors.my_help_requests(viewer=self.member).exists():
            services.help_apply(
                actor=self.member, category=c.HardshipCategory.ACCIDENT,
                situation="今年三月爱人因病住院手术，自付医疗费约四万元，孩子上高中，家庭收入明显下降。",
                family_size=3, income_per_capita="1450.00")
        if not selectors.my_suggestions(viewer=self.member).filter(entry__isnull=False).exists():  # in the ledger
            services.suggestion_submit(
                actor=self.member, category=c.SuggestionCategory.GOLDEN_IDEA, title="手术器械包扫码追溯",
                content="器械包贴二维码，消毒、发放、回收各环节扫码登记，减少手工登记差错，便于追溯。")
