"""Starter articles: Markdown files in apps/articles/content/, each opening with a small
front matter between two "---" lines: one "key: value" a line for title, slug, category,
published (a date), habits (comma-separated DailyLog fields) and summary, plus one
"source: Title | https://address" line per source. See any file there for an example."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

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
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ValueError("A starter article starts with a --- front matter fence.")
    end = lines.index(FENCE, 1)
    meta: dict[str, str] = {}
    sources = []
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "source":
            title, _, url = value.rpartition("|")
            sources.append({"title": title.strip(), "url": url.strip()})
        elif key:
            meta[key] = value
    return StarterArticle(
        title=meta["title"],
        slug=meta["slug"],
        category=meta["category"],
        summary=meta["summary"],
        published=dt.date.fromisoformat(meta["published"]),
        habits=[h.strip() for h in meta.get("habits", "").split(",") if h.strip()],
        sources=sources,
        body="\n".join(lines[end + 1 :]).strip() + "\n",
    )


def starter_articles(directory: Path = CONTENT_DIR) -> list[StarterArticle]:
    return [parse(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.md"))]
