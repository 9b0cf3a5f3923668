from django.urls import path

from gonghui.me import requests, views

app_name = "me"
urlpatterns = [
    path("", views.home, name="home"),
    path("activities/<int:pk>/signup/", views.activity_signup, name="activity-signup"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity-cancel"),
    path("requests/", requests.requests_home, name="requests"),
    path("requests/transfer/", requests.transfer_new, name="transfer-new"),
    path("requests/help/", requests.help_new, name="help-new"),
    path("requests/suggestion/", requests.suggestion_new, name="suggestion-new"),
    path("phone/", requests.phone, name="phone"),
]
