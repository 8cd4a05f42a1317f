import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone as django_timezone

from apps.accounts.models import User
from apps.lifestyle.models import DailyLog, Tag, TagGroup
from apps.mood.models import MoodCheckIn

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("first_name")
    timezone = "Europe/London"
    health_data_consent_at = factory.LazyFunction(django_timezone.now)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class TagGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TagGroup

    person = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"group {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    person = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"tag {n}")


class DailyLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyLog

    person = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(lambda: django_timezone.now().date())
    fruit_veg_servings = 5
    water_ml = 1500
    sleep_hours = 7.5
    exercise_minutes = 20


class MoodCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MoodCheckIn

    person = factory.SubFactory(UserFactory)
    at = factory.LazyFunction(django_timezone.now)
    local_date = factory.LazyAttribute(lambda o: o.at.astimezone(o.person.tzinfo).date())
    mood = 4


def checkin_at_local_noon(person: User, day: dt.date, **fields) -> MoodCheckIn:
    at = dt.datetime.combine(day, dt.time(12), tzinfo=person.tzinfo)
    return MoodCheckInFactory(person=person, at=at, local_date=day, **fields)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Category"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live article by default; status="draft" or a future published_at for others."""

    class Meta:
        model = "articles.Article"

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary of what the article explains."
    body = "Some **Markdown** about the gut and the brain.\n\nA second paragraph."
    category = factory.SubFactory(CategoryFactory)
    status = "published"
    published_at = factory.LazyFunction(lambda: django_timezone.now() - dt.timedelta(days=1))
    habits = factory.LazyFunction(list)
    sources = factory.LazyFunction(
        lambda: [{"title": "WHO healthy diet", "url": "https://www.who.int/"}]
    )


def fermented_food_plan(**fields: object) -> dict[str, object]:
    """The plan fields of the experiment most tests run (fermented food against mood), for
    plan_experiment; a test names only what it changes."""
    return {
        "habit": "fermented_servings",
        "habit_label": "Fermented foods",
        "direction": "at_least",
        "threshold": 1,
        "on_text": "fermented food",
        "off_text": "no fermented food",
        "outcome": "mood",
        "lag_days": 0,
        "length_days": 42,
        "period_days": 3,
        "washout_days": 0,
        **fields,
    }
