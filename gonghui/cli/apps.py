from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "gonghui.cli"
    label = "gonghui_cli"
    verbose_name = "命令行"
