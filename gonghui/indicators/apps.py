from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "gonghui.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self):
        from gonghui.indicators.definitions import load

        load()
        from gonghui.indicators import versions

        versions.install()
