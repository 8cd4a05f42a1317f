from django import forms
from django.core.exceptions import ValidationError

from apps.articles.models import Article, validate_sources
from apps.lifestyle.habits import HABIT_CHOICES

SOURCE_SEPARATOR = "|"


class SourcesField(forms.CharField):
    """Sources typed one a line as "Title | https://address", stored as a list of dicts."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(
                f"{source['title']} {SOURCE_SEPARATOR} {source['url']}" for source in value
            )
        return super().prepare_value(value)

    # A CharField for its widget and form handling, whose cleaned value is the parsed list.
    def to_python(self, value: str | None) -> list[dict[str, str]]:  # type: ignore[override]
        sources = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            title, separator, url = line.rpartition(SOURCE_SEPARATOR)
            if not separator or not title.strip():
                raise ValidationError(
                    "Line %(number)s: write the title, a | and the address.",
                    params={"number": number},
                )
            sources.append({"title": title.strip(), "url": url.strip()})
        validate_sources(sources)
        return sources


class ArticleAdminForm(forms.ModelForm[Article]):
    habits = forms.MultipleChoiceField(
        choices=HABIT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The daily-log habits this article explains; readers get a link to log them.",
    )
    sources = SourcesField(
        required=False,
        help_text="One a line: Title | https://address. Papers or public-health bodies.",
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "category", "body", "status", "published_at", "author",
            "habits", "sources", "image", "image_alt",
        ]  # fmt: skip
