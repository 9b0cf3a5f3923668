from django.urls import path, register_converter

from gonghui.web import urls_ledger_excel, urls_report_edit
from gonghui.web.views import dashboard, home, ledger_files, ledgers, orgs, people, reports, roster

register_converter(ledgers.KindConverter, "kind")

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("orgs/", orgs.org_tree, name="org-tree"),
    path("orgs/<int:pk>/", orgs.org_detail, name="org-detail"),
    path("orgs/<int:pk>/children/", orgs.org_children, name="org-children"),
    path("orgs/<int:pk>/new/", orgs.org_create, name="org-create"),
    path("orgs/<int:pk>/edit/", orgs.org_edit, name="org-edit"),
    path("orgs/<int:pk>/move/", orgs.org_move, name="org-move"),
    path("orgs/<int:pk>/dissolve/", orgs.org_dissolve, name="org-dissolve"),
    path("orgs/<int:pk>/ratings/", orgs.org_rating_add, name="org-rating-add"),
    path("people/", people.person_list, name="person-list"),
    path("people/new/", people.person_create, name="person-create"),
    path("people/import/", roster.roster_import, name="roster-import"),
    path("people/import/template/", roster.roster_template_view, name="roster-template"),
    path("people/import/jobs/<int:pk>/", roster.roster_job, name="roster-job"),
    path("people/import/jobs/<int:pk>/progress/", roster.roster_job_progress, name="roster-job-progress"),
    path("people/import/jobs/<int:pk>/confirm/", roster.roster_job_confirm, name="roster-job-confirm"),
    path("people/import/jobs/<int:pk>/errors/", roster.roster_job_errors, name="roster-job-errors"),
    path("people/export/", roster.roster_export_view, name="roster-export"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/membership/", people.membership_add, name="membership-add"),
    path("people/<int:pk>/membership/<int:event_pk>/delete/", people.membership_delete,
         name="membership-delete"),
    path("people/<int:pk>/positions/", people.position_add, name="position-add"),
    path("people/<int:pk>/positions/<int:position_pk>/end/", people.position_end, name="position-end"),
    path("ledgers/", ledgers.ledger_index, name="ledger-index"),
    path("ledgers/calendar/", ledgers.ledger_calendar, name="ledger-calendar"),
    path("ledgers/people/search/", ledger_files.ledger_person_search, name="ledger-person-search"),
    path("ledgers/people/group/", ledger_files.ledger_person_group, name="ledger-person-group"),
    path("ledgers/files/<int:pk>/", ledger_files.ledger_attachment, name="ledger-attachment"),
    path("ledgers/files/<int:pk>/thumb/", ledger_files.ledger_attachment_thumb, name="ledger-attachment-thumb"),
    path("ledgers/files/<int:pk>/delete/", ledger_files.ledger_attachment_delete, name="ledger-attachment-delete"),
    path("ledgers/<kind:kind>/", ledgers.ledger_list, name="ledger-list"),
    path("ledgers/<kind:kind>/new/", ledgers.ledger_create, name="ledger-create"),
    path("ledgers/<kind:kind>/<int:pk>/", ledgers.ledger_detail, name="ledger-detail"),
    path("ledgers/<kind:kind>/<int:pk>/edit/", ledgers.ledger_edit, name="ledger-edit"),
    path("ledgers/<kind:kind>/<int:pk>/delete/", ledgers.ledger_delete, name="ledger-delete"),
    path("ledgers/<kind:kind>/<int:pk>/files/", ledgers.ledger_attachment_add, name="ledger-attachment-add"),
    path("reports/", reports.report_index, name="report-index"),
    path("reports/preview/", reports.report_preview, name="report-preview"),
    path("reports/summary.docx", reports.report_summary, name="report-summary"),
    path("reports/tables.xlsx", reports.report_tables, name="report-tables"),
    path("reports/trace/<slug:code>/", reports.report_trace, name="report-trace"),
    path("reports/jobs/", reports.report_job_start_view, name="report-job-start"),
    path("reports/jobs/<int:pk>/", reports.report_job, name="report-job"),
    path("reports/jobs/<int:pk>/progress/", reports.report_job_progress, name="report-job-progress"),
    path("reports/jobs/<int:pk>/file/", reports.report_job_file, name="report-job-file"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/charts/<slug:name>.svg", dashboard.chart_svg, name="dashboard-chart"),
]
# Excel in and out of the ledgers (templates, import jobs, exports) live in their own module.
urlpatterns += urls_ledger_excel.urlpatterns
urlpatterns += urls_report_edit.urlpatterns
