from django.contrib.auth import views as auth_views
from django.urls import path

from gonghui.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password-change"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
    path("users/<int:pk>/grants/", views.grant_add, name="grant-add"),
    path("users/<int:pk>/grants/<int:grant_pk>/revoke/", views.grant_revoke, name="grant-revoke"),
    path("users/<int:pk>/password-reset/", views.password_reset, name="password-reset"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user-unlock"),
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/export/", views.audit_export, name="audit-export"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
