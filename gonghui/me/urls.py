from django.urls import path

from gonghui.me import views

app_name = "me"
urlpatterns = [
    path("", views.home, name="home"),
]
