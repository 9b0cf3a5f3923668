import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.accounts.scoping import get_for, scoped, sees_full_id, sees_full_mobile
from gonghui.core.models import AuditEvent
from gonghui.orgs.models import Org
from gonghui.people.models import Person


def names(qs):
    return sorted(p.name for p in qs)


def test_a_union_admin_sees_only_their_subtree(cast):
    assert names(scoped(Person.objects.all(), cast.chair_a)) == ["周师傅", "王会员"]
    assert names(scoped(Person.objects.all(), cast.admin_b)) == ["吴工人"]


def test_a_branch_officer_sees_the_branch_and_its_groups_only(cast):
    assert names(scoped(Person.objects.all(), cast.officer_a1)) == ["王会员"]


def test_federation_viewer_sees_every_union_below(cast):
    assert names(scoped(Person.objects.all(), cast.viewer_fed)) == ["吴工人", "周师傅", "王会员"]


def test_a_member_sees_only_their_own_record(cast):
    assert names(scoped(Person.objects.all(), cast.member_a)) == ["王会员"]


def test_orgs_are_scoped_by_path(cast):
    codes = sorted(o.code for o in scoped(Org.objects.all(), cast.officer_a1))
    assert codes == ["UA-B1", "UA-B1-G1"]


def test_write_scope_excludes_read_only_roles(cast):
    assert scoped(Person.objects.all(), cast.finance_a, write=True).count() == 0
    assert scoped(Person.objects.all(), cast.viewer_fed, write=True).count() == 0
    assert scoped(Person.objects.all(), cast.officer_a1, write=True).count() == 1


def test_get_for_answers_404_outside_scope_and_403_when_read_only(cast):
    with pytest.raises(Http404):
        get_for(cast.admin_b, Person, cast.wang_person.pk)
    with pytest.raises(Http404):
        get_for(cast.chair_a, Person, 999999)
    with pytest.raises(Http404):
        get_for(cast.chair_a, Person, "not-a-number")
    assert get_for(cast.finance_a, Person, cast.wang_person.pk) == cast.wang_person
    with pytest.raises(PermissionDenied):
        get_for(cast.finance_a, Person, cast.wang_person.pk, write=True)


def test_masking_depends_on_role_and_own_record(cast):
    wang = Person.objects.select_related("org").get(pk=cast.wang_person.pk)
    assert sees_full_id(cast.chair_a, wang) and sees_full_mobile(cast.chair_a, wang)
    assert not sees_full_id(cast.finance_a, wang) and not sees_full_mobile(cast.finance_a, wang)
    assert not sees_full_id(cast.leader_g1, wang) and sees_full_mobile(cast.leader_g1, wang)
    assert sees_full_id(cast.member_a, wang)
    assert not sees_full_id(cast.viewer_fed, wang)


def test_audit_trail_is_scoped_like_the_records(cast):
    visible = scoped(AuditEvent.objects.filter(object_type="person"), cast.admin_b)
    assert {e.object_repr for e in visible} == {"吴工人"}


def test_inactive_users_see_nothing(cast):
    cast.chair_a.is_active = False
    assert scoped(Person.objects.all(), cast.chair_a).count() == 0
