"""花名册: import the union's own Excel roster, export it, give out an empty template.

Public entry points (all keyword-only):
    importer.roster_import(actor, org, source, create_groups=False, dry_run=False, mapping=None,
                           progress=None, filename=None, sheet=None, name_changes=None,
                           group_map=None) -> importer.RosterResult (an ImportResult + the preview's lists)
    importer.write_refused(result, target) -> int            # the 错误原因 workbook
    exporter.roster_export(actor, org, target, unmasked=False, progress=None) -> int
    exporter.roster_template(*, target) -> None
    jobs.roster_import_job_start(actor, org, file_path, file_name='', create_groups=False, dry_run=False,
                                 mapping=None, name_changes=None, group_map=None, run_now=False) -> Job
    jobs.roster_job_get(viewer, pk) -> Job       # scoped like every single fetch (404 outside)
"""
