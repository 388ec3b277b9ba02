"""The menus an editor arranges in the site settings: the top menu in order of
importance, rewards in the footer; a change shows on the next page, and a phone and a
laptop get the same links."""

import pytest
from bs4 import BeautifulSoup

from home.demo import seed_menus
from home.factories import StandardPageFactory
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


@pytest.mark.django_db
def test_without_menus_the_top_menu_lists_the_pages_shown_in_menus(client, sections):
    assert links(client.get("/").content, "Main")[:2] == ["How rewards work", "About KMP"]


@pytest.mark.django_db
def test_the_demo_menus_put_what_matters_first_and_rewards_in_the_footer(client, sections, seed_command):
    seed_menus(seed_command)
    html = client.get("/blog/").content
    assert links(html, "Main") == MAIN
    footer = links(html, "Footer")
    assert footer[:2] == ["How rewards work", "Where the money went"]
    assert {"Services", "Contributors", "Communities"} <= set(footer)
    soup = BeautifulSoup(html, "html.parser")
    assert (
        soup.find("nav", attrs={"aria-label": "Main"}).find("a", attrs={"aria-current": "page"}).text
        == "Blog"
    )
    # Run again, it keeps what is there.
    seed_menus(seed_command)
    assert links(client.get("/").content, "Main") == MAIN


@pytest.mark.django_db
def test_an_editors_change_to_the_menu_shows_on_the_next_page(client, sections, seed_command):
    seed_menus(seed_command)
    assert links(client.get("/").content, "Main") == MAIN
    settings = SiteSettings.objects.get()
    about = settings.main_menu_items.get(title="About")
    about.sort_order = -1
    about.title = "Who we are"
    about.save()
    settings.save()  # the admin saves the settings with their menus
    assert links(client.get("/").content, "Main")[0] == "Who we are"


@pytest.mark.django_db
def test_a_menu_link_needs_a_page_or_an_address(sections):
    from django.core.exceptions import ValidationError
    from wagtail.models import Site

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for fields in ({}, {"link_url": "people/", "title": "People"}, {"link_url": "/people/"}):
        with pytest.raises(ValidationError):
            settings.main_menu_items.model(settings=settings, **fields).clean()
    settings.main_menu_items.model(settings=settings, link_url="/people/", title="People").clean()


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
