"""The site's look in Chromium: a readable measure with the text under its title, the
type scale, dark mode from the reader's system setting, a footer at the bottom of a
short page, a phone's menu links big enough for a thumb, and the favicon and social
image every page names."""

import pytest
from django.contrib.staticfiles import finders
from wagtail.rich_text import RichText

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory

PARAGRAPH = (
    "A community of practice grows when people who already help each other are given a "
    "place, a rhythm and a reason to keep going. The first meetings are small; the "
    "questions are real; someone writes down what was learned so the next person can "
    "find it without asking again. Nobody is told to share: they share because it saves "
    "them time, and because the answers come back better than they went out."
)

# Characters on each full line of a paragraph, from the boxes Chromium laid out.
LINE_LENGTHS = """(selector) => {
  const el = document.querySelector(selector);
  const text = el.firstChild;
  const range = document.createRange();
  const lines = new Map();
  for (let i = 0; i < text.length; i++) {
    range.setStart(text, i); range.setEnd(text, i + 1);
    const rect = range.getClientRects()[0];
    if (!rect) continue;
    const top = Math.round(rect.top);
    lines.set(top, (lines.get(top) || 0) + 1);
  }
  return [...lines.values()].slice(0, -1);
}"""

LUMINANCE = """(selector) => {
  const parse = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const style = getComputedStyle(document.querySelector(selector));
  return {background: lum(parse(style.backgroundColor)), text: lum(parse(style.color))};
}"""


@pytest.fixture
def post(home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    return BlogPostPageFactory(
        parent=blog,
        title="Why communities of practice outlast projects",
        body=[("paragraph", RichText(f"<p>{PARAGRAPH} {PARAGRAPH}</p>"))],
        topics=["KM strategy"],
    )


@pytest.mark.browser
def test_a_post_reads_at_a_comfortable_measure_under_its_title(live_server, browser_page, post):
    page = browser_page
    page.goto(live_server.url + post.url)
    lines = page.evaluate(LINE_LENGTHS, ".post-body .rich-text p, .post-body p")
    assert len(lines) >= 4
    assert all(60 <= length <= 75 for length in lines), lines
    title = page.locator("h1").bounding_box()
    body = page.locator(".post-body p").first.bounding_box()
    assert abs(title["x"] - body["x"]) <= 1, (title, body)
    # Topics show as their editors wrote them.
    assert page.locator(".post-footer .tag").first.inner_text() == "KM strategy"
    sizes = page.evaluate(
        "['h1', 'h2', 'p'].map((tag) => { const el = document.createElement(tag); document.body.append(el);"
        " const size = parseFloat(getComputedStyle(el).fontSize); el.remove(); return size; })"
    )
    assert sizes[0] > sizes[1] * 1.2 > sizes[2] * 1.2, sizes


@pytest.mark.browser
def test_dark_mode_follows_the_readers_system(live_server, chromium, post):
    found = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server.url + post.url)
        found[scheme] = page.evaluate(LUMINANCE, "body")
        context.close()
    assert found["light"]["background"] > 0.8 and found["light"]["text"] < 0.05
    assert found["dark"]["background"] < 0.05 and found["dark"]["text"] > 0.6


@pytest.mark.browser
def test_a_short_page_keeps_its_footer_at_the_bottom(live_server, chromium, home_page):
    context = chromium.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/password/reset/done/")
    footer = page.locator(".site-footer").bounding_box()
    assert abs(footer["y"] + footer["height"] - 1400) <= 1, footer
    context.close()


@pytest.mark.browser
def test_a_phones_menu_links_are_at_least_44_px_tall(live_server, chromium, home_page):
    from home.factories import StandardPageFactory

    StandardPageFactory(parent=home_page, title="About KMP", slug="about", show_in_menus=True)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Menu").click()
    links = page.locator("#site-nav nav a, #site-nav nav button")
    assert links.count() >= 4
    heights = {links.nth(i).inner_text(): links.nth(i).bounding_box()["height"] for i in range(links.count())}
    assert all(height >= 44 for height in heights.values()), heights
    context.close()


@pytest.mark.browser
def test_every_page_names_a_favicon_and_a_social_image(live_server, browser_page, post):
    page = browser_page
    page.goto(live_server.url + post.url)
    icons = page.eval_on_selector_all("link[rel~=icon]", "links => links.map((l) => l.getAttribute('href'))")
    assert len(icons) >= 2
    for href in icons:
        assert page.request.get(live_server.url + href).ok, href
    social = page.get_attribute("meta[property='og:image']", "content")
    assert social.startswith("http://testserver/") and social.endswith("/img/social.png")
    assert finders.find("img/social.png")
