"""The services directory, and contributors managing their own services."""

from community.people.factories import ContributorProfileFactory
from community.wishlists.factories import ServiceFactory
from community.wishlists.models import Service


def service_data(**fields):
    return {
        "title": "Lessons-learned review",
        "kind": "paid",
        "description": "A two-week review.",
        "topics": "lessons learned, after-action reviews",
        "listed": "on",
        **fields,
    }


def test_a_contributor_adds_edits_and_deletes_their_service(client, contributor):
    client.force_login(contributor.user)
    response = client.post("/wishes/services/new/", service_data())
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.contributor == contributor
    assert sorted(t.name for t in service.topics.all()) == ["after-action reviews", "lessons learned"]

    response = client.post(
        f"/wishes/services/{service.pk}/edit/", service_data(title="Review", topics="taxonomy")
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.title == "Review"
    assert [t.name for t in service.topics.all()] == ["taxonomy"]
    assert 'value="taxonomy"' in client.get(f"/wishes/services/{service.pk}/edit/").content.decode()

    assert client.get(f"/wishes/services/{service.pk}/delete/").status_code == 200
    assert client.post(f"/wishes/services/{service.pk}/delete/").status_code == 302
    assert not Service.objects.exists()


def test_another_contributors_service_is_404(client, contributor):
    theirs = ServiceFactory(title="Theirs")
    client.force_login(contributor.user)
    assert client.get(f"/wishes/services/{theirs.pk}/edit/").status_code == 404
    assert (
        client.post(f"/wishes/services/{theirs.pk}/edit/", service_data(title="Mine now")).status_code == 404
    )
    assert client.post(f"/wishes/services/{theirs.pk}/delete/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_only_contributors_list_services(client, make_user):
    client.force_login(make_user())
    assert client.get("/wishes/services/mine/").status_code == 404
    assert client.post("/wishes/services/new/", service_data()).status_code == 404
    assert not Service.objects.exists()


def test_bad_service_input_is_explained(client, contributor):
    client.force_login(contributor.user)
    response = client.post(
        "/wishes/services/new/",
        service_data(title="", kind="free lunch", description="<script>alert(1)</script>"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("This field is required.") == 2
    assert "Select a valid choice." in html
    assert not Service.objects.exists()


def test_the_directory_filters_by_kind_and_topic(db, client, django_assert_max_num_queries):
    amara = ContributorProfileFactory(display_name="Amara Okafor")
    ServiceFactory(
        contributor=amara, title="CoP coaching", kind="volunteer", topics=["communities of practice"]
    )
    ServiceFactory(title="Taxonomy clinic", kind="paid", topics=["taxonomy"])
    ServiceFactory(title="Open to a KM lead role", kind="job", topics=["km strategy"])
    ServiceFactory(title="Paused service", kind="paid", listed=False, topics=["taxonomy"])
    for _ in range(10):
        ServiceFactory(kind="paid", topics=["taxonomy", "lessons learned"])

    with django_assert_max_num_queries(12):
        html = client.get("/wishes/services/").content.decode()
    assert "CoP coaching" in html and "Amara Okafor" in html and "Paused service" not in html

    html = client.get("/wishes/services/?kind=volunteer").content.decode()
    assert "CoP coaching" in html and "Taxonomy clinic" not in html
    html = client.get("/wishes/services/?topic=taxonomy&kind=paid").content.decode()
    assert "Taxonomy clinic" in html and "CoP coaching" not in html and "Paused service" not in html
    html = client.get("/wishes/services/?kind=job").content.decode()
    assert "Open to a KM lead role" in html

    response = client.get("/wishes/services/?kind=bribes&topic=nothing-here")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no kind of service “bribes”." in html
    assert "There is no topic “nothing-here”." in html


def test_a_contributor_profile_shows_their_listed_services(client, contributor):
    ServiceFactory(contributor=contributor, title="Taxonomy clinic", topics=["taxonomy"])
    ServiceFactory(contributor=contributor, title="Paused", listed=False)
    html = client.get(f"/people/{contributor.slug}/").content.decode()
    assert "Taxonomy clinic" in html and "Paused" not in html
    other = ContributorProfileFactory()
    assert 'id="services-heading"' not in client.get(f"/people/{other.slug}/").content.decode()


def test_service_form_honeypot_saves_nothing(client, contributor):
    client.force_login(contributor.user)
    client.post("/wishes/services/new/", service_data(website="http://spam.example"))
    assert not Service.objects.exists()


def test_moderators_review_services_in_the_admin(client, moderator):
    service = ServiceFactory(title="Cheap backlinks")
    client.force_login(moderator)
    html = client.get("/admin/wishlists/service/").content.decode()
    assert "Cheap backlinks" in html
    assert client.post(f"/admin/wishlists/service/delete/{service.pk}/").status_code == 302
    assert not Service.objects.exists()
