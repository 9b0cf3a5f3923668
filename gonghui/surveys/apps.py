from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "gonghui.surveys"
    label = "surveys"
    verbose_name = "问卷、投票与满意度测评"
