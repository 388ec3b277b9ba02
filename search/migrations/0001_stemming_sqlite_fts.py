"""Stem words in SQLite's full-text index, as PostgreSQL's english configuration
does, so that "communities" finds "community" on both databases.

Wagtail's search migration creates the FTS5 table with the default tokenizer,
which does not stem. The table is rebuilt with the Porter tokenizer and refilled
from the index entries; Wagtail's triggers name the table, so they keep working."""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
ENTRY_TABLE = "wagtailsearch_indexentry"
STEMMING_TOKENIZER = "porter unicode61 remove_diacritics 2"


def fts_table_exists(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None


def rebuild_fts_table(schema_editor, tokenizer):
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or not fts_table_exists(connection):
        return
    tokenize = f", tokenize='{tokenizer}'" if tokenizer else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(autocomplete, body, title{tokenize})")
        # Table names are the constants above, never input.
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, autocomplete, body, title) "  # noqa: S608
            f"SELECT id, autocomplete, body, title FROM {ENTRY_TABLE}"
        )


def use_stemming(apps, schema_editor):
    rebuild_fts_table(schema_editor, STEMMING_TOKENIZER)


def use_default_tokenizer(apps, schema_editor):
    rebuild_fts_table(schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(use_stemming, use_default_tokenizer, elidable=False)]
