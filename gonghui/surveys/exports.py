"""A survey's results as .xlsx: a summary sheet (counts and shares per option or rating, the score of a
满意度测评) and the text answers (with the name only when the survey is named)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gonghui.core.tabular.writer import SafeXlsxWriter
from gonghui.surveys.selectors import Results

SUMMARY_HEADER = ("题号", "题目", "选项", "人数", "占答卷比例（%）")
TEXT_HEADER = ("题号", "题目", "答卷人", "回答")


def results_workbook(target, results: Results) -> None:
    survey = results.survey
    with SafeXlsxWriter(target, sheet_name=_("统计")) as out:
        out.set_columns([6, 36, 20, 8, 16])
        out.write_title(survey.title, len(SUMMARY_HEADER))
        out.write_row([_("答卷数"), results.respondents, _("应参与人数"), survey.audience_size,
                       results.participation])
        if results.score is not None:
            out.write_row([_("满意率（%）"), results.score, _("满意+基本满意"), results.satisfied, results.rated])
        out.write_header(SUMMARY_HEADER, freeze=False)
        for r in results.questions:
            for row in r.rows:
                out.write_row([r.number, r.question.text, row.label, row.count, row.share])
            if r.average is not None:
                out.write_row([r.number, r.question.text, _("平均分"), r.answered, r.average])
        out.add_sheet(_("文字回答"))
        out.set_columns([6, 36, 12, 60])
        out.write_header(TEXT_HEADER)
        for r in results.questions:
            for name, text in r.texts:
                out.write_row([r.number, r.question.text, name or _("匿名"), text])
