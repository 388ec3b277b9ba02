"""Issue 15's attacks, replayed over HTTP by bench/gaming.py against a live server: none
earns more than one honest person would, and the honest crowd is counted in full."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings as django_settings

BENCH = Path(django_settings.BASE_DIR) / "bench" / "gaming.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_gaming", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_no_attack_earns_more_than_one_honest_person(live_server, home_page, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRACKING_RECORDER = "database"
    settings.TRACKING_ENGAGED_SECONDS = 1
    settings.ACCOUNT_RATE_LIMITS = False
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    bench = load_bench()
    site = bench.build_site()
    bench.play(live_server.url, site, lambda function, *args: function(*args))
    result = bench.earnings(site, bench.measure("after"))

    one_person = {"blogging": 1, "promotion": 1, "courses": 4}
    worth = max(result["one-honest-person"].values())
    for attack, _ in bench.ATTACKS:
        row = result[attack]
        for stream, value in row["metrics"].items():
            assert value <= one_person[stream], (attack, stream, value)
        assert row["earned"] <= worth, (attack, row["earned"], worth)
    # Newsletter addresses (issue 18): the author's own puppets count nothing, one inbox
    # under four spellings counts once.
    assert result["newsletter-puppets"]["metrics"]["promotion"] == 0
    assert result["one-inbox"]["metrics"]["promotion"] == 1
    honest = result["honest"]["metrics"]
    assert honest["blogging"]["hana"] == bench.HONEST_READERS
    assert honest["promotion"]["pat"] == 3  # two accounts and a newsletter reader
    assert honest["courses"]["ivy"] == 16  # four learners, each active and finishing
    assert all(result["honest"]["earned_alone"].values())
