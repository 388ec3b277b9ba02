"""One money module for the site: strict parsing and one format, in every currency."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.people import roles
from community.rewards.models import LedgerEntry
from community.rewards.payments import read_payments
from portal.money import AmountError, format_money, format_money_range, to_major_units, to_minor_units

BAD_AMOUNTS = [
    ("12,50", "thousands separators"),
    ("1,250", "thousands separators"),
    ("1,250.00", "thousands separators"),
    ("1.250,00", "thousands separators"),
    ("1 250.00", "thousands separators"),
    ("12.5.0", "thousands separators"),
    ("1e20", "is not an amount of money"),
    ("1e999999", "is not an amount of money"),
    ("1E2", "is not an amount of money"),
    ("Infinity", "is not an amount of money"),
    ("NaN", "is not an amount of money"),
    (".50", "is not an amount of money"),
    ("12.", "ends with a point"),
    ("+5", "is not an amount of money"),
    ("\u0661\u0662", "is not an amount of money"),  # Arabic-Indic digits
    ("12\x0050", "is not an amount of money"),
    ("12.505", "more than 2 decimal places"),
    ("1000000000000", "too large"),
    ("9" * 5000, "too large"),
    ("", "is not an amount of money"),
]


@pytest.mark.parametrize(("text", "message"), BAD_AMOUNTS)
def test_an_amount_that_is_not_plainly_written_is_refused_with_a_reason(text, message):
    with pytest.raises(AmountError, match=message):
        to_minor_units(text, "USD")


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("12.50", "USD", 1250),
        ("12.5", "USD", 1250),
        ("12", "USD", 1200),
        (" 0012.05 ", "USD", 1205),
        ("-5.00", "USD", -500),
        ("999999999999.99", "USD", 99_999_999_999_999),
        ("5000", "JPY", 5000),
        ("1.005", "KWD", 1005),
    ],
)
def test_a_plain_amount_is_read_exactly(text, currency, minor):
    assert to_minor_units(text, currency) == minor


def test_a_currency_without_decimals_refuses_them():
    with pytest.raises(AmountError, match="JPY has no decimals"):
        to_minor_units("12.50", "JPY")


def test_one_format_in_every_currency(settings):
    assert format_money(500_000, "USD") == "5,000.00 USD"
    assert format_money(500_000, "JPY") == "500,000 JPY"
    assert format_money(1_005, "KWD") == "1.005 KWD"
    assert to_major_units(1250, "USD") == to_major_units(125_000, "USD") / 100
    settings.KMP_CURRENCY = "JPY"
    assert format_money(500_000) == "500,000 JPY"
    assert to_minor_units("500000") == 500_000
    assert format_money_range(500_000, 1_500_000) == "500,000–1,500,000 JPY"


def test_a_range_says_which_end_is_open():
    assert format_money_range(None, None, "USD") == ""
    assert format_money_range(500_000, 500_000, "USD") == "5,000.00 USD"
    assert format_money_range(500_000, 1_500_050, "USD") == "5,000.00–15,000.50 USD"
    assert format_money_range(500_000, None, "USD") == "from 5,000.00 USD"
    assert format_money_range(None, 80_000, "USD") == "up to 800.00 USD"


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1e20", "1e999999", "12,50", "99999999999999999999999"])
def test_the_donation_form_refuses_a_bad_amount_and_records_nothing(client, home_page, make_user, amount):
    client.force_login(make_user(roles.FINANCE))
    response = client.post(
        reverse("rewards_admin:record_donation"), {"amount": amount, "received_on": "2026-10-03"}
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1e20", "1e999999", "12,50"])
def test_the_payments_csv_refuses_a_bad_amount_and_imports_nothing(client, home_page, make_user, amount):
    make_user(email="ada@example.com")
    client.force_login(make_user(roles.FINANCE))
    raw = f'email,amount,date,reference\nada@example.com,"{amount}",2026-10-01,A1\n'.encode()
    assert read_payments(raw).errors[0][0] == 2
    upload = SimpleUploadedFile("payments.csv", raw, content_type="text/csv")
    response = client.post(reverse("rewards_admin:import_payments"), {"file": upload})
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode()
    assert not LedgerEntry.objects.exists()
