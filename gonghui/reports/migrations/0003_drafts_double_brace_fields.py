"""Drafts use the summary's one placeholder syntax: {members} becomes {{members}} (as in the Word templates)."""

import re

from django.db import migrations

OLD_FIELD = re.compile(r"(?<!\{)\{([a-z_]+(?:@[^{}:@\s]+)?(?::change)?)\}(?!\})")
NEW_FIELD = re.compile(r"\{\{([a-z_]+(?:@[^{}:@\s]+)?(?::change)?)\}\}")


def _rewrite(apps, pattern, replacement):
    SummaryDraft = apps.get_model("reports", "SummaryDraft")
    for draft in SummaryDraft._base_manager.all().iterator():
        text = pattern.sub(replacement, draft.text)
        if text != draft.text:
            draft.text = text
            draft.save(update_fields=["text"])


def forwards(apps, schema_editor):
    _rewrite(apps, OLD_FIELD, r"{{\1}}")


def backwards(apps, schema_editor):
    _rewrite(apps, NEW_FIELD, r"{\1}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_summary_template")]
    operations = [migrations.RunPython(forwards, backwards)]
