from django.urls import include, path

urlpatterns = [
    path("accounts/", include("gonghui.accounts.urls")),
    path("api/v1/", include("gonghui.api.urls")),
    path("me/", include("gonghui.me.urls")),
    path("", include("gonghui.web.urls")),
]

handler403 = "gonghui.web.views.errors.forbidden"
handler404 = "gonghui.web.views.errors.not_found"
handler500 = "gonghui.web.views.errors.server_error"
