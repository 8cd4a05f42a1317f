"""The strict readers behind settings.py, called directly (the start-up itself is covered in
test_settings_env.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from gutmind.env import (
    read_bool,
    read_choice,
    read_http_url,
    read_int,
    require_list,
    require_strong_secret,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("1", True),
        ("YES", True),
        (" on ", True),
        ("false", False),
        ("0", False),
        ("No", False),
        ("off", False),
    ],
)
def test_booleans_accept_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert read_bool("FLAG", default=not expected) is expected


def test_an_unset_or_empty_boolean_takes_the_default(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert read_bool("FLAG", default=True) is True
    monkeypatch.setenv("FLAG", "")
    assert read_bool("FLAG", default=False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled", "tru"])
def test_any_other_word_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        read_bool("FLAG", default=True)


def test_whole_numbers_are_read_and_anything_else_refused(monkeypatch):
    monkeypatch.setenv("COUNT", "42")
    assert read_int("COUNT", 1) == 42
    monkeypatch.setenv("COUNT", "4.2")
    with pytest.raises(ImproperlyConfigured, match="COUNT"):
        read_int("COUNT", 1)


def test_a_choice_is_case_insensitive_and_checked(monkeypatch):
    monkeypatch.setenv("MODE", "CDN")
    assert read_choice("MODE", ("cdn", "local"), "local") == "cdn"
    monkeypatch.setenv("MODE", "elsewhere")
    with pytest.raises(ImproperlyConfigured, match="MODE"):
        read_choice("MODE", ("cdn", "local"), "local")


def test_a_strong_secret_passes_and_weak_ones_are_named(monkeypatch):
    strong = "k3J9-vQx_2LmP8rT5wYz1NcB7dFh4GsA6uE0oI-RpXqWnMbVcZt"
    monkeypatch.setenv("SECRET", strong)
    assert require_strong_secret("SECRET") == strong
    for weak in ("", "short", "a" * 60, "django-insecure-" + strong):
        monkeypatch.setenv("SECRET", weak)
        with pytest.raises(ImproperlyConfigured, match="SECRET"):
            require_strong_secret("SECRET")


def test_a_required_list_drops_blanks_and_refuses_an_empty_one(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.org, ,b.example.org ")
    assert require_list("HOSTS") == ["a.example.org", "b.example.org"]
    monkeypatch.setenv("HOSTS", " , ")
    with pytest.raises(ImproperlyConfigured, match="HOSTS"):
        require_list("HOSTS")


def test_a_site_url_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("SITE", "https://gutmind.example.org/")
    assert read_http_url("SITE", "http://127.0.0.1:8000") == "https://gutmind.example.org"
    monkeypatch.delenv("SITE")
    assert read_http_url("SITE", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
