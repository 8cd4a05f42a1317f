import uuid
from datetime import date, timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.forms import ModelMultipleChoiceField
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.accounts.dates import EARLIEST_DAY
from apps.accounts.days import day_url
from apps.accounts.models import User
from apps.accounts.outbox import (
    VERSION_FIELD,
    Conflict,
    MalformedKey,
    changed_since,
    conflict_response,
    find_conflicts,
    from_outbox,
    invalid_response,
    malformed_key_response,
    outbox_login_required,
    read_key,
    recorded_outcome,
    run_once,
    saved_response,
    version_of,
)
from apps.accounts.requests import SignedInRequest
from apps.lifestyle.forms import DailyLogForm, MyHabitsForm, TagForm, TagGroupForm
from apps.lifestyle.layout import Layout, layout_for, save_layout, set_shown
from apps.lifestyle.models import DailyLog, Tag, TagGroup
from apps.lifestyle.notices import day_notices
from apps.lifestyle.progress import recorded_dates
from apps.lifestyle.services import day_summaries, nearest_day_values, save_day
from apps.mood.forms import QuickCheckInForm
from apps.mood.models import MoodCheckIn

HISTORY_PAGE_SIZE = 30


@outbox_login_required
def today(request: SignedInRequest) -> HttpResponse:
    local_today = request.user.local_today()
    return _day_page(request, local_today, local_today)


@outbox_login_required
def log_day(request: SignedInRequest, day: date) -> HttpResponse:
    local_today = request.user.local_today()
    if day > local_today:
        context = {"day": day, "local_today": local_today}
        return render(request, "lifestyle/future_day.html", context, status=400)
    if day < EARLIEST_DAY:
        context = {"day": day, "earliest": EARLIEST_DAY}
        return render(request, "lifestyle/too_early_day.html", context, status=400)
    if day == local_today and request.method != "POST":
        return redirect("lifestyle:today")
    # The day form always posts here, naming its day: a save queued offline on Today and
    # sent after midnight still lands on the day it was made for.
    return _day_page(request, day, local_today)


@login_required
def jump_to_day(request: SignedInRequest) -> HttpResponse:
    """The date picker on the history page: a GET that only redirects to that day's page,
    where a future date gets its own explanation."""
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        messages.error(request, "Pick a date, such as 2026-03-14, to open that day.")
        return redirect("lifestyle:history")
    return redirect("lifestyle:log_day", day=day)


def _day_page(request: SignedInRequest, day: date, local_today: date) -> HttpResponse:
    person = request.user
    is_today = day == local_today
    log = DailyLog.objects.for_user(person).filter(date=day).with_tags().first()
    data = request.POST if request.method == "POST" else None
    form = DailyLogForm(data, instance=log or DailyLog(person=person, date=day), person=person)
    checkin_form = QuickCheckInForm(data, prefix="checkin")
    conflicts: list[Conflict] = []
    saved = None
    if data is not None:
        try:
            key = read_key(request)
        except MalformedKey:
            return malformed_key_response(request)
        earlier = recorded_outcome(person, key)
        if earlier is not None:
            return _answer(request, earlier, replayed=True)
        if form.is_valid() and checkin_form.is_valid():
            # Validation wrote the submitted values onto `log`: compare with the row as saved,
            # reading the whole row only when it changed after the page was drawn.
            saved = DailyLog.objects.only("updated_at").get(pk=log.pk) if log else None
            if saved is not None and changed_since(saved, data.get(VERSION_FIELD)):
                saved = DailyLog.objects.with_tags().get(pk=saved.pk)
                current = DailyLogForm(instance=saved, person=person)
                conflicts = find_conflicts(
                    form, current, data.get(VERSION_FIELD), skip=("new_tags", "water_unit")
                )
            if not conflicts:
                outcome, done = run_once(
                    person,
                    key,
                    lambda: _save_day_form(person, day, form, checkin_form, is_today, log is None),
                )
                return _answer(request, outcome, replayed=not done)
        if from_outbox(request):
            if conflicts:
                return conflict_response(conflicts, version_of(saved))
            return invalid_response(form, checkin_form)
    tag_field = cast(ModelMultipleChoiceField[Tag], form.fields["tags"])  # the form set it
    tags = list(tag_field.queryset) if tag_field.queryset is not None else []
    layout = layout_for(person, tags)
    rows = {row.habit.field: row for row in form.habit_rows()}
    context = {
        "day": day,
        "is_today": is_today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "next_is_today": day + timedelta(days=1) == local_today,
        "log": log,
        "form": form,
        "checkin_form": checkin_form,
        "shown_rows": [rows[name] for name in layout.habits],
        "more_rows": [rows[name] for name in layout.more_habits],
        "shown_tags": _tag_choices(form, layout.tags, tags),
        "more_tags": _tag_choices(form, layout.more_tags, tags),
        "more_open": _more_has_values(form, layout),
        "conflicts": conflicts,
        "version": version_of(saved if conflicts else log),
        "new_key": uuid.uuid4(),
        "checkins": MoodCheckIn.objects.for_user(person).filter(local_date=day).order_by("at"),
        "nearest": None if log or data else nearest_day_values(person, day),
        "notices": day_notices(person, day),
    }
    return render(request, "lifestyle/day.html", context)


def _tag_choices(form: DailyLogForm, tags: list[Tag], all_tags: list[Tag]) -> dict[str, Any]:
    """One list of chips (shown, or under More) under the person's tag groups: every group
    that has a tag on the page gets its place in both lists, empty and hidden where it has
    none, so static/js/today.js can move a chip into its group's place."""
    chosen = {str(value) for value in (form["tags"].value() or [])}
    groups = sorted(
        {tag.group.pk: tag.group for tag in all_tags if tag.group is not None}.values(),
        key=lambda group: (group.position, group.name.casefold()),
    )
    placed: dict[int | None, list[dict[str, Any]]] = {group.pk: [] for group in groups}
    placed[None] = []
    for tag in tags:
        placed[tag.group_id].append({"tag": tag, "checked": str(tag.pk) in chosen})
    return {
        "groups": [{"group": group, "choices": placed[group.pk]} for group in groups],
        "ungrouped": placed[None],
        "count": len(tags),
    }


def _more_has_values(form: DailyLogForm, layout: Layout) -> bool:
    """Open "more" when a folded habit or tag holds something, so nothing logged is hidden,
    and after a failed save when a folded field has the error."""
    names = {*layout.more_habits, "bristol_type"}
    if any(name in form.errors for name in (*names, "water_amount")):
        return True
    values = form.initial if not form.is_bound else {}
    chosen = {str(v) for v in (form["tags"].value() or [])}
    folded_tag = any(str(tag.pk) in chosen for tag in layout.more_tags)
    return folded_tag or any(values.get(name) not in (None, "", False) for name in names)


def _answer(request: SignedInRequest, outcome: dict[str, Any], replayed: bool) -> HttpResponse:
    if from_outbox(request):
        return saved_response(outcome, replayed)
    message = outcome.get("message", "Saved.")
    messages.success(request, f"{message} (It was already saved.)" if replayed else message)
    return redirect(outcome["url"])


def _save_day_form(
    person: User,
    day: date,
    form: DailyLogForm,
    checkin_form: QuickCheckInForm,
    is_today: bool,
    creating: bool,
) -> dict[str, Any]:
    checkin = None
    if checkin_form.has_checkin():
        checkin = checkin_form.save(commit=False)
        checkin.at, checkin.local_date = checkin_form.moment_on(day, person, is_today), day
        checkin.person = person
    outcome = {
        "url": day_url(person, day),
        "message": "Saved today." if is_today else f"Saved {day:%A %-d %B}.",
        "day": day.isoformat(),
    }
    if creating and not form.has_changed():
        # No habit entered: an all-empty log would show up as a logged day in the history.
        if checkin is not None:
            checkin.save()
        return outcome
    save_day(
        person,
        day,
        form.habit_values(),
        tags=form.cleaned_data["tags"],
        new_tag_names=form.cleaned_data["new_tags"],
        checkin=checkin,
    )
    return outcome


@login_required
@require_POST
def show_or_hide(request: SignedInRequest) -> HttpResponse:
    """ "Hide this" on the day page (and "show" under more): one habit or tag at a time."""
    shown = request.POST.get("shown") == "1"
    if not set_shown(request.user, request.POST.get("item", ""), shown):
        if from_outbox(request):
            reason = {"outcome": "invalid", "reason": "Unknown habit or tag."}
            return JsonResponse(reason, status=400)
        return HttpResponse("Unknown habit or tag.", status=400, content_type="text/plain")
    if from_outbox(request):
        return JsonResponse({"outcome": "saved", "shown": shown})
    messages.success(request, "Shown first on the day page." if shown else "Moved under More.")
    return redirect(_safe_next(request))


def _safe_next(request: SignedInRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("lifestyle:today")


@login_required
def my_habits(request: SignedInRequest) -> HttpResponse:
    person = request.user
    tags = list(Tag.objects.for_user(person).active())
    form = MyHabitsForm(request.POST or None, person=person, tags=tags)
    if request.method == "POST" and form.is_valid():
        save_layout(person, *form.layout())
        messages.success(request, "Your day page now shows these first.")
        return redirect("lifestyle:my_habits")
    return render(request, "lifestyle/my_habits.html", {"form": form})


@login_required
def history(request: SignedInRequest) -> HttpResponse:
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
def tags(request: SignedInRequest) -> HttpResponse:
    form = TagForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        _save_tag(request, form, f"Added the tag “{form.cleaned_data['name']}”.")
        return redirect("lifestyle:tags")
    return _tags_page(request, new_form=form)


@login_required
@require_POST
def tag_rename(request: SignedInRequest, pk: int) -> HttpResponse:
    tag = _get_own_tag(request, pk)
    form = TagForm(request.POST, instance=tag, person=request.user, prefix=f"tag-{tag.pk}")
    if form.is_valid():
        _save_tag(request, form, f"Saved the tag “{form.cleaned_data['name']}”.")
        return redirect("lifestyle:tags")
    return _tags_page(request, rename_form=form)


@login_required
@require_POST
def tag_archive(request: SignedInRequest, pk: int) -> HttpResponse:
    tag = _get_own_tag(request, pk)
    tag.archived = not tag.archived
    tag.save(update_fields=["archived"])
    state = "archived: it no longer shows on the Today page" if tag.archived else "back in use"
    messages.success(request, f"The tag “{tag.name}” is {state}.")
    return redirect("lifestyle:tags")


def _get_own_tag(request: SignedInRequest, pk: int) -> Tag:
    return get_object_or_404(Tag.objects.for_user(request.user), pk=pk)


def _save_tag(request: SignedInRequest, form: TagForm, message: str) -> None:
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
    request: SignedInRequest,
    new_form: TagForm | None = None,
    rename_form: TagForm | None = None,
    group_form: TagGroupForm | None = None,
    group_rename_form: TagGroupForm | None = None,
) -> HttpResponse:
    person = request.user
    groups = list(TagGroup.objects.for_user(person))
    rows = []
    for tag in Tag.objects.for_user(person).order_by("archived", "name"):
        if rename_form is not None and rename_form.instance.pk == tag.pk:
            rows.append((tag, rename_form))
        else:
            form = TagForm(instance=tag, person=person, groups=groups, prefix=f"tag-{tag.pk}")
            rows.append((tag, form))
    context = {
        "sections": tag_sections(person, groups, rows, group_rename_form),
        "new_form": new_form or TagForm(person=person, groups=groups),
        "group_form": group_form or TagGroupForm(person=person),
    }
    return render(request, "lifestyle/tags.html", context)


def tag_sections(
    person: User,
    groups: list[TagGroup],
    rows: list[tuple[Tag, TagForm]],
    renaming: TagGroupForm | None,
) -> list[dict[str, Any]]:
    """The tags page's rows under their groups, in the groups' order; ungrouped tags last."""
    by_group: dict[int | None, list[tuple[Tag, TagForm]]] = {group.pk: [] for group in groups}
    by_group[None] = []
    for tag, form in rows:
        by_group.setdefault(tag.group_id, []).append((tag, form))
    sections = []
    for group in groups:
        group_form = renaming if renaming is not None and renaming.instance.pk == group.pk else None
        group_form = group_form or TagGroupForm(
            instance=group, person=person, prefix=f"group-{group.pk}"
        )
        sections.append({"group": group, "form": group_form, "rows": by_group[group.pk]})
    if by_group[None]:
        sections.append({"group": None, "form": None, "rows": by_group[None]})
    return sections


@login_required
@require_POST
def tag_group_add(request: SignedInRequest) -> HttpResponse:
    form = TagGroupForm(request.POST, person=request.user)
    if form.is_valid():
        _save_group(request, form, f"Added the group “{form.cleaned_data['name']}”.")
        return redirect("lifestyle:tags")
    return _tags_page(request, group_form=form)


@login_required
@require_POST
def tag_group_rename(request: SignedInRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(TagGroup.objects.for_user(request.user), pk=pk)
    form = TagGroupForm(request.POST, instance=group, person=request.user, prefix=f"group-{pk}")
    if form.is_valid():
        _save_group(request, form, f"Renamed the group to “{form.cleaned_data['name']}”.")
        return redirect("lifestyle:tags")
    return _tags_page(request, group_rename_form=form)


@login_required
@require_POST
def tag_group_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(TagGroup.objects.for_user(request.user), pk=pk)
    group.delete()  # its tags stay, without a group (SET_NULL)
    messages.success(request, f"Deleted the group “{group.name}”; its tags are kept.")
    return redirect("lifestyle:tags")


def _save_group(request: SignedInRequest, form: TagGroupForm, message: str) -> None:
    group = form.save(commit=False)
    group.person = request.user
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        messages.error(request, "You already have a group with that name. Pick another.")
        return
    messages.success(request, message)
