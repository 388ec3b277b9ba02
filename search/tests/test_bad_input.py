"""Bad input gets a normal page with a message: 200, or 400 when the request
cannot be answered as asked; never a 500, and the input is never echoed raw."""

import pytest

from .conftest import result_titles

LONG = "knowledge " * 1000  # 10,000 characters

BAD_QUERIES = {
    "empty": "",
    "spaces": "    ",
    "sql": "' OR 1=1; DROP TABLE wagtailcore_page; --",
    "sql-quotes": '"); DELETE FROM x WHERE ("1"="1',
    "regex": r".*[(+?{\\",
    "fts-syntax": 'NEAR(a b) AND OR NOT "unbalanced * ^title: -x',
    "tsquery-syntax": "a & !b | c:* <-> (d",
    "percent": "%_%\\%",
    "control": "\x1b[31mred\x07",
    "emoji-and-accents": "café 🧠 naïve",
    "html": "<script>alert(1)</script>",
    "only-punctuation": "!@#$%^&*()",
}


@pytest.fixture
def corpus(make_page):
    make_page("Knowledge sharing", "How knowledge sharing works, with <b>bold</b> claims.")


@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_odd_queries_get_a_normal_page(client, corpus, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    suggest = client.get("/search/suggest/", {"q": query})
    assert suggest.status_code == 200
    assert isinstance(suggest.json()["suggestions"], list)


def test_words_are_still_searched_among_the_metacharacters(client, corpus):
    response = client.get("/search/", {"q": "'knowledge\" (sharing*"})
    assert result_titles(response) == ["Knowledge sharing"]


def test_a_null_character_is_refused_as_everywhere_on_the_site(client, corpus):
    response = client.get("/search/", {"q": "knowledge\x00sharing"})
    assert response.status_code == 400
    assert "cannot contain a null character" in response.content.decode()


def test_a_query_without_words_says_so(client, corpus):
    response = client.get("/search/", {"q": "!@#$%^&*()"})
    assert "Type one or more words to search for." in response.content.decode()


def test_a_10000_character_query_is_refused_with_a_message(client, corpus):
    response = client.get("/search/", {"q": LONG})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Searches can be at most 200 characters long" in html
    assert html.count("knowledge") < 100  # echoed back shortened, not whole
    suggest = client.get("/search/suggest/", {"q": LONG})
    assert suggest.status_code == 400
    assert "at most 200 characters" in suggest.json()["error"]


def test_a_long_query_is_not_recorded(client, corpus):
    from wagtail.contrib.search_promotions.models import Query

    client.get("/search/", {"q": LONG})
    assert not Query.objects.exists()


def test_many_words_use_the_first_twelve(client, corpus):
    words = "knowledge sharing " + " ".join(f"w{i}" for i in range(20))
    response = client.get("/search/", {"q": words})
    assert response.status_code == 200
    assert "Only the first 12 words of your search were used." in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", "", "9" * 50])
def test_odd_page_numbers_get_a_normal_page(client, make_page, page):
    for i in range(12):
        make_page(f"Knowledge page {i}", "knowledge")
    response = client.get("/search/", {"q": "knowledge", "page": page})
    assert response.status_code == 200
    assert len(result_titles(response)) in (2, 10)  # the first or the last page


def test_unknown_kind_and_topic_say_so_and_show_everything(client, corpus):
    response = client.get("/search/", {"q": "knowledge", "type": "<b>secrets</b>", "topic": "no-such-topic"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no kind of result called “&lt;b&gt;secrets&lt;/b&gt;”" in html
    assert "There is no topic “no-such-topic”" in html
    assert result_titles(response) == ["Knowledge sharing"]


def test_repeated_parameters_and_unknown_parameters_are_harmless(client, corpus):
    response = client.get("/search/?q=nothing&q=knowledge&type=&type=pages&utm_source=x&page=1&page=abc")
    assert response.status_code == 200
    assert result_titles(response) == ["Knowledge sharing"]


def test_snippet_escapes_page_text_before_marking(client, make_page):
    make_page("Markup", "<p>Tags like &lt;script&gt;alert(1)&lt;/script&gt; near marmalade</p>")
    response = client.get("/search/", {"q": "marmalade"})
    html = response.content.decode()
    assert "<mark>marmalade</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
