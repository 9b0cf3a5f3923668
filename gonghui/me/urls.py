from django.urls import path

from gonghui.me import notices_views, views

app_name = "me"
urlpatterns = [
    path("", views.home, name="home"),
    path("activities/<int:pk>/signup/", views.activity_signup, name="activity-signup"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity-cancel"),
    path("notices/", notices_views.notice_list, name="notice-list"),
    path("notices/<int:pk>/", notices_views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/file/", notices_views.notice_file, name="notice-file"),
    path("surveys/<int:pk>/", notices_views.survey_answer, name="survey-answer"),
]
