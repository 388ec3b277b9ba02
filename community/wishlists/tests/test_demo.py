"""The demo content: two wish lists, offers from the demo contributors, services.
Safe to run twice, and it sends no email."""

from django.core import mail

from community.people.demo import seed_people
from community.wishlists.demo import seed_wishlists
from community.wishlists.models import Offer, Service, WishListIndexPage, WishListPage
from home.demo import seed_home


def test_demo_content_is_built_once(db, django_capture_on_commit_callbacks, seed_command):
    command = seed_command
    seed_home(command)
    seed_people(command)
    with django_capture_on_commit_callbacks(execute=True):
        seed_wishlists(command)
        seed_wishlists(command)

    index = WishListIndexPage.objects.get()
    assert index.slug == "wish-lists" and index.live
    assert index.get_workflow().name == "Wish list moderation"
    lists = {page.organisation: page for page in WishListPage.objects.live()}
    assert set(lists) == {"Northbridge Bank", "Clean Water Alliance"}
    bank, ngo = lists["Northbridge Bank"], lists["Clean Water Alliance"]
    assert bank.owner.email == "lena.fischer@northbridge.example"
    assert [i.title for i in bank.items.all()][0] == "Design a lessons-learned process for IT projects"
    assert bank.items.first().budget_min == 500_000
    assert Offer.objects.count() == 4
    accepted = Offer.objects.get(status=Offer.Status.ACCEPTED)
    assert (accepted.contributor.slug, accepted.item.wish_list.specific) == ("amara-okafor", ngo)
    assert Service.objects.count() == 6
    assert not mail.outbox
    assert any("northbridge.example" in note for note in command.notes)


def test_demo_pages_render(client, db, seed_command):
    command = seed_command
    seed_home(command)
    seed_people(command)
    seed_wishlists(command)
    from wagtail.models import Site

    Site.objects.update(hostname="testserver", port=80)
    html = client.get("/wish-lists/").content.decode()
    assert "Help us start a lessons-learned practice" in html
    html = client.get("/wish-lists/clean-water-alliance-community-of-practice/").content.decode()
    assert 'wish-status--matched">Matched' in html
    assert "Professionals who could help" in html
    assert "Li Wei" in client.get("/wishes/services/").content.decode()
