"""Importing a CSV of membership-fee payments.

The file is validated as a whole: if any row is bad, nothing is imported and every
bad row is reported with its line number (the header is line 1).

Columns: email, amount, date, reference; optional: plan, paid_until, memo.
Amounts are in major units (12.50); dates are YYYY-MM-DD.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from community.people.models import Membership
from portal.money import AmountError, to_minor_units

from .ledger import LedgerError, record_membership_fee
from .models import LedgerEntry

REQUIRED_COLUMNS = ("email", "amount", "date", "reference")
OPTIONAL_COLUMNS = ("plan", "paid_until", "memo")
MAX_ROWS = 5_000
MAX_BYTES = 1_000_000


@dataclass
class PaymentRow:
    line: int
    member: object
    amount: int
    received_on: date
    reference: str
    plan: str = ""
    paid_until: date | None = None
    memo: str = ""


@dataclass
class PaymentFile:
    rows: list[PaymentRow] = field(default_factory=list)
    # [(line number, message)]; line 0 is about the file as a whole.
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows)

    def errors_by_line(self):
        grouped = {}
        for line, message in self.errors:
            grouped.setdefault(line, []).append(message)
        return sorted(grouped.items())


def _parse_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_payments(raw):
    """Validate a CSV file's bytes (or text); returns a PaymentFile with rows or errors."""
    result = PaymentFile()
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            result.errors.append((0, f"The file is larger than {MAX_BYTES // 1_000_000} MB."))
            return result
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            result.errors.append((0, "The file is not UTF-8 text; save it as CSV UTF-8 and try again."))
            return result
    if "\x00" in raw:
        # No database can store it in a reference or an email, and no CSV export writes one.
        result.errors.append(
            (0, "The file contains a null character, so it is not CSV text; save it as CSV UTF-8.")
        )
        return result
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.errors.append(
            (1, f"Missing column(s): {', '.join(missing)}. Expected: {', '.join(REQUIRED_COLUMNS)}.")
        )
        return result
    reader.fieldnames = header

    records = []
    for record in reader:
        if reader.line_num - 1 > MAX_ROWS:
            result.errors.append((0, f"The file has more than {MAX_ROWS} payments; split it."))
            return result
        values = {key: (value or "").strip() for key, value in record.items() if isinstance(key, str)}
        if not any(values.values()):
            continue  # blank line
        records.append((reader.line_num, values))
    if not records:
        result.errors.append((0, "The file has no payments in it."))
        return result

    User = get_user_model()
    emails = {values["email"].lower() for _, values in records if values["email"]}
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    references = [values["reference"] for _, values in records if values["reference"]]
    recorded = dict(
        LedgerEntry.objects.filter(payment_reference__in=references).values_list("payment_reference", "pk")
    )
    plans = dict(Membership.Plan.choices)
    first_line_of_reference = {}
    today = timezone.localdate()

    for line, values in records:
        errors = []
        member = None
        if not values["email"]:
            errors.append("The email is missing.")
        else:
            member = users.get(values["email"].lower())
            if member is None:
                errors.append(f"No member has the email {values['email']}.")
        amount = None
        try:
            amount = to_minor_units(values["amount"])
        except AmountError as error:
            errors.append(f"Amount: {error}" if values["amount"] else "The amount is missing.")
        else:
            if amount <= 0:
                errors.append(f"The amount {values['amount']} must be more than zero.")
        received_on = _parse_date(values["date"])
        if received_on is None:
            errors.append(f"The date “{values['date']}” is not a date; write it as YYYY-MM-DD.")
        elif received_on > today:
            errors.append(f"The date {received_on:%Y-%m-%d} is in the future.")
        reference = values["reference"]
        if not reference:
            errors.append("The payment reference is missing.")
        elif reference in first_line_of_reference:
            errors.append(
                f"The payment reference {reference} is also on line {first_line_of_reference[reference]}."
            )
        elif reference in recorded:
            errors.append(
                f"The payment reference {reference} is already recorded (ledger entry #{recorded[reference]})."
            )
        if reference:
            first_line_of_reference.setdefault(reference, line)
        plan = values.get("plan", "").lower()
        if plan and plan not in plans:
            errors.append(f"The plan “{values['plan']}” is not one of: {', '.join(plans)}.")
        paid_until = None
        if values.get("paid_until"):
            paid_until = _parse_date(values["paid_until"])
            if paid_until is None:
                errors.append(f"Paid until “{values['paid_until']}” is not a date; write it as YYYY-MM-DD.")
            elif received_on and paid_until < received_on:
                errors.append("Paid until is before the payment date.")
        if errors:
            result.errors.extend((line, message) for message in errors)
            continue
        result.rows.append(
            PaymentRow(
                line=line,
                member=member,
                amount=amount,
                received_on=received_on,
                reference=reference,
                plan=plan,
                paid_until=paid_until,
                memo=values.get("memo", ""),
            )
        )
    if result.errors:
        result.rows = []
    return result


def import_payments(payment_file, recorded_by):
    """Record every row of a valid file, or none. Returns the ledger entries."""
    if not payment_file.is_valid:
        raise LedgerError("The file has errors; nothing was imported.")
    try:
        with transaction.atomic():
            return [
                record_membership_fee(
                    member=row.member,
                    amount=row.amount,
                    received_on=row.received_on,
                    payment_reference=row.reference,
                    plan=row.plan or None,
                    paid_until=row.paid_until,
                    memo=row.memo or f"Imported payment, line {row.line}",
                    recorded_by=recorded_by,
                )
                for row in payment_file.rows
            ]
    except (IntegrityError, LedgerError) as error:
        # Someone recorded one of these references meanwhile: the whole file is refused.
        raise LedgerError(f"Nothing was imported: {error}")
