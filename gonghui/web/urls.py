from django.urls import path

from gonghui.web.views import home, orgs, people

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("orgs/", orgs.org_tree, name="org-tree"),
    path("orgs/<int:pk>/", orgs.org_detail, name="org-detail"),
    path("orgs/<int:pk>/children/", orgs.org_children, name="org-children"),
    path("orgs/<int:pk>/new/", orgs.org_create, name="org-create"),
    path("orgs/<int:pk>/edit/", orgs.org_edit, name="org-edit"),
    path("orgs/<int:pk>/move/", orgs.org_move, name="org-move"),
    path("orgs/<int:pk>/dissolve/", orgs.org_dissolve, name="org-dissolve"),
    path("orgs/<int:pk>/ratings/", orgs.org_rating_add, name="org-rating-add"),
    path("people/", people.person_list, name="person-list"),
    path("people/new/", people.person_create, name="person-create"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/membership/", people.membership_add, name="membership-add"),
    path("people/<int:pk>/membership/<int:event_pk>/delete/", people.membership_delete,
         name="membership-delete"),
    path("people/<int:pk>/positions/", people.position_add, name="position-add"),
    path("people/<int:pk>/positions/<int:position_pk>/end/", people.position_end, name="position-end"),
]
