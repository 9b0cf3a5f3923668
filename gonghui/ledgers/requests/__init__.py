"""Members' requests that become ledger entries (issue #16 §4).

帮扶申请 (`HelpRequest`): a member applies (category, the hardship in words, family size, monthly income per head,
documents checked like the ledgers' attachments); an officer approves with the help given, which writes a
困难职工档案 entry (when the person has none that year) and/or a 帮扶慰问 entry through `entry_save`, or refuses with
a written reason. 金点子/合理化建议 (`SuggestionSubmission`): a member submits one and it enters the suggestion
ledger at once as 已提出 through `entry_save`; the member follows the entry's status as officers change it.

models.py    HelpRequest, HelpDocument, SuggestionSubmission (registered through ledgers/models.py)
services.py  help_apply, help_approve, help_reject, suggestion_submit
selectors.py the officers' queue, one request, its documents, the member's own requests and suggestions
"""
