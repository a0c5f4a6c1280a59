from django.conf import settings
from django.db import migrations, models

# The columns the case list searches (cases.admin.case_list), each with a trigram index on the
# expression Django's "icontains" compares on PostgreSQL, UPPER(column::text), so that a search for
# part of a word finds its rows from the index rather than by reading every row.
SEARCHED = {
    "cases_case": ["reference", "title"],
    "cases_organisation": ["name", "name_zh", "aliases"],
    "cases_complainant": ["name", "name_zh", "email"],
}


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_calendar_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="case",
            name="cases_case_receive_10214c_idx",
        ),
        migrations.RemoveIndex(
            model_name="clock",
            name="clock_running_due_at",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["-received_on", "-id"],
                include=("confidentiality", "assigned_officer"),
                name="case_newest_first",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["assigned_officer", "status"],
                include=("id",),
                name="case_open_by_officer",
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("state", "running")),
                fields=["due_at"],
                include=("case",),
                name="clock_running_due_at",
            ),
        ),
        migrations.AddIndex(
            model_name="clock",
            index=models.Index(
                condition=models.Q(("state", "running")), fields=["case", "due_at"], name="clock_running_by_case"
            ),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
