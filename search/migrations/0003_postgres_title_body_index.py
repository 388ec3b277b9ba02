"""PostgreSQL: index the expression the database backend searches, title || body.

modelsearch matches `(title || body) @@ query`, but Wagtail's migrations index
title and body only separately, so every search read the whole index table. With
this GIN index a search reads only the matching entries (10,000 pages: a
selective query went from 0.36 s to 0.18 s a request, see docs/search.md)."""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_grant_editors_search_promotions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
