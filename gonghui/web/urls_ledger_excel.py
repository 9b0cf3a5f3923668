"""URLs of the ledger Excel pages (template, import jobs, export), spliced into web/urls.py (app "web"):

    urlpatterns += urls_ledger_excel.urlpatterns

`<ledgerkind:kind>` is web/urls.py's KindConverter (one of the 16 codes, handed to the view as its Kind),
registered under its own name so that the order of the imports in web/urls.py does not matter."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from gonghui.web.views import ledger_excel, ledgers

if "ledgerkind" not in get_converters():
    register_converter(ledgers.KindConverter, "ledgerkind")

urlpatterns = [
    path("ledgers/export/", ledger_excel.ledger_export_all_view, name="ledger-export-all"),
    path("ledgers/import/jobs/<int:pk>/", ledger_excel.ledger_job, name="ledger-job"),
    path("ledgers/import/jobs/<int:pk>/progress/", ledger_excel.ledger_job_progress, name="ledger-job-progress"),
    path("ledgers/import/jobs/<int:pk>/confirm/", ledger_excel.ledger_job_confirm, name="ledger-job-confirm"),
    path("ledgers/import/jobs/<int:pk>/errors/", ledger_excel.ledger_job_errors, name="ledger-job-errors"),
    path("ledgers/<ledgerkind:kind>/import/", ledger_excel.ledger_import_view, name="ledger-import"),
    path("ledgers/<ledgerkind:kind>/template/", ledger_excel.ledger_template_view, name="ledger-template"),
    path("ledgers/<ledgerkind:kind>/export/", ledger_excel.ledger_export_view, name="ledger-export"),
]
