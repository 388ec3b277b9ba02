import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from community.people.factories import ContributorProfileFactory
from community.tracking.models import QualifiedRead

from .conftest import BROWSER_UA


@pytest.mark.browser
def test_a_browser_that_stays_on_a_post_sends_one_read_under_the_csp(
    live_server, chromium, home_page, settings
):
    settings.TRACKING_ENGAGED_SECONDS = 1
    settings.TRACKING_RECORDER = "database"
    author = ContributorProfileFactory()
    post = BlogPostPageFactory(parent=BlogIndexPageFactory(parent=home_page), authors=[author])
    # Headless Chromium says so in its user agent, and the bot filter rightly refuses it.
    context = chromium.new_context(user_agent=BROWSER_UA, locale="en-GB")
    page = context.new_page()
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    beacons = []
    page.on("request", lambda request: beacons.append(request) if "/views/read/" in request.url else None)

    page.goto(live_server.url + post.url)
    assert 'content="' not in page.locator("script[data-read-token]").get_attribute("data-read-token")
    page.wait_for_timeout(400)
    assert not beacons  # not before the page was visible long enough
    page.wait_for_timeout(1600)
    assert len(beacons) == 1 and beacons[0].method == "POST"
    assert beacons[0].response().status == 204
    assert not problems, problems
    assert QualifiedRead.objects.filter(contributor=author).count() == 1
    page.wait_for_timeout(1200)
    assert len(beacons) == 1  # once per page
    assert not context.cookies()  # nothing set for an anonymous reader
    context.close()
