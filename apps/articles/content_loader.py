"""Starter articles: Markdown files in apps/articles/content/, each opening with a small
front matter between two "---" lines (Markdown's meta extension reads it): one "key: value"
a line for title, slug, category, published (a date), habits (comma-separated DailyLog
fields) and summary, plus one "source: Title | https://address" line per source. See any
file there for an example."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import markdown

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FENCE = "---"


@dataclass
class StarterArticle:
    title: str
    slug: str
    category: str
    summary: str
    published: dt.date
    body: str
    habits: list[str] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)


def parse(text: str) -> StarterArticle:
    if not text.startswith(FENCE):
        raise ValueError("A starter article starts with a --- front matter fence.")
    # Markdown's meta extension reads the front matter: keys lower-cased, a list of values
    # for each (one entry per "source:" line), and gives back the lines after it.
    reader = markdown.Markdown(extensions=["meta"])
    body = reader.preprocessors["meta"].run(text.splitlines())
    meta: dict[str, list[str]] = reader.Meta
    one = {key: values[0] for key, values in meta.items()}
    return StarterArticle(
        title=one["title"],
        slug=one["slug"],
        category=one["category"],
        summary=one["summary"],
        published=dt.date.fromisoformat(one["published"]),
        habits=[h.strip() for h in one.get("habits", "").split(",") if h.strip()],
        sources=[_source(line) for line in meta.get("source", [])],
        body="\n".join(body).strip() + "\n",
    )


def _source(line: str) -> dict[str, str]:
    title, _, url = line.rpartition("|")
    return {"title": title.strip(), "url": url.strip()}


def starter_articles(directory: Path = CONTENT_DIR) -> list[StarterArticle]:
    return [parse(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.md"))]
