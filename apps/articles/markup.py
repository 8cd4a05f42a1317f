"""Markdown to safe HTML. Editors are trusted staff, but a pasted snippet or a stolen
editor account must still not be able to run script in a reader's browser."""

import html
import math
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
    "ol": {"start"},
}
# No javascript:, data: or vbscript: URLs; relative links stay allowed.
URL_SCHEMES = {"http", "https", "mailto"}
WORDS_PER_MINUTE = 200
_BLOCK_TAG = re.compile(r"<(/?(?:p|h\d|li|ul|ol|br|hr|pre|blockquote|table|tr|td|th|dd|dt)\b)")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str) -> str:
    """Drops the characters XML 1.0 cannot carry (pasted from Word, say): the Atom feed
    refuses to serialise them. Tab, newline and carriage return stay."""
    return _CONTROL_CHARS.sub("", text)


def render_markdown(source: str) -> str:
    raw = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def plain_text(safe_html: str) -> str:
    """The words of the rendered article, for search and snippets. Control characters are
    dropped because search snippets use two of them as highlight markers."""
    # A space before block tags keeps "end.</p><p>Start" from becoming one word.
    text = html.unescape(nh3.clean(_BLOCK_TAG.sub(r" <\1", safe_html), tags=set()))
    text = _CONTROL_CHARS.sub(" ", text)
    return " ".join(text.split())


def reading_minutes(text: str) -> int:
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))
