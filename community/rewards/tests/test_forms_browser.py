"""Finance's money forms in a real browser: the date a form starts with is one the
browser's date picker accepts and shows, so a fee recorded without touching the date is
recorded for today."""

import pytest
from django.utils import timezone

from community.people import roles
from community.people.factories import UserFactory
from community.rewards.models import LedgerEntry
from community.wishlists.tests.test_browser import sign_in


@pytest.mark.browser
def test_the_fee_form_starts_on_today_in_a_date_the_browser_accepts(live_server, browser_page, home_page):
    finance = UserFactory(roles=[roles.FINANCE])
    member = UserFactory(email="ada@example.com")
    page = browser_page
    sign_in(page, live_server.url, finance.email)
    page.goto(live_server.url + "/admin/rewards/finance/fee/")

    received_on = page.locator("#id_received_on")
    today = timezone.localdate()
    assert received_on.get_attribute("type") == "date"
    assert received_on.input_value() == today.isoformat()
    assert received_on.evaluate("(input) => input.validity.valid && input.valueAsDate !== null")

    page.get_by_label("Member's email").fill(member.email)
    page.get_by_label("Amount paid").fill("60")
    page.get_by_label("Payment reference").fill("BANK-0001")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/admin/rewards/ledgerentry/**")
    entry = LedgerEntry.objects.get(payment_reference="BANK-0001")
    assert (entry.member, entry.received_on) == (member, today)
