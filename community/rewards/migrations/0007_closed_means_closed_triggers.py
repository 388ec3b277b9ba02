"""Closed means closed in the database too (PostgreSQL): nobody UPDATEs, DELETEs or
TRUNCATEs a ledger entry, and nobody changes or deletes a closed period, its
statements or their lines, whatever client they use. Only the tables' owner (the
migration role, never the application's; see docs/rewards.md) can disable these
triggers. TRUNCATE is refused unless the session sets kmp.allow_truncate, which only
the test settings do, so a test database can still be flushed.

Also gives the entries recorded before this migration their place in the hash chain
(frozen here: the hashing must not follow later code)."""

import hashlib
import json
from datetime import UTC, date

from django.db import migrations

CHAINED_FIELDS = (
    "kind", "amount", "currency", "period_id", "to_pool", "received_on", "payment_reference",
    "member_id", "membership_id", "contributor_id", "origin_period_id", "reverses_id", "memo",
    "payee_name", "payee_email", "recorded_by_id", "recorded_at",
)  # fmt: skip

CREATE = """
CREATE OR REPLACE FUNCTION rewards_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('kmp.allow_truncate', true), '') <> 'on' THEN
        RAISE EXCEPTION 'TRUNCATE of % refused: the rewards books are never emptied.', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION rewards_closed_period_row() RETURNS trigger AS $$
DECLARE
    period_ids bigint[];
BEGIN
    IF TG_TABLE_NAME = 'rewards_rewardperiod' THEN
        IF OLD.status = 'closed' THEN
            RAISE EXCEPTION 'Reward period % is closed: % refused.', OLD.start, TG_OP
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    ELSIF TG_TABLE_NAME = 'rewards_statement' THEN
        IF TG_OP = 'INSERT' THEN period_ids := ARRAY[NEW.period_id];
        ELSIF TG_OP = 'UPDATE' THEN period_ids := ARRAY[OLD.period_id, NEW.period_id];
        ELSE period_ids := ARRAY[OLD.period_id];
        END IF;
    ELSE
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(period_id) INTO period_ids FROM rewards_statement WHERE id = NEW.statement_id;
        ELSIF TG_OP = 'UPDATE' THEN
            SELECT array_agg(period_id) INTO period_ids FROM rewards_statement
                WHERE id IN (OLD.statement_id, NEW.statement_id);
        ELSE
            SELECT array_agg(period_id) INTO period_ids FROM rewards_statement WHERE id = OLD.statement_id;
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM rewards_rewardperiod WHERE id = ANY(period_ids) AND status = 'closed') THEN
        RAISE EXCEPTION 'A closed reward period''s statements never change: % on % refused.', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS rewards_ledgerentry_no_truncate ON rewards_ledgerentry;
CREATE TRIGGER rewards_ledgerentry_no_truncate BEFORE TRUNCATE ON rewards_ledgerentry
    FOR EACH STATEMENT EXECUTE FUNCTION rewards_refuse_truncate();

DROP TRIGGER IF EXISTS rewards_rewardperiod_closed ON rewards_rewardperiod;
CREATE TRIGGER rewards_rewardperiod_closed BEFORE UPDATE OR DELETE ON rewards_rewardperiod
    FOR EACH ROW EXECUTE FUNCTION rewards_closed_period_row();
DROP TRIGGER IF EXISTS rewards_rewardperiod_no_truncate ON rewards_rewardperiod;
CREATE TRIGGER rewards_rewardperiod_no_truncate BEFORE TRUNCATE ON rewards_rewardperiod
    FOR EACH STATEMENT EXECUTE FUNCTION rewards_refuse_truncate();

DROP TRIGGER IF EXISTS rewards_statement_closed ON rewards_statement;
CREATE TRIGGER rewards_statement_closed BEFORE INSERT OR UPDATE OR DELETE ON rewards_statement
    FOR EACH ROW EXECUTE FUNCTION rewards_closed_period_row();
DROP TRIGGER IF EXISTS rewards_statement_no_truncate ON rewards_statement;
CREATE TRIGGER rewards_statement_no_truncate BEFORE TRUNCATE ON rewards_statement
    FOR EACH STATEMENT EXECUTE FUNCTION rewards_refuse_truncate();

DROP TRIGGER IF EXISTS rewards_statementline_closed ON rewards_statementline;
CREATE TRIGGER rewards_statementline_closed BEFORE INSERT OR UPDATE OR DELETE ON rewards_statementline
    FOR EACH ROW EXECUTE FUNCTION rewards_closed_period_row();
DROP TRIGGER IF EXISTS rewards_statementline_no_truncate ON rewards_statementline;
CREATE TRIGGER rewards_statementline_no_truncate BEFORE TRUNCATE ON rewards_statementline
    FOR EACH STATEMENT EXECUTE FUNCTION rewards_refuse_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS rewards_ledgerentry_no_truncate ON rewards_ledgerentry;
DROP TRIGGER IF EXISTS rewards_rewardperiod_closed ON rewards_rewardperiod;
DROP TRIGGER IF EXISTS rewards_rewardperiod_no_truncate ON rewards_rewardperiod;
DROP TRIGGER IF EXISTS rewards_statement_closed ON rewards_statement;
DROP TRIGGER IF EXISTS rewards_statement_no_truncate ON rewards_statement;
DROP TRIGGER IF EXISTS rewards_statementline_closed ON rewards_statementline;
DROP TRIGGER IF EXISTS rewards_statementline_no_truncate ON rewards_statementline;
DROP FUNCTION IF EXISTS rewards_closed_period_row();
DROP FUNCTION IF EXISTS rewards_refuse_truncate();
"""


def entry_hash(values, previous_hash):
    content = {}
    for name in CHAINED_FIELDS:
        value = values[name]
        if name == "recorded_at":
            value = value.astimezone(UTC).isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        content[name] = value
    text = previous_hash + json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def chain_existing_entries(apps, schema_editor):
    LedgerEntry = apps.get_model("rewards", "LedgerEntry")
    postgres = schema_editor.connection.vendor == "postgresql"
    rows = list(LedgerEntry.objects.order_by("pk").values("pk", *CHAINED_FIELDS))
    if not rows:
        return
    if postgres:
        schema_editor.execute(
            "ALTER TABLE rewards_ledgerentry DISABLE TRIGGER rewards_ledgerentry_append_only"
        )
    previous = "0" * 64
    with schema_editor.connection.cursor() as cursor:
        for row in rows:
            current = entry_hash(row, previous)
            cursor.execute(
                "UPDATE rewards_ledgerentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
                [previous, current, row["pk"]],
            )
            previous = current
    if postgres:
        schema_editor.execute(
            "ALTER TABLE rewards_ledgerentry ENABLE TRIGGER rewards_ledgerentry_append_only"
        )


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0006_ledger_hash_chain_and_closing_once")]

    operations = [
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
