"""Reporting tasks and submissions inside one install (issue #17 §1).

    report_task_create(actor=, org=FED, title=, contents=, period=, deadline=, targets=None)   # services.py
    submission_submit(actor=, target=, explanations={key: text})   # checks, then freezes a snapshot
    submission_return(actor=, target=, reason=) / submission_accept(actor=, target=)
    task_board(task=, today=) / target_differences(target=, submission=)   # selectors.py
    snapshot_dict(submission) -> plain JSON-able dict                # snapshot.py (for packages, §2)
"""
