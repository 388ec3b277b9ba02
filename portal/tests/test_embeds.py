"""YouTube and Vimeo frames are built without asking the provider."""

import urllib.request

import pytest
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.finders import get_finders

from portal.embeds import player_url


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://www.youtube.com/watch?v=mSGL5ZpYf4k", "https://www.youtube-nocookie.com/embed/mSGL5ZpYf4k"),
        ("https://youtu.be/mSGL5ZpYf4k?t=30", "https://www.youtube-nocookie.com/embed/mSGL5ZpYf4k"),
        ("https://www.youtube.com/embed/mSGL5ZpYf4k", "https://www.youtube-nocookie.com/embed/mSGL5ZpYf4k"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ],
)
def test_video_addresses_become_privacy_friendly_players(url, player):
    assert player_url(url)[1] == player


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=mSGL5ZpYf4k%22onload=%22x",
        "javascript:alert(1)//youtube.com/watch?v=mSGL5ZpYf4k",
        "https://evil.example/watch?v=mSGL5ZpYf4k",
        "https://vimeo.com/channels/staffpicks",
    ],
)
def test_anything_else_is_left_to_oembed(url):
    assert player_url(url) is None


@pytest.mark.django_db
def test_an_embed_is_found_and_stored_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the finder went to the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    get_finders.cache_clear()
    embed = get_embed("https://www.youtube.com/watch?v=mSGL5ZpYf4k", max_width=960)
    assert embed.provider_name == "YouTube"
    assert 'src="https://www.youtube-nocookie.com/embed/mSGL5ZpYf4k"' in embed.html
    assert 'title="YouTube video"' in embed.html
