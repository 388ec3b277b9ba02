from portal.tests.test_settings import run_manage


def test_search_switches_to_a_cluster_by_configuration_alone():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; b = s.WAGTAILSEARCH_BACKENDS['default']; "
        "print(b['BACKEND'], ','.join(b.get('URLS', [])), b.get('INDEX_PREFIX'))",
        env_overrides={
            "SEARCH_URLS": "https://search-1:9200,https://search-2:9200",
            "SEARCH_INDEX_PREFIX": "kmpprod_",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "wagtail.search.backends.opensearch3",
        "https://search-1:9200,https://search-2:9200",
        "kmpprod_",
    ]


def test_search_uses_the_database_backend_by_default():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])",
        env_overrides={"SEARCH_URLS": ""},
    )
    assert result.stdout.split() == ["wagtail.search.backends.database"]
