"""WageRow.base_fen / base_of: the counted base kept per wage row (in whole fen, for the components named by
base_of), so that the month's roll reads an integer rather than the JSON. Existing rows are filled for the
policy in force in their month (rows of a month before any policy stay empty: a roll works them out)."""

import bisect

from django.db import migrations, models


def fill(apps, schema_editor):
    from gonghui.dues.rules import base_key, wage_base_fen

    policy_model = apps.get_model("dues", "DuesPolicy")
    wage_model = apps.get_model("dues", "WageRow")
    policies: dict[int, list] = {}
    for org_id, month, components in (policy_model.objects.order_by("org_id", "effective_from")
                                      .values_list("org_id", "effective_from", "base_components")):
        policies.setdefault(org_id, []).append((month, list(components)))
    starts = {org_id: [month for month, _c in found] for org_id, found in policies.items()}
    rows = []
    for pk, org_id, month, columns in (wage_model.objects.order_by("pk")
                                       .values_list("pk", "org_id", "month", "columns").iterator(chunk_size=5000)):
        i = bisect.bisect_right(starts.get(org_id, []), month) - 1
        if i < 0:
            continue
        components = policies[org_id][i][1]
        rows.append((wage_base_fen([(columns or {}).get(c) for c in components]), base_key(components), pk))
    table = schema_editor.connection.ops.quote_name(wage_model._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(f"UPDATE {table} SET base_fen = %s, base_of = %s WHERE id = %s",
                               rows[start:start + 5000])


class Migration(migrations.Migration):

    dependencies = [
        ('dues', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='wagerow',
            name='base_fen',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='缴费基数（分）'),
        ),
        migrations.AddField(
            model_name='wagerow',
            name='base_of',
            field=models.TextField(blank=True, default='', verbose_name='缴费基数构成'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
