"""Closed means closed: guards on every database, triggers on PostgreSQL, one closing
entry per period and kind, a hash chain over the ledger, and a deploy check that the
site's database role cannot switch any of it off."""

import uuid
from datetime import date
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from community.rewards.factories import DonationFactory, LedgerEntryFactory, RewardPeriodFactory
from community.rewards.integrity import check_app_role_does_not_own_the_books, verify_chain
from community.rewards.models import (
    ClosedPeriodError,
    LedgerAppendOnlyError,
    LedgerEntry,
    RewardPeriod,
    Statement,
    StatementLine,
)
from community.rewards.periods import calculate_period
from community.rewards.tests.helpers import close_when_due
from portal.tests.threads import run_at_once

pytestmark = pytest.mark.django_db
Kind = LedgerEntry.Kind


@pytest.fixture
def closed(stream_metrics, contributors):
    period = RewardPeriodFactory(start=date(2026, 10, 1))
    LedgerEntryFactory(
        period=period, kind=Kind.RESERVE_ALLOCATION, amount=100_000, member=None, payment_reference=""
    )
    amara, sofia, li = contributors["amara"], contributors["sofia"], contributors["li"]
    stream_metrics["blogging"].update({amara.pk: 1500, sofia.pk: 980, li.pk: 20})
    calculate_period(period)
    close_when_due(period)
    period.refresh_from_db()
    return period


def test_a_closed_period_refuses_every_orm_change(closed):
    statement = closed.statements.first()
    line = StatementLine.objects.filter(statement__period=closed).first()
    attempts = [
        lambda: RewardPeriod.objects.filter(pk=closed.pk).update(status=RewardPeriod.Status.CALCULATED),
        lambda: RewardPeriod.objects.filter(pk=closed.pk).delete(),
        lambda: closed.delete(),
        lambda: closed.save(),
        lambda: Statement.objects.filter(period=closed).update(paid=0),
        lambda: Statement.objects.filter(period=closed).delete(),
        lambda: statement.save(),
        lambda: statement.delete(),
        lambda: Statement.objects.bulk_create(
            [Statement(period=closed, contributor=statement.contributor, preference="cash")],
            update_conflicts=True,
            unique_fields=["period", "contributor"],
            update_fields=["paid"],
        ),
        lambda: StatementLine.objects.filter(statement__period=closed).update(amount=0),
        lambda: StatementLine.objects.filter(statement__period=closed).delete(),
        lambda: line.save(),
        lambda: StatementLine.objects.bulk_create(
            [StatementLine(statement=statement, stream="new", metric=1, share_percent=1)]
        ),
    ]
    before = (
        closed.status,
        closed.paid,
        list(Statement.objects.values_list("paid", flat=True).order_by("pk")),
    )
    for attempt in attempts:
        with pytest.raises(ClosedPeriodError), transaction.atomic():
            attempt()
    closed.refresh_from_db()
    assert (
        closed.status,
        closed.paid,
        list(Statement.objects.values_list("paid", flat=True).order_by("pk")),
    ) == before


def test_a_closed_period_with_nothing_in_it_cannot_be_deleted(stream_metrics):
    period = RewardPeriodFactory(start=date(2026, 10, 1))
    calculate_period(period)
    close_when_due(period)
    with pytest.raises(ClosedPeriodError):
        period.delete()
    assert RewardPeriod.objects.filter(pk=period.pk).exists()


def test_an_open_periods_statements_can_still_be_replaced(stream_metrics, contributors):
    period = RewardPeriodFactory(start=date(2026, 10, 1))
    DonationFactory(period=period, amount=50_000)
    stream_metrics["blogging"][contributors["amara"].pk] = 100
    calculate_period(period)
    calculate_period(period)
    assert period.statements.count() == 1


def test_closing_writes_its_return_to_reserves_once_whatever_happens(closed, contributors):
    returns = LedgerEntry.objects.filter(origin_period=closed, kind=Kind.RESERVE_ALLOCATION)
    unallocated = returns.get(contributor=None)
    volunteered = returns.get(contributor=contributors["sofia"])
    for entry in (unallocated, volunteered):
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry.objects.create(
                kind=Kind.RESERVE_ALLOCATION,
                amount=entry.amount,
                period=closed,
                origin_period=closed,
                contributor=entry.contributor,
            )
    assert returns.count() == 2


def test_an_upsert_cannot_change_a_ledger_entry(db):
    entry = LedgerEntryFactory(payment_reference="BANK-1")
    for kwargs in (
        {"update_conflicts": True, "unique_fields": ["payment_reference"], "update_fields": ["amount"]},
        {"ignore_conflicts": True},
    ):
        with pytest.raises(LedgerAppendOnlyError):
            LedgerEntry.objects.bulk_create(
                [
                    LedgerEntry(
                        kind=Kind.MEMBERSHIP_FEE, amount=1, period=entry.period, payment_reference="BANK-1"
                    )
                ],
                **kwargs,
            )
    assert LedgerEntry.objects.get().amount == 10_000


def tamper(sql, params):
    """Change the ledger behind the application's back, as the tables' owner could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's transaction holds deferred foreign-key checks, which block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE rewards_ledgerentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE rewards_ledgerentry ENABLE TRIGGER USER")


def test_the_hash_chain_names_the_first_changed_entry(closed):
    entries = list(LedgerEntry.objects.order_by("pk"))
    assert entries[0].previous_hash == "0" * 64
    assert all(later.previous_hash == earlier.entry_hash for earlier, later in pairwise(entries))
    call_command("verify_ledger", verbosity=0)

    target = entries[2]
    tamper("UPDATE rewards_ledgerentry SET amount = amount - 1 WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=f"broken at entry {target.pk}: its content does not match"):
        call_command("verify_ledger", verbosity=0)


def test_the_hash_chain_names_the_entry_after_a_removed_one(closed):
    entries = list(LedgerEntry.objects.order_by("pk"))
    tamper("DELETE FROM rewards_ledgerentry WHERE id = %s", [entries[-2].pk])
    broken = verify_chain()
    assert (broken.entry_id, "link" in broken.reason) == (entries[-1].pk, True)


@pytest.mark.postgres
def test_the_database_refuses_to_change_the_books(closed):
    statement = closed.statements.first()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE fails for pending FK checks
    refused = [
        ("UPDATE rewards_ledgerentry SET amount = 1 WHERE id = %s", [LedgerEntry.objects.first().pk]),
        ("DELETE FROM rewards_ledgerentry WHERE id = %s", [LedgerEntry.objects.first().pk]),
        ("SET LOCAL kmp.allow_truncate = off; TRUNCATE rewards_ledgerentry CASCADE", []),
        ("UPDATE rewards_rewardperiod SET status = 'calculated' WHERE id = %s", [closed.pk]),
        ("DELETE FROM rewards_rewardperiod WHERE id = %s", [closed.pk]),
        ("UPDATE rewards_statement SET paid = 0 WHERE id = %s", [statement.pk]),
        ("DELETE FROM rewards_statement WHERE id = %s", [statement.pk]),
        ("UPDATE rewards_statementline SET amount = 0 WHERE statement_id = %s", [statement.pk]),
        (
            "INSERT INTO rewards_statementline (statement_id, stream, metric, qualified, share_percent, amount, reason)"
            " VALUES (%s, 'new', 1, true, 1, 1, '')",
            [statement.pk],
        ),
        ("SET LOCAL kmp.allow_truncate = off; TRUNCATE rewards_statement CASCADE", []),
    ]
    for sql, params in refused:
        with pytest.raises(DatabaseError, match="refused|closed|append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
    assert LedgerEntry.objects.count() > 0 and closed.statements.count() == 3
    assert RewardPeriod.objects.get(pk=closed.pk).status == RewardPeriod.Status.CLOSED


@pytest.mark.postgres
def test_the_deploy_check_refuses_an_owner_and_accepts_the_documented_app_role(db):
    assert [error.id for error in check_app_role_does_not_own_the_books()] == ["rewards.E001"]
    role = f"kmp_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"REVOKE UPDATE, DELETE ON rewards_ledgerentry FROM {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
    try:
        assert check_app_role_does_not_own_the_books() == []
        for sql in (
            "ALTER TABLE rewards_ledgerentry DISABLE TRIGGER USER",
            "TRUNCATE rewards_ledgerentry CASCADE",
            "UPDATE rewards_ledgerentry SET amount = 1",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_entries_appended_at_once_from_several_threads_keep_one_chain():
    period = RewardPeriodFactory(start=date(2026, 10, 1))

    def append(worker):
        for n in range(10):
            DonationFactory(period=period, amount=100 + n, memo=f"worker {worker}")

    run_at_once(append, [(worker,) for worker in range(4)])
    assert LedgerEntry.objects.count() == 40
    assert verify_chain() is None
