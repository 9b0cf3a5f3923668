from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gonghui.web"
    label = "gonghui_web"
    verbose_name = "网页"
