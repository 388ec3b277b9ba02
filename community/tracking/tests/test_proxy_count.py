"""One name for the trusted proxy count: TRUSTED_PROXY_COUNT. The old name,
TRACKING_PROXY_COUNT, still works for one release and warns."""

import warnings

import pytest
from django.test import RequestFactory

from community.tracking.visitors import client_ip
from portal.settings.base import deprecated_env


def forwarded_request():
    return RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.2", REMOTE_ADDR="10.0.0.1")


def test_trusted_proxy_count_picks_the_client_address_without_a_warning(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert client_ip(forwarded_request()) == "203.0.113.7"


def test_the_old_setting_name_still_works_and_warns(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRACKING_PROXY_COUNT = 1
    with pytest.warns(DeprecationWarning, match="set TRUSTED_PROXY_COUNT instead"):
        assert client_ip(forwarded_request()) == "198.51.100.2"


def test_the_old_environment_variable_still_works_and_warns(monkeypatch):
    monkeypatch.setenv("TRACKING_PROXY_COUNT", "1")
    with pytest.warns(
        DeprecationWarning, match="TRACKING_PROXY_COUNT is deprecated; set TRUSTED_PROXY_COUNT"
    ):
        assert deprecated_env("TRACKING_PROXY_COUNT", "TRUSTED_PROXY_COUNT") == "1"
    monkeypatch.delenv("TRACKING_PROXY_COUNT")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert deprecated_env("TRACKING_PROXY_COUNT", "TRUSTED_PROXY_COUNT") is None
