from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gonghui.api"
    label = "gonghui_api"
    verbose_name = "接口"
