from django.urls import path

from gonghui.api.routes import api

urlpatterns = [path("", api.urls)]
