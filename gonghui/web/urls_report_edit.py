"""URLs of the 工作总结 editor and the 台账明细 (evidence) download, spliced into web/urls.py (app "web"):

    urlpatterns += urls_report_edit.urlpatterns
"""

from django.urls import path

from gonghui.web.views import report_edit

urlpatterns = [
    path("reports/edit/", report_edit.report_edit, name="report-edit"),
    path("reports/evidence.xlsx", report_edit.report_evidence, name="report-evidence"),
]
