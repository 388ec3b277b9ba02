"""The review before pay in a real browser: Finance opens a calculated month's review,
finds the gamer of the seeded months at the top with the evidence, excludes their
readers with a reason, and the gamer reads that reason on their statement."""

import pytest

from community.rewards.models import MetricExclusion, Statement
from community.rewards.tests.review_scenario import seed_review_scenario
from community.wishlists.tests.test_browser import sign_in

REASON = "Three readers a day from one network, forty seconds apart: a script, not readers."


@pytest.mark.browser
def test_finance_reviews_a_month_excludes_the_gamer_and_the_gamer_reads_why(
    live_server, browser_page, output_dir, home_page
):
    scenario = seed_review_scenario()
    period, gamer = scenario["period"], scenario["gamer"]
    page = browser_page
    base = live_server.url
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )

    # Finance opens the month in the admin and its review.
    sign_in(page, base, scenario["treasurer"].email)
    page.goto(f"{base}/admin/rewards/rewardperiod/inspect/{period.pk}/")
    page.get_by_role("link", name="Review before pay…").click()
    page.wait_for_url(f"**/rewards/finance/periods/{period.pk}/review/")
    first = page.locator(".review-row").first
    assert first.locator("h2").inner_text().startswith("Gus Gamer")
    assert "concerns" in first.locator(".review-concerns").inner_text()
    evidence = first.locator(".review-facts").first.inner_text()
    assert "30 for 90 readers, 3.0 each" in evidence
    assert "Readers from networks at the 3-reader limit: 90 (100%)" in evidence
    assert first.locator("svg.review-history").count() == 1
    page.screenshot(path=str(output_dir / "rewards-review-1-gamer-on-top.png"), full_page=True)

    # ...and excludes the gamer's readers with a reason; the month is calculated again.
    first.locator("summary").click()
    first.get_by_label("Metric").select_option(label="Blogging: 90 qualified readers")
    first.get_by_label("Reason (the contributor reads it on their statement)").fill(REASON)
    first.get_by_role("button", name="Exclude and calculate again").click()
    page.wait_for_url(f"**/rewards/finance/periods/{period.pk}/review/")
    assert "the period is calculated again" in page.content()
    assert REASON in page.locator(".review-row").first.inner_text()
    page.screenshot(path=str(output_dir / "rewards-review-2-excluded.png"), full_page=True)
    exclusion = MetricExclusion.objects.get()
    assert (exclusion.contributor, exclusion.created_by, exclusion.amount) == (
        gamer,
        scenario["treasurer"],
        None,
    )

    # The gamer reads the reason on their draft statement, where they may flag it.
    statement = Statement.objects.get(period=period, contributor=gamer)
    assert statement.allocated == 0
    sign_in(page, base, "gus@example.com")
    page.goto(base + "/rewards/statements/")
    page.get_by_role("link", name="October 2026").first.click()
    page.wait_for_url(f"**/rewards/statements/{statement.pk}/")
    text = page.locator(".rewards-exclusions").inner_text()
    assert "Blogging: all qualified readers" in text and REASON in text
    assert page.get_by_role("button", name="Flag this statement").count() == 1
    page.screenshot(path=str(output_dir / "rewards-review-3-statement.png"), full_page=True)
    assert violations == []
