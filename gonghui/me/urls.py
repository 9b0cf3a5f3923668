from django.urls import path

from gonghui.me import views

app_name = "me"
urlpatterns = [
    path("", views.home, name="home"),
    path("activities/<int:pk>/signup/", views.activity_signup, name="activity-signup"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity-cancel"),
]
