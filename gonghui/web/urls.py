from django.urls import path

from gonghui.web.views import home, orgs, people

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("orgs/", orgs.org_tree, name="org-tree"),
    path("people/", people.person_list, name="person-list"),
]
