"""The CSP forbids inline scripts, inline event handlers and style attributes, so no template
may contain them: they would silently do nothing in the browser."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_DIRS = [
    settings.BASE_DIR / "templates",
    *sorted((settings.BASE_DIR / "apps").glob("*/templates")),
]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
DATA_SCRIPT_TYPES = ('type="application/json"', 'type="application/ld+json"')


def is_email(path: Path) -> bool:
    # Emails are read in mail clients, not under our CSP, and most clients ignore stylesheets:
    # their inline styles are the norm there.
    return "emails" in path.parts


def project_templates() -> list[Path]:
    return sorted(
        path
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*")
        if path.suffix in {".html", ".xml"} and not is_email(path)
    )


def csp_breaches(html: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(html):
        attributes = match.group(1)
        if "src=" not in attributes and not any(t in attributes for t in DATA_SCRIPT_TYPES):
            found.append(f"inline script: {match.group(0)}")
    found += [f"style attribute: {m.group(0)!r}" for m in STYLE_ATTRIBUTE.finditer(html)]
    found += [f"event handler: {m.group(0)!r}" for m in EVENT_HANDLER.finditer(html)]
    found += [f"style element: {m.group(0)!r}" for m in STYLE_ELEMENT.finditer(html)]
    return found


def test_the_scan_finds_what_it_looks_for():
    bad = '<script>alert(1)</script><p style="color:red" onclick="x()"></p><style>p{}</style>'
    assert len(csp_breaches(bad)) == 4
    good = '<script src="/static/js/a.js" defer></script><script id="d" type="application/json">'
    assert csp_breaches(good) == []


def test_there_are_templates_to_scan():
    assert len(project_templates()) > 10


@pytest.mark.parametrize(
    "path", project_templates(), ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_no_template_has_inline_script_or_style(path):
    assert csp_breaches(path.read_text()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/privacy/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_rendered_public_pages_have_no_inline_script_or_style(client, url):
    assert csp_breaches(client.get(url).text) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/settings/", "/accounts/email/", "/accounts/password/change/", "/accounts/logout/"]
)
def test_rendered_signed_in_pages_have_no_inline_script_or_style(signed_in_client, url):
    assert csp_breaches(signed_in_client.get(url).text) == []
