"""URLs of the 工作总结 editor, its Word template and the 台账明细 (evidence) download, spliced into web/urls.py
(app "web"):

    urlpatterns += urls_report_edit.urlpatterns
"""

from django.urls import path

from gonghui.web.views import report_edit, report_template

urlpatterns = [
    path("reports/edit/", report_edit.report_edit, name="report-edit"),
    path("reports/evidence.xlsx", report_edit.report_evidence, name="report-evidence"),
    path("reports/template/upload/", report_template.report_template_upload, name="report-template-upload"),
    path("reports/template/delete/", report_template.report_template_delete, name="report-template-delete"),
    path("reports/template/builtin/", report_template.report_template_builtin, name="report-template-builtin"),
    path("reports/template/file/", report_template.report_template_file, name="report-template-file"),
    path("reports/template/example.docx", report_template.report_template_example,
         name="report-template-example"),
]
