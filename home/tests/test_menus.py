"""The menus an editor arranges in the site settings: the top menu in order of
importance, rewards in the footer; read once per site token from the cache, and changed
on the next page when the settings or a linked page change."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.demo import seed_menus
from home.factories import StandardPageFactory
from portal.menus import AddressLinkBlock
from portal.models import SiteSettings

MAIN = ["Blog", "Courses", "Events and communities", "Wish lists and services", "About"]


@pytest.fixture
def sections(home_page):
    for slug, title in (
        ("how-rewards-work", "How rewards work"),
        ("about", "About KMP"),
        ("wish-lists", "Wish lists"),
        ("events", "Events"),
        ("communities", "Communities"),
        ("courses", "Courses"),
        ("blog", "Blog"),
    ):
        # Shown in menus, so the top menu would list them all, rewards first, without settings.
        StandardPageFactory(parent=home_page, title=title, slug=slug, show_in_menus=True)
    return home_page


def links(html, label):
    nav = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": label})
    return [a.get_text(strip=True) for a in nav.find_all("a")]


def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.mark.django_db
def test_without_menus_the_top_menu_lists_the_pages_shown_in_menus(client, sections):
    assert links(client.get("/").content, "Main")[:2] == ["How rewards work", "About KMP"]
    assert links(client.get("/").content, "Main")[-1] == "Contributors"
    assert links(client.get("/").content, "Footer")[0] == "Contributors"


@pytest.mark.django_db
def test_the_demo_menus_put_what_matters_first_and_rewards_in_the_footer(client, sections, seed_command):
    seed_menus(seed_command)
    html = client.get("/blog/").content
    assert links(html, "Main") == MAIN
    footer = links(html, "Footer")
    assert footer[:2] == ["How rewards work", "Where the money went"]
    assert {"Services", "Contributors", "Communities"} <= set(footer)
    main = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": "Main"})
    assert [a.text for a in main.find_all("a", attrs={"aria-current": "page"})] == ["Blog"]
    # Run again, it keeps what is there.
    seed_menus(seed_command)
    assert links(client.get("/").content, "Main") == MAIN


@pytest.mark.django_db
def test_an_editors_change_to_the_menu_shows_on_the_next_page(client, sections, seed_command):
    seed_menus(seed_command)
    assert links(client.get("/").content, "Main") == MAIN
    settings = site_settings()
    about = settings.main_menu[-1]
    settings.main_menu = [("page", {"page": about.value["page"], "title": "Who we are"})] + [
        (block.block_type, block.value) for block in settings.main_menu[:-1]
    ]
    settings.save()
    assert links(client.get("/").content, "Main")[:2] == ["Who we are", "Blog"]


@pytest.mark.django_db
def test_a_linked_page_published_moved_away_or_unpublished_changes_the_menu(client, sections, seed_command):
    seed_menus(seed_command)
    assert links(client.get("/").content, "Main") == MAIN
    courses = sections.get_children().get(slug="courses").specific
    courses.slug = "learn"
    courses.save_revision().publish()
    html = client.get("/").content
    assert 'href="/learn/"' in html.decode()
    courses.unpublish()
    assert "Courses" not in links(client.get("/").content, "Main")


@pytest.mark.django_db
def test_the_menus_are_read_once_per_site_token(sections, seed_command, rf, admin_user):
    seed_menus(seed_command)
    template = Template("{% load portal_tags %}{% main_menu %}{% footer_menu %}")

    def render():
        request = rf.get("/blog/")
        request.user = admin_user
        with CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"request": request}))
        return html, [q["sql"] for q in queries.captured_queries]

    cache.clear()
    html, cold = render()
    assert "Where the money went" in html and "Events and communities" in html
    # The site, its settings, its root paths, the private pages and one for all the linked
    # pages (the children shown in menus before there was a menu): none per link.
    assert len(cold) <= 5, cold
    # Warm: only the site this request is for, which every page looks up anyway.
    warm = render()[1]
    assert len(warm) == 1 and warm[0].startswith('SELECT "wagtailcore_site"'), warm


def test_a_menu_address_must_start_with_a_slash_or_a_scheme():
    block = AddressLinkBlock()
    for value in ({"url": "people/", "title": "People"}, {"url": "/people/", "title": ""}):
        with pytest.raises(ValidationError):
            block.clean(block.to_python(value))
    block.clean(block.to_python({"url": "/people/", "title": "People"}))


@pytest.mark.django_db
def test_a_signed_in_person_has_my_learning_in_the_header(client, sections, make_user):
    user = make_user()
    client.force_login(user)
    assert links(client.get("/").content, "Account")[:2] == ["My learning", "My account"]
    client.logout()
    assert "My learning" not in client.get("/").content.decode()


@pytest.mark.browser
def test_a_phone_and_a_laptop_show_the_same_top_menu(live_server, chromium, sections, seed_command):
    seed_menus(seed_command)
    for width in (390, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/")
        if width == 390:
            page.get_by_role("button", name="Menu").click()
        menu = page.get_by_role("navigation", name="Main").get_by_role("link")
        assert menu.all_inner_texts() == MAIN
        assert all(menu.nth(i).is_visible() for i in range(menu.count()))
        context.close()


@pytest.mark.browser
def test_the_sign_up_button_has_room_around_its_words(live_server, chromium, sections):
    """The account links' own padding once overrode the button's: "Sign up" sat on its
    edges, smaller than "Log in" beside it."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/")
    button = page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign up")
    padding = button.evaluate("node => parseFloat(getComputedStyle(node).paddingLeft)")
    assert padding >= 8
    context.close()
