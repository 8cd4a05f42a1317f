"""What other apps ask of the articles app."""

from apps.articles.models import Article


def recommended_for_habit(habit_field: str, limit: int = 2) -> list[Article]:
    """Published articles that explain the habit, newest first: the dashboard and the
    weekly email suggest them for the guideline a person is furthest from."""
    articles = Article.objects.published().for_habit(habit_field).select_related("category")
    return list(articles.defer("body", "body_html", "body_text")[:limit])
