from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "gonghui.ledgers"
    label = "ledgers"
    verbose_name = "工作台账"
