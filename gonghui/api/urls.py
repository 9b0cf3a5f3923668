from django.urls import path

from gonghui.api.routes import api

# The public operations (auth=None: 网上入会 and its status check) must pass the deny-by-default login
# middleware; ninja still asks its own auth of every other operation served by the same path view.
PUBLIC_PATHS = ("join-applications", "join-applications/status")

urls = api.urls  # ninja builds new patterns on each access: mark and mount the same ones
for pattern in urls[0]:
    if str(pattern.pattern) in PUBLIC_PATHS:
        pattern.callback.login_required = False

urlpatterns = [path("", urls)]
