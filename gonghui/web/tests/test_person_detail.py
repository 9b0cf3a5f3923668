import datetime as dt

from django.urls import reverse

from gonghui.people import services
from gonghui.people.models import MembershipEvent, Person, Position


def detail(cast):
    return reverse("web:person-detail", args=[cast.wang_person.pk])


def test_it_shows_the_fields_history_positions_and_audit(cast, login):
    services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join", date=dt.date(2020, 1, 1),
                                  member_no="M-0001")
    services.position_add(actor=cast.root, person=cast.wang_person, org=cast.ua, title="vice_chair",
                          start_on=dt.date(2021, 3, 1))
    html = login(cast.chair_a).get(detail(cast)).content.decode()
    for text in ("王会员", "第一小组", "A001", "入会", "M-0001", "副主席", "2021-03-01", "操作记录", "新增"):
        assert text in html, text


def test_it_hides_the_write_forms_from_read_only_roles(cast, login):
    html = login(cast.finance_a).get(detail(cast)).content.decode()
    assert reverse("web:membership-add", args=[cast.wang_person.pk]) not in html
    assert reverse("web:person-edit", args=[cast.wang_person.pk]) not in html
    html = login(cast.officer_a1).get(detail(cast)).content.decode()
    assert reverse("web:membership-add", args=[cast.wang_person.pk]) in html


def test_it_adds_a_membership_event(cast, login):
    url = reverse("web:membership-add", args=[cast.wang_person.pk])
    response = login(cast.officer_a1).post(url, {"kind": "join", "date": "2020-05-01", "member_no": "", "note": "新入会"})
    assert response.status_code == 302
    wang = Person.objects.get(pk=cast.wang_person.pk)
    assert wang.member_status == "active" and wang.member_no


def test_it_shows_an_impossible_membership_event_next_to_the_field(cast, login):
    url = reverse("web:membership-add", args=[cast.wang_person.pk])
    response = login(cast.officer_a1).post(url, {"kind": "leave", "date": "2020-05-01"})
    assert response.status_code == 200
    assert "只有在册或保留会籍的会员才能退会" in response.context["event_form"].errors["kind"][0]
    assert not MembershipEvent.objects.filter(person=cast.wang_person).exists()


def test_it_refuses_a_future_date(cast, login):
    url = reverse("web:membership-add", args=[cast.wang_person.pk])
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = login(cast.officer_a1).post(url, {"kind": "join", "date": future})
    assert "在今天之后" in response.context["event_form"].errors["date"][0]


def test_it_deletes_a_membership_event(cast, login):
    event = services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join",
                                          date=dt.date(2020, 1, 1))
    url = reverse("web:membership-delete", args=[cast.wang_person.pk, event.pk])
    assert login(cast.chair_a).post(url).status_code == 302
    assert Person.objects.get(pk=cast.wang_person.pk).member_status == "none"


def test_it_refuses_to_delete_an_event_the_rest_of_the_history_needs(cast, login):
    join = services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="join",
                                         date=dt.date(2020, 1, 1))
    services.membership_event_add(actor=cast.root, person=cast.wang_person, kind="leave", date=dt.date(2021, 1, 1))
    client = login(cast.chair_a)
    response = client.post(reverse("web:membership-delete", args=[cast.wang_person.pk, join.pk]), follow=True)
    assert "不能删除" in response.content.decode()
    assert MembershipEvent.objects.filter(pk=join.pk).exists()


def test_it_answers_404_for_an_event_of_another_person(cast, login):
    event = services.membership_event_add(actor=cast.root, person=cast.zhou_person, kind="join",
                                          date=dt.date(2020, 1, 1))
    url = reverse("web:membership-delete", args=[cast.wang_person.pk, event.pk])
    assert login(cast.chair_a).post(url).status_code == 404
    assert MembershipEvent.objects.filter(pk=event.pk).exists()


def test_it_adds_a_position_in_the_persons_org_or_an_ancestor(cast, login):
    url = reverse("web:position-add", args=[cast.wang_person.pk])
    client = login(cast.chair_a)
    response = client.post(url, {"org": cast.ua.pk, "title": "committee", "start_on": "2022-01-01"})
    assert response.status_code == 302
    assert Position.objects.filter(person=cast.wang_person, org=cast.ua, title="committee").exists()
    # UA-G2 is neither wang's org nor above it: not offered.
    response = client.post(url, {"org": cast.ua_g2.pk, "title": "committee", "start_on": "2022-01-01"})
    assert response.status_code == 200 and response.context["position_form"].errors["org"]


def test_it_offers_only_positions_in_orgs_the_user_may_write(cast, login):
    html = login(cast.officer_a1).get(detail(cast)).content.decode()
    form_html = html.split('id="positions"')[1]
    assert "机关分会" in form_html and "文化局工会</option>" not in form_html


def test_it_asks_for_the_other_title(cast, login):
    url = reverse("web:position-add", args=[cast.wang_person.pk])
    response = login(cast.chair_a).post(url, {"org": cast.ua_g1.pk, "title": "other", "start_on": "2022-01-01"})
    assert response.context["position_form"].errors["title_other"] == ["职务选“其他”时请填写职务名称。"]


def test_it_ends_a_position(cast, login):
    position = services.position_add(actor=cast.root, person=cast.wang_person, org=cast.ua_b1, title="committee",
                                     start_on=dt.date(2021, 1, 1))
    url = reverse("web:position-end", args=[cast.wang_person.pk, position.pk])
    assert login(cast.officer_a1).post(url, {"end_on": "2023-06-30"}).status_code == 302
    assert Position.objects.get(pk=position.pk).end_on == dt.date(2023, 6, 30)


def test_it_refuses_an_end_before_the_start(cast, login):
    position = services.position_add(actor=cast.root, person=cast.wang_person, org=cast.ua_b1, title="committee",
                                     start_on=dt.date(2021, 1, 1))
    url = reverse("web:position-end", args=[cast.wang_person.pk, position.pk])
    response = login(cast.officer_a1).post(url, {"end_on": "2020-06-30"}, follow=True)
    assert "离任日期不能早于任职日期" in response.content.decode()
    assert Position.objects.get(pk=position.pk).end_on is None


def test_a_branch_officer_cannot_end_a_position_held_in_the_union_above(cast, login):
    position = services.position_add(actor=cast.root, person=cast.wang_person, org=cast.ua, title="chair",
                                     start_on=dt.date(2021, 1, 1))
    url = reverse("web:position-end", args=[cast.wang_person.pk, position.pk])
    assert login(cast.officer_a1).post(url, {"end_on": "2023-06-30"}).status_code == 404  # not in his scope
    assert Position.objects.get(pk=position.pk).end_on is None
