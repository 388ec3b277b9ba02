"""The rewards forms in a real browser: the date Finance's fee form starts with is one
the browser's date picker accepts and shows, so a fee recorded without touching the date
is recorded for today; a contributor's flag on her own statement, sent empty, is refused
with the error at the note."""

import pytest
from django.utils import timezone

from community.people import roles
from community.people.factories import UserFactory
from community.rewards.models import LedgerEntry, Statement
from community.rewards.tests.helpers import calculate_when_due
from community.wishlists.tests.test_browser import sign_in
from portal.tests.test_forms_browser import FORMS_TO_FILL, submit_empty
from portal.tests.test_layout_browser import session_cookie


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


@pytest.mark.browser
def test_a_contributor_flagging_her_statement_empty_sees_the_error_at_the_note(
    live_server, browser_page, home_page, october, contributors
):
    calculate_when_due(october)
    amara = contributors["amara"]
    statement = Statement.objects.get(period=october, contributor=amara)
    page = browser_page
    page.context.add_cookies([session_cookie(amara.user, live_server.url)])
    url = f"/rewards/statements/{statement.pk}/"

    page.goto(live_server.url + url)
    assert page.evaluate(FORMS_TO_FILL) == [0]
    where, problems, invalid = submit_empty(page, live_server.url, url, 0)

    assert (where, problems, invalid) == (f"/rewards/statements/{statement.pk}/flag/", [], 1)
    assert page.get_by_label("Does something look wrong?").get_attribute("aria-invalid") == "true"
    assert "Say what looks wrong" in page.locator(".flag-form .field-error").inner_text()
    assert Statement.objects.get(pk=statement.pk).flagged_at is None
