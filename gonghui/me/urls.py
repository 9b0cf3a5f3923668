from django.urls import path

from gonghui.me import notices_views, requests, views

app_name = "me"
urlpatterns = [
    path("", views.home, name="home"),
    path("activities/<int:pk>/signup/", views.activity_signup, name="activity-signup"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity-cancel"),
    path("requests/", requests.requests_home, name="requests"),
    path("requests/transfer/", requests.transfer_new, name="transfer-new"),
    path("requests/help/", requests.help_new, name="help-new"),
    path("requests/help/<int:pk>/withdraw/", requests.help_withdraw, name="help-withdraw"),
    path("requests/transfer/<int:pk>/withdraw/", requests.transfer_withdraw, name="transfer-withdraw"),
    path("requests/suggestion/", requests.suggestion_new, name="suggestion-new"),
    path("phone/", requests.phone, name="phone"),
    path("activities/<int:pk>/waitlist/", views.activity_waitlist, name="activity-waitlist"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("icon-<int:size>.png", views.icon, name="icon"),
    path("notices/", notices_views.notice_list, name="notice-list"),
    path("notices/<int:pk>/", notices_views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/file/", notices_views.notice_file, name="notice-file"),
    path("surveys/<int:pk>/", notices_views.survey_answer, name="survey-answer"),
]
