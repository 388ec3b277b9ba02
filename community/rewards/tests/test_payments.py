"""The CSV import of membership payments is validated as a whole."""

from datetime import date

import pytest

from community.people import roles
from community.people.factories import UserFactory
from community.people.models import Membership
from community.rewards.factories import LedgerEntryFactory
from community.rewards.ledger import LedgerError
from community.rewards.models import LedgerEntry
from community.rewards.payments import import_payments, read_payments

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    return [UserFactory(email="ada@example.com"), UserFactory(email="bo@example.com")]


def test_a_good_file_is_imported_with_a_membership_per_payment(members):
    finance = UserFactory(roles=[roles.FINANCE])
    raw = (
        "\ufeffEmail,Amount,Date,Reference,Plan,Paid_until\n"
        "ADA@example.com,60.00,2026-10-03,BANK-1,individual,\n"
        "\n"
        "bo@example.com,30,2026-10-04,BANK-2,concession,2027-03-31\n"
    ).encode()
    payment_file = read_payments(raw)
    assert payment_file.errors == []
    entries = import_payments(payment_file, recorded_by=finance)
    assert [(e.member.email, e.amount, e.payment_reference) for e in entries] == [
        ("ada@example.com", 6_000, "BANK-1"),
        ("bo@example.com", 3_000, "BANK-2"),
    ]
    bo = Membership.objects.get(user=members[1])
    assert (bo.plan, bo.started, bo.paid_until) == ("concession", date(2026, 10, 4), date(2027, 3, 31))
    assert all(entry.recorded_by == finance for entry in entries)


def test_a_file_with_bad_rows_imports_nothing_and_reports_every_bad_row(members):
    LedgerEntryFactory(payment_reference="BANK-OLD")
    raw = (
        "email,amount,date,reference\n"
        "ada@example.com,60.00,2026-10-03,BANK-1\n"  # line 2: good
        "ada@example.com,-5.00,2026-10-03,BANK-3\n"  # line 3: negative
        "nobody@example.com,60.00,2026-10-03,BANK-4\n"  # line 4: unknown member
        "bo@example.com,60.00,31/10/2026,BANK-5\n"  # line 5: bad date
        "bo@example.com,60.00,2026-10-05,BANK-1\n"  # line 6: duplicate within the file
        "bo@example.com,60.00,2026-10-05,BANK-OLD\n"  # line 7: already recorded
        "bo@example.com,12.345,2026-10-05,BANK-8\n"  # line 8: too many decimals
        "bo@example.com,60.00,2026-10-05,\n"  # line 9: no reference
    )
    before = LedgerEntry.objects.count()
    payment_file = read_payments(raw)
    assert not payment_file.is_valid
    assert payment_file.rows == []
    by_line = dict(payment_file.errors_by_line())
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9]
    assert by_line[3] == ["The amount -5.00 must be more than zero."]
    assert by_line[4] == ["No member has the email nobody@example.com."]
    assert by_line[5] == ["The date “31/10/2026” is not a date; write it as YYYY-MM-DD."]
    assert by_line[6] == ["The payment reference BANK-1 is also on line 2."]
    assert by_line[7][0].startswith("The payment reference BANK-OLD is already recorded")
    assert "more than 2 decimal places" in by_line[8][0]
    assert by_line[9] == ["The payment reference is missing."]
    with pytest.raises(LedgerError):
        import_payments(payment_file, recorded_by=members[0])
    assert LedgerEntry.objects.count() == before
    assert not Membership.objects.exists()


def test_a_row_can_have_several_problems(members):
    payment_file = read_payments("email,amount,date,reference\nnobody@example.com,abc,2026-02-30,R1\n")
    assert dict(payment_file.errors_by_line())[2] == [
        "No member has the email nobody@example.com.",
        "Amount: “abc” is not an amount of money; write it like 1250.50.",
        "The date “2026-02-30” is not a date; write it as YYYY-MM-DD.",
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"email,amount\nada@example.com,1\n", "Missing column(s): date, reference."),
        (b"email,amount,date,reference\n", "The file has no payments in it."),
        ("email,amount,date,reference\nad\u00e9,1,2026-01-01,X\n".encode("latin-1"), "not UTF-8"),
        (b"", "Missing column(s)"),
        (b"email,amount,date,reference\nada@example.com,1,2026-01-01,R\x001\n", "a null character"),
        ("email,amount,date,reference\nada\x00@example.com,1,2026-01-01,R1\n", "a null character"),
    ],
)
def test_a_file_that_is_not_a_payments_csv_is_refused_with_a_reason(raw, message):
    payment_file = read_payments(raw)
    assert not payment_file.is_valid
    assert any(message in text for _line, text in payment_file.errors)


def test_a_future_date_is_refused(members):
    payment_file = read_payments("email,amount,date,reference\nada@example.com,1,2999-01-01,R1\n")
    assert dict(payment_file.errors_by_line())[2] == ["The date 2999-01-01 is in the future."]
