"""Who is paid is not editable by editors: a profile's person is set once, by an
administrator, with an audit entry; the payout preference is the contributor's alone;
a closed month's payout file names whoever was linked when it closed."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from community.people import roles
from community.people.factories import ContributorProfileFactory, UserFactory
from community.people.models import LINK_USER_ACTION, ContributorProfile, UserAlreadyLinked
from community.rewards.factories import LedgerEntryFactory, RewardPeriodFactory
from community.rewards.models import LedgerEntry
from community.rewards.periods import calculate_period, close_period

pytestmark = pytest.mark.django_db


def edit_url(profile):
    return reverse("wagtailsnippets_people_contributorprofile:edit", args=[profile.pk])


def posted_form(client, url, **changes):
    """The edit form as the admin renders it, with some fields changed, posted back."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        data[name] = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else value
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def amara(home_page):
    return ContributorProfileFactory(display_name="Amara Okafor", slug="amara-okafor")


def test_an_editor_cannot_take_a_contributors_profile_or_change_her_preference(client, amara, make_user):
    editor = make_user(roles.EDITORS, email="editor@kmp.example")
    client.force_login(editor)
    response = posted_form(
        client, edit_url(amara), user=str(editor.pk), payout_preference="give_back", headline="Edited"
    )
    assert response.status_code == 302
    amara.refresh_from_db()
    assert amara.headline == "Edited"  # the edit itself went through
    assert amara.user != editor
    assert amara.payout_preference == ContributorProfile.PayoutPreference.CASH
    assert not ModelLogEntry.objects.filter(action=LINK_USER_ACTION).exists()


def test_an_editor_cannot_link_a_new_profile_to_themselves(client, home_page, make_user):
    editor = make_user(roles.EDITORS)
    client.force_login(editor)
    profile = ContributorProfileFactory(user=None, display_name="Nobody Yet", slug="nobody-yet")
    posted_form(client, edit_url(profile), user=str(editor.pk))
    profile.refresh_from_db()
    assert profile.user is None


def test_an_administrator_links_a_profile_once_and_it_is_logged(client, home_page, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    person, other = UserFactory(), UserFactory()
    profile = ContributorProfileFactory(user=None, display_name="New Writer", slug="new-writer")
    client.force_login(admin)
    assert posted_form(client, edit_url(profile), user=str(person.pk)).status_code == 302
    profile.refresh_from_db()
    assert profile.user == person
    entry = ModelLogEntry.objects.get(action=LINK_USER_ACTION)
    assert (entry.object_id, entry.user, entry.data["email"]) == (str(profile.pk), admin, person.email)

    # Set once: not even an administrator moves it to someone else through the admin.
    posted_form(client, edit_url(profile), user=str(other.pk))
    profile.refresh_from_db()
    assert profile.user == person
    assert ModelLogEntry.objects.filter(action=LINK_USER_ACTION).count() == 1


def test_the_model_refuses_to_move_a_profile_to_another_person(amara):
    amara.user = UserFactory()
    with pytest.raises(UserAlreadyLinked):
        amara.save()
    amara.user = None
    with pytest.raises(UserAlreadyLinked):
        amara.save()


def test_the_contributor_changes_her_own_preference(client, amara):
    client.force_login(amara.user)
    response = client.post(
        reverse("edit_own_profile"), {"display_name": amara.display_name, "payout_preference": "give_back"}
    )
    assert response.status_code == 302
    amara.refresh_from_db()
    assert amara.payout_preference == "give_back"


def test_a_closed_months_payout_file_names_who_was_linked_when_it_closed(
    client, amara, make_user, stream_metrics
):
    original_email = amara.user.email
    period = RewardPeriodFactory(start=date(2026, 10, 1))
    LedgerEntryFactory(
        period=period,
        kind=LedgerEntry.Kind.RESERVE_ALLOCATION,
        amount=100_000,
        member=None,
        payment_reference="",
    )
    stream_metrics["blogging"][amara.pk] = 500
    calculate_period(period)
    close_period(period)

    # Whatever happens to the live rows later (here, straight in the database)...
    thief = UserFactory(email="thief@example.com")
    ContributorProfile.objects.filter(pk=amara.pk).update(user=thief, display_name="Someone Else")
    type(amara.user).objects.filter(pk=amara.user_id).update(email="changed@example.com")

    client.force_login(make_user(roles.FINANCE))
    response = client.get(reverse("rewards_admin:payouts_csv", args=[period.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[1:4] for row in rows[1:]] == [["Amara Okafor", original_email, "250.00"]]
