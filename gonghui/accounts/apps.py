from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self):
        from gonghui.accounts import signals  # noqa: F401  login/logout audit
