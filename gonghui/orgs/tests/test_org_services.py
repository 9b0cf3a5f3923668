import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.scoping import SYSTEM
from gonghui.orgs import services
from gonghui.orgs.models import Org


def test_nesting_rules_are_enforced_with_a_message(cast):
    with pytest.raises(ValidationError) as exc:
        services.org_create(actor=SYSTEM, parent=cast.ua_g2, kind="group", name="小组下的小组", code="BAD1")
    assert "工会小组下面不能建工会小组" in str(exc.value)
    with pytest.raises(ValidationError):
        services.org_create(actor=SYSTEM, parent=cast.fed, kind="branch", name="总工会下的分会", code="BAD2")
    with pytest.raises(ValidationError):
        services.org_create(actor=SYSTEM, parent=None, kind="group", name="顶层小组", code="BAD3")
    assert not Org.objects.filter(code__startswith="BAD").exists()


def test_moving_a_branch_moves_its_subtree(cast):
    services.org_move(actor=cast.root, org=cast.ua_b1, new_parent=cast.ub)
    g1 = Org.objects.get(pk=cast.ua_g1.pk)
    ub = Org.objects.get(pk=cast.ub.pk)
    assert g1.path.startswith(ub.path) and g1.depth == 4


def test_moving_under_its_own_subtree_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.org_move(actor=cast.root, org=cast.ua, new_parent=cast.ua_b1)
    assert "下级" in str(exc.value)


def test_writes_need_a_grant_on_the_tree(cast):
    with pytest.raises(PermissionDenied):
        services.org_create(actor=cast.admin_b, parent=cast.ua, kind="group", name="越权小组", code="X1")
    with pytest.raises(PermissionDenied):
        services.org_create(actor=cast.chair_a, parent=None, kind="union", name="新顶层", code="X2")
    with pytest.raises(PermissionDenied):
        services.org_update(actor=cast.finance_a, org=cast.ua, name="改名")
    with pytest.raises(PermissionDenied):
        services.org_move(actor=cast.chair_a, org=cast.ua_g2, new_parent=cast.ub)
    with pytest.raises(PermissionDenied):
        services.org_dissolve(actor=cast.viewer_fed, org=cast.ua_g2, on=dt.date(2026, 1, 1))
    assert services.org_create(actor=cast.officer_a1, parent=cast.ua_b1, kind="group", name="第二小组",
                               code="UA-B1-G2").pk


def test_dissolving_keeps_history_and_refuses_orgs_with_people(cast):
    with pytest.raises(ValidationError) as exc:
        services.org_dissolve(actor=cast.root, org=cast.ua_b1, on=dt.date(2026, 1, 1))
    assert "在职人员" in str(exc.value)
    empty = services.org_create(actor=SYSTEM, parent=cast.ua, kind="branch", name="空分会", code="EMPTY")
    services.org_dissolve(actor=cast.root, org=empty, on=dt.date(2026, 1, 1))
    empty.refresh_from_db()
    assert empty.status == "dissolved" and empty.dissolved_on == dt.date(2026, 1, 1)
