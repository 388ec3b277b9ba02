"""On PostgreSQL the database itself refuses to change or delete a ledger entry, so
raw SQL and other clients are held to the append-only rule too. (TRUNCATE, which
only an owner can run, is left alone so test databases can be flushed.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION rewards_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The funding ledger is append-only: % refused. Record a reversal instead.', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS rewards_ledgerentry_append_only ON rewards_ledgerentry;
CREATE TRIGGER rewards_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON rewards_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION rewards_ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS rewards_ledgerentry_append_only ON rewards_ledgerentry;
DROP FUNCTION IF EXISTS rewards_ledger_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
