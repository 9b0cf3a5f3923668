"""The scope guard: a query on a scoped model must start from the scope, or say why it need not."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gonghui.accounts.scoping import SYSTEM, get_for, scoped
from gonghui.core.scope_guard import UnscopedQuery, guarded, same_row, unscoped
from gonghui.orgs.models import Org
from gonghui.orgs.tree import children, subtree, within
from gonghui.people.models import Person


def test_it_raises_on_a_query_that_skipped_the_scope(cast):
    with guarded(), pytest.raises(UnscopedQuery, match="Person"):
        list(Person.objects.filter(name="王会员"))
    with guarded(), pytest.raises(UnscopedQuery):
        Person.objects.count()
    with guarded(), pytest.raises(UnscopedQuery):
        Person.objects.filter(pk=cast.wang_person.pk).exists()


def test_it_lets_a_scoped_query_through_and_keeps_the_mark_on_derived_querysets(cast):
    with guarded():
        qs = scoped(Person.objects.all(), cast.chair_a)
        assert list(qs.filter(name="王会员").values_list("name", flat=True)) == ["王会员"]
        assert qs.order_by("name").count() >= 1
        assert get_for(cast.chair_a, Person, cast.wang_person.pk).name == "王会员"


def test_it_lets_a_query_through_that_says_why(cast):
    with guarded(), unscoped("an ID number is unique in the whole install"):
        assert Person.objects.filter(name="王会员").exists()
    with pytest.raises(ValueError):
        unscoped("")


def test_an_org_read_through_the_scope_stands_for_its_subtree(cast):
    plain_ua = Org.objects.get(pk=cast.ua.pk)  # read outside any scope
    with guarded():
        ua = get_for(cast.chair_a, Org, cast.ua.pk)
        assert {o.code for o in subtree(ua)} == {"UA", "UA-B1", "UA-B1-G1", "UA-G2"}
        assert [o.code for o in children(ua)] == ["UA-B1", "UA-G2"]
        assert within(Person.objects.all(), ua).filter(name="王会员").exists()
        # the same org read any other way stands for nothing
        with pytest.raises(UnscopedQuery):
            list(subtree(plain_ua))
        with pytest.raises(UnscopedQuery):
            within(Person.objects.all(), plain_ua).exists()


def test_it_follows_related_managers_and_rereads_of_rows_already_read(cast):
    plain_wang = Person.objects.get(pk=cast.wang_person.pk)
    with guarded():
        person = get_for(cast.chair_a, Person, cast.wang_person.pk)
        assert person.membership_events.count() >= 0
        assert same_row(person).get().pk == person.pk
        with pytest.raises(UnscopedQuery):
            same_row(plain_wang).get()


def test_a_service_returns_what_it_created_as_read_through_the_scope(cast):
    with guarded():
        assert [o.code for o in children(cast.ua)] == ["UA-B1", "UA-G2"]  # org_create made cast.ua
        assert Person.objects.none().count() == 0  # reads nothing, so nothing to guard


def test_it_checks_nothing_outside_a_request_or_a_command(cast):
    assert Person.objects.filter(name="王会员").exists()


def test_the_system_reads_the_whole_tree(cast):
    with guarded():
        assert {o.code for o in scoped(Org.objects.all(), SYSTEM)} >= {"FED", "UA", "UB"}


def test_it_guards_pages_and_commands(cast, login, monkeypatch):
    # a selector that forgot the scope, behind a page and behind a command
    monkeypatch.setattr("gonghui.web.views.people.select_people", lambda **kw: Person.objects.all())
    monkeypatch.setattr("gonghui.orgs.selectors.org_list", lambda **kw: Org.objects.all())
    client = login(cast.chair_a)
    with pytest.raises(UnscopedQuery):
        client.get("/people/")
    with pytest.raises(UnscopedQuery):
        call_command("org", "list")
