import pytest

from community.people.models import ContributorProfile as Profile

from .conftest import suggestion_labels


@pytest.fixture
def titles(make_page, make_profile):
    make_page("Practice makes progress", "text")
    make_page("Practical taxonomy", "text")
    make_page("Unrelated", "practice appears only in the body")
    make_profile("Pratibha Practitioner")


def test_suggests_titles_that_complete_the_typed_words(client, titles):
    response = client.get("/search/suggest/", {"q": "pract"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    labels = suggestion_labels(response)
    assert set(labels) == {"Practice makes progress", "Practical taxonomy", "Pratibha Practitioner"}


def test_suggestions_carry_a_link_and_a_kind(client, titles):
    data = client.get("/search/suggest/", {"q": "practice makes"}).json()
    assert data["suggestions"] == [
        {"label": "Practice makes progress", "url": "/practice-makes-progress/", "type": "Page"}
    ]
    assert data["search_url"] == "/search/?q=practice+makes"
    person = Profile.objects.get(display_name="Pratibha Practitioner")
    assert client.get("/search/suggest/", {"q": "pratibha"}).json()["suggestions"] == [
        {"label": "Pratibha Practitioner", "url": person.get_absolute_url(), "type": "Person"}
    ]


def test_one_character_or_no_words_suggest_nothing(client, titles):
    for query in ("p", "", "  ", "--"):
        data = client.get("/search/suggest/", {"q": query}).json()
        assert data["suggestions"] == []


def test_at_most_eight_suggestions(client, make_page):
    for i in range(12):
        make_page(f"Storytelling {i}", "text")
    assert len(suggestion_labels(client.get("/search/suggest/", {"q": "story"}))) == 8


@pytest.mark.parametrize(
    "typed", ["c", "co", "com", "comm", "commu", "commun", "communi", "communit", "community"]
)
def test_every_prefix_of_a_word_suggests_it(client, make_page, typed):
    # SQLite's index stores stems ("commun"): half-typed words must still match.
    make_page("Community of practice", "text")
    make_page("Storytelling", "text")
    expected = ["Community of practice"] if len(typed) >= 2 else []
    assert suggestion_labels(client.get("/search/suggest/", {"q": typed})) == expected


@pytest.mark.parametrize(
    "typed",
    ["sto", "stor", "story", "storyt", "storytelling", "run", "runn", "runni", "runnin", "running", "runs"],
)
def test_words_whose_stem_is_not_their_prefix_are_suggested_as_typed(client, make_page, typed):
    # Porter turns "story" into "stori" and "running" into "run".
    make_page("Storytelling", "text")
    make_page("Running meetings", "text")
    make_page("Runs of luck", "text")
    expected = {
        "sto": ["Storytelling"],
        "run": ["Running meetings", "Runs of luck"],
        "runs": ["Runs of luck"],
    }
    wanted = expected.get(typed) or (["Storytelling"] if typed.startswith("sto") else ["Running meetings"])
    assert sorted(suggestion_labels(client.get("/search/suggest/", {"q": typed}))) == sorted(wanted)


def test_earlier_words_are_whole_words_and_the_last_a_prefix(client, make_page):
    make_page("Community of practice", "text")
    make_page("Community garden", "text")
    assert suggestion_labels(client.get("/search/suggest/", {"q": "community prac"})) == [
        "Community of practice"
    ]
    assert suggestion_labels(client.get("/search/suggest/", {"q": "garden comm"})) == ["Community garden"]
