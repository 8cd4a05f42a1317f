from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.dates import EARLIEST_DAY
from apps.accounts.days import day_url
from apps.lifestyle.forms import DailyLogForm, TagForm, copyable_values
from apps.lifestyle.models import DailyLog, Tag
from apps.lifestyle.notices import day_notices
from apps.lifestyle.progress import recorded_dates
from apps.lifestyle.services import day_summaries, save_day
from apps.mood.forms import QuickCheckInForm
from apps.mood.models import MoodCheckIn

HISTORY_PAGE_SIZE = 30


@login_required
def today(request: HttpRequest) -> HttpResponse:
    local_today = request.user.local_today()
    return _day_page(request, local_today, local_today)


@login_required
def log_day(request: HttpRequest, day: date) -> HttpResponse:
    local_today = request.user.local_today()
    if day > local_today:
        context = {"day": day, "local_today": local_today}
        return render(request, "lifestyle/future_day.html", context, status=400)
    if day < EARLIEST_DAY:
        context = {"day": day, "earliest": EARLIEST_DAY}
        return render(request, "lifestyle/too_early_day.html", context, status=400)
    if day == local_today:
        return redirect("lifestyle:today")
    return _day_page(request, day, local_today)


@login_required
def jump_to_day(request: HttpRequest) -> HttpResponse:
    """The date picker on the history page: a GET that only redirects to that day's page,
    where a future date gets its own explanation."""
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        messages.error(request, "Pick a date, such as 2026-03-14, to open that day.")
        return redirect("lifestyle:history")
    return redirect("lifestyle:log_day", day=day)


def _day_page(request: HttpRequest, day: date, local_today: date) -> HttpResponse:
    person = request.user
    is_today = day == local_today
    log = DailyLog.objects.for_user(person).filter(date=day).with_tags().first()
    data = request.POST if request.method == "POST" else None
    form = DailyLogForm(data, instance=log or DailyLog(person=person, date=day), person=person)
    # A check-in from this page is "now", so only the Today page offers the quick one.
    checkin_form = QuickCheckInForm(data, prefix="checkin") if is_today else None
    if data is not None and form.is_valid() and (checkin_form is None or checkin_form.is_valid()):
        _save_day_form(person, day, form, checkin_form, creating=log is None)
        messages.success(request, f"Saved {'today' if is_today else f'{day:%A %-d %B}'}.")
        return redirect(day_url(person, day))
    context = {
        "day": day,
        "is_today": is_today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "next_is_today": day + timedelta(days=1) == local_today,
        "log": log,
        "form": form,
        "checkin_form": checkin_form,
        "checkins": MoodCheckIn.objects.for_user(person).filter(local_date=day).order_by("at"),
        "previous": None if log or data else _previous_day_values(person, day),
        "notices": day_notices(person, day),
    }
    return render(request, "lifestyle/day.html", context)


def _previous_day_values(person, day: date) -> dict | None:
    """The last logged day before this one, offered as a one-tap starting point: most days
    look much like the one before, and copying beats twenty taps on a phone."""
    previous = DailyLog.objects.for_user(person).filter(date__lt=day).order_by("-date").first()
    if previous is None:
        return None
    return {
        "date": previous.date.isoformat(),
        "label": f"{previous.date:%A %-d %B}",
        "values": copyable_values(previous, person),
    }


def _save_day_form(person, day: date, form: DailyLogForm, checkin_form, creating: bool) -> None:
    checkin = None
    if checkin_form is not None and checkin_form.has_checkin():
        checkin = checkin_form.save(commit=False)
        checkin.at, checkin.local_date, checkin.person = timezone.now(), day, person
    if creating and not form.has_changed():
        # No habit entered: an all-empty log would show up as a logged day in the history.
        if checkin is not None:
            checkin.save()
        return
    save_day(
        person,
        day,
        form.habit_values(),
        tags=form.cleaned_data["tags"],
        new_tag_names=form.cleaned_data["new_tags"],
        checkin=checkin,
    )


@login_required
def history(request: HttpRequest) -> HttpResponse:
    page = Paginator(recorded_dates(request.user), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "days": day_summaries(request.user, list(page.object_list)),
        "local_today": request.user.local_today(),
    }
    return render(request, "lifestyle/history.html", context)


@login_required
def tags(request: HttpRequest) -> HttpResponse:
    form = TagForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        _save_tag(request, form, f"Added the tag “{form.cleaned_data['name']}”.")
        return redirect("lifestyle:tags")
    return _tags_page(request, new_form=form)


@login_required
@require_POST
def tag_rename(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _get_tag_for_user(request, pk)
    form = TagForm(request.POST, instance=tag, person=request.user, prefix=f"tag-{tag.pk}")
    if form.is_valid():
        _save_tag(request, form, f"Renamed the tag to “{form.cleaned_data['name']}”.")
        return redirect("lifestyle:tags")
    return _tags_page(request, rename_form=form)


@login_required
@require_POST
def tag_archive(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _get_tag_for_user(request, pk)
    tag.archived = not tag.archived
    tag.save(update_fields=["archived"])
    state = "archived: it no longer shows on the Today page" if tag.archived else "back in use"
    messages.success(request, f"The tag “{tag.name}” is {state}.")
    return redirect("lifestyle:tags")


def _get_tag_for_user(request: HttpRequest, pk: int) -> Tag:
    return get_object_or_404(Tag.objects.for_user(request.user), pk=pk)


def _save_tag(request: HttpRequest, form: TagForm, message: str) -> None:
    tag = form.save(commit=False)
    tag.person = request.user
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        # The form checked the name, but a parallel request may have taken it since.
        messages.error(request, "You already have a tag with that name. Pick another.")
        return
    messages.success(request, message)


def _tags_page(
    request: HttpRequest, new_form: TagForm | None = None, rename_form: TagForm | None = None
) -> HttpResponse:
    rows = []
    for tag in Tag.objects.for_user(request.user).order_by("archived", "name"):
        if rename_form is not None and rename_form.instance.pk == tag.pk:
            rows.append((tag, rename_form))
        else:
            rows.append((tag, TagForm(instance=tag, person=request.user, prefix=f"tag-{tag.pk}")))
    context = {"rows": rows, "new_form": new_form or TagForm(person=request.user)}
    return render(request, "lifestyle/tags.html", context)
