"""A learner meets a members-only course, joins by bank transfer, Finance confirms in
the admin, and the learner comes back to the course and enrols (Chromium)."""

import pytest

from community.payments.factories import MembershipPlanFactory
from community.payments.models import Payment
from community.people import roles
from community.rewards.models import LedgerEntry
from courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from courses.models import CoursePage, Enrolment

PASSWORD = "a-sturdy-passphrase-42"


def sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.browser
def test_a_learner_joins_by_bank_transfer_finance_confirms_and_the_learner_enrols(
    live_server, chromium, output_dir, home_page, make_user
):
    MembershipPlanFactory(name="Individual", price=6_000, interval="year", sort_order=1)
    MembershipPlanFactory(name="Student or retired", price=3_000, interval="year", sort_order=2)
    course = CoursePageFactory(
        parent=CourseIndexPageFactory(parent=home_page),
        title="Advanced knowledge audits",
        slug="advanced-audits",
        access=CoursePage.Access.MEMBERS,
    )
    LessonPageFactory(parent=course, title="Why audit")
    learner = make_user(email="learner@example.com", password=PASSWORD)
    finance = make_user(roles.FINANCE, email="finance@example.com", password=PASSWORD)
    base = live_server.url

    learner_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = learner_context.new_page()
    page.set_default_timeout(60_000)
    sign_in(page, base, learner.email)
    page.goto(base + course.url)
    assert "for KMP members only" in page.content()
    offer = page.get_by_role("link", name="Become a member, from 30.00 USD a year")
    offer.click()
    page.wait_for_url("**/join/**")
    page.screenshot(path=str(output_dir / "payments-1-join.png"), full_page=True)
    page.get_by_label("Individual: 60.00 USD a year").check()
    page.get_by_label("Bank transfer or invoice").check()
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url("**/payments/**")
    payment = Payment.objects.get(user=learner)
    assert payment.reference in page.locator(".payment-reference").inner_text()
    assert "60.00 USD" in page.content()
    page.screenshot(path=str(output_dir / "payments-2-bank-details.png"), full_page=True)

    finance_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    admin = finance_context.new_page()
    admin.set_default_timeout(60_000)
    sign_in(admin, base, finance.email)
    admin.goto(base + "/admin/payments/payment/?status=pending")
    row = admin.locator("tr", has_text=payment.reference)
    row.get_by_role("link", name="Confirm receipt").click()
    admin.wait_for_url("**/confirm/")
    admin.screenshot(path=str(output_dir / "payments-3-finance-confirms.png"), full_page=True)
    admin.get_by_role("button", name="Confirm receipt").click()
    admin.wait_for_url("**/admin/payments/payment/")
    assert "is in the ledger" in admin.content()
    finance_context.close()

    page.reload()
    assert "Received on" in page.content()
    page.get_by_role("link", name="Go back to where you were").click()
    page.wait_for_url(f"**{course.url}")
    page.get_by_role("button", name="Enrol in this course").click()
    page.wait_for_url(f"**{course.url}")
    assert "Your progress" in page.content()
    page.screenshot(path=str(output_dir / "payments-4-enrolled.png"), full_page=True)
    learner_context.close()

    assert Enrolment.objects.filter(user=learner, course=course).exists()
    entry = LedgerEntry.objects.get(payment_reference=payment.reference)
    assert entry.amount == 6_000 and entry.member == learner and entry.recorded_by == finance
