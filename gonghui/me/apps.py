from django.apps import AppConfig


class MeConfig(AppConfig):
    name = "gonghui.me"
    label = "gonghui_me"
    verbose_name = "我的工会"
