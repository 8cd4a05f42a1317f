from html.parser import HTMLParser

import pytest

from apps.articles.markup import ALLOWED_TAGS, plain_text, reading_minutes, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "![x](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<p onclick="alert(1)">para</p>',
    '<body onload="alert(1)">',
    '<form action="https://evil.example"><input name="x"></form>',
    '<object data="https://evil.example/x.swf"></object>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<a href="vbscript:msgbox(1)">vb</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)//",
    '"><script>alert(1)</script>',
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<b><i>unclosed <p>broken</b>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
]
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, attrs))


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_renders_harmless(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter")
    assert html.startswith("<p>Before</p>")
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert not name.startswith("on"), f"{name} survived on <{tag}>"
            assert name != "style"
            if name in ("href", "src"):
                assert value.lower().startswith(SAFE_SCHEMES) or "://" not in value
                assert ":" not in value or value.lower().startswith(SAFE_SCHEMES)


def test_hostile_text_is_shown_as_text_not_run():
    html = render_markdown("<img src=x onerror=alert(1)//")
    assert "&lt;img" in html
    assert elements(html) == [("p", [])]


def test_links_get_rel_noopener():
    html = render_markdown("[WHO](https://www.who.int/)")
    assert html == '<p><a href="https://www.who.int/" rel="noopener">WHO</a></p>'


def test_an_editor_supplied_rel_is_replaced_by_noopener():
    html = render_markdown('<a href="https://example.org" rel="opener">x</a>')
    assert 'rel="noopener"' in html
    assert 'rel="opener"' not in html


def test_markdown_becomes_headings_lists_and_emphasis():
    html = render_markdown("## Try this\n\n- one\n- **two**\n")
    assert "<h2>Try this</h2>" in html
    assert "<li><strong>two</strong></li>" in html


def test_plain_text_keeps_words_apart_and_unescapes_entities():
    text = plain_text("<p>Fibre &amp; plants.</p><p>Second\x02 part</p>")
    assert text == "Fibre & plants. Second part"


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (10, 1), (200, 1), (201, 2), (900, 5)])
def test_reading_minutes_round_up_at_two_hundred_words_a_minute(words, minutes):
    assert reading_minutes("word " * words) == minutes
