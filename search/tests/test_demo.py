from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.demo import POPULAR_SEARCHES, seed_search

from . import pages


def test_demo_search_data_is_seeded_once(home_page, seed_command):
    course = pages.course(pages.course_index(home_page), "Communities of practice", "Run one.")
    seed_search(seed_command)
    hits = {q.query_string: q.hits for q in Query.objects.all()}
    seed_search(seed_command)
    assert {q.query_string: q.hits for q in Query.objects.all()} == hits
    assert set(hits) >= {text for text, _ in POPULAR_SEARCHES}
    assert hits["practice"] > hits["km strategy"] > 0
    assert list(SearchPromotion.objects.values_list("query__query_string", "page")) == [
        ("practice", course.pk)
    ]
