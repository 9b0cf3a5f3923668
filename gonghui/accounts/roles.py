"""Roles and what each may do. A role is granted on an org and covers its subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("管理员")
    OFFICER = "officer", _("干事")
    FINANCE = "finance", _("财务")
    AUDITOR = "auditor", _("经审")
    GROUP_LEADER = "group_leader", _("小组长")
    MEMBER = "member", _("会员")
    VIEWER = "viewer", _("上级查看")


# Read the records of the subtree. 会员 reads only their own record (see scoping.own_record_q).
READ_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.FINANCE, Role.AUDITOR, Role.GROUP_LEADER, Role.VIEWER})
WRITE_ROLES = frozenset({Role.ADMIN, Role.OFFICER})
ACCOUNT_ROLES = frozenset({Role.ADMIN})
# Who needs personal data in full; everybody else sees it masked (a person always sees their own).
FULL_ID_ROLES = frozenset({Role.ADMIN, Role.OFFICER})
FULL_PHONE_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.GROUP_LEADER})
