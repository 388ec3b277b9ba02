"""Checks that the books are as they were written: the ledger's hash chain, and (on
PostgreSQL) that the application's database role cannot switch the guards off."""

from dataclasses import dataclass

from django.core import checks
from django.db import connection

from .models import GENESIS_HASH, LedgerEntry, entry_hash

GUARDED_TABLES = ("rewards_ledgerentry", "rewards_rewardperiod", "rewards_statement", "rewards_statementline")


@dataclass
class BrokenEntry:
    entry_id: int
    reason: str


def verify_chain(entries=None, progress=lambda items, total: items):
    """The first entry whose stored hashes do not match its content or its
    predecessor, or None when the whole chain holds."""
    queryset = LedgerEntry.objects.order_by("pk")
    total = queryset.count()
    previous = GENESIS_HASH
    for entry in progress(queryset.iterator(chunk_size=2000), total):
        if entry.previous_hash != previous:
            return BrokenEntry(
                entry.pk, "its link to the entry before it is broken (an entry was removed or changed)"
            )
        expected = entry_hash(entry, previous)
        if entry.entry_hash != expected:
            return BrokenEntry(
                entry.pk, "its content does not match its hash (it was changed after it was written)"
            )
        previous = entry.entry_hash
    return None


def check_app_role_does_not_own_the_books(app_configs=None, **kwargs):
    """Deploy check: a role that owns the rewards tables can disable their triggers or
    TRUNCATE them; the application should connect as a role that cannot."""
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE tablename = ANY(%s) AND "
                "(tableowner = current_user OR pg_has_role(current_user, tableowner, 'USAGE'))",
                [list(GUARDED_TABLES)],
            )
            owned = sorted(row[0] for row in cursor.fetchall())
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = bool(cursor.fetchone()[0])
    except Exception as error:  # a database that is down is reported by other checks
        return [checks.Warning(f"Could not check who owns the rewards tables: {error}", id="rewards.W002")]
    if not owned and not superuser:
        return []
    who = "a superuser" if superuser else f"the owner of {', '.join(owned)}"
    return [
        checks.Error(
            f"The application connects to the database as {who}, so it can disable the rewards "
            "tables' triggers and rewrite the books.",
            hint="Run migrations as the owner role and the site as a role without ownership; "
            "docs/rewards.md, 'Database roles', has the SQL.",
            id="rewards.E001",
        )
    ]
