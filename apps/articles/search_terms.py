"""The words of a search, shared by both databases' full-text search.

Spellings: neither PostgreSQL's English stemmer nor SQLite's porter tokenizer folds British
and American spellings together ("fibre" stems to "fibr", "fiber" to "fiber"), and our
articles are written in British English for readers who type either. PostgreSQL could do it
with a thesaurus dictionary, but that is a file in the database server's own directory, which
a managed PostgreSQL does not let us install; so the query is widened here, on both
databases, with the few spellings our articles use.
"""

import re

MAX_QUERY_WORDS = 10
SPELLINGS = {
    "fibre": "fiber",
    "fibres": "fibers",
    "yoghurt": "yogurt",
    "yoghurts": "yogurts",
    "behaviour": "behavior",
    "behaviours": "behaviors",
}
SPELLINGS |= {american: british for british, american in SPELLINGS.items()}
# What SQLite's unicode61 tokenizer keeps as a token: letters and digits.
_WORD = re.compile(r"[^\W_]+")


def query_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())[:MAX_QUERY_WORDS]


def spellings(word: str) -> list[str]:
    other = SPELLINGS.get(word.lower())
    return [word, other] if other else [word]


def fts5_match(text: str) -> str:
    """An FTS5 MATCH expression: every word (in any of its spellings) must occur. Each word
    is a quoted string of letters and digits, so no input is read as FTS5 syntax."""
    groups = []
    for word in query_words(text):
        alternatives = " OR ".join(f'"{spelling}"' for spelling in spellings(word))
        groups.append(f"({alternatives})")
    return " AND ".join(groups)
