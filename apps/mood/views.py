import uuid
from datetime import date, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from apps.accounts.dates import EARLIEST_DAY
from apps.accounts.days import day_url
from apps.accounts.models import User
from apps.accounts.outbox import (
    VERSION_FIELD,
    Conflict,
    MalformedKey,
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
from apps.mood.forms import CheckInForm
from apps.mood.models import MoodCheckIn


def _get_own_checkin(request: SignedInRequest, pk: int) -> MoodCheckIn:
    return get_object_or_404(MoodCheckIn.objects.for_user(request.user), pk=pk)


def _initial_moment(request: SignedInRequest) -> dict[str, date | time]:
    """Now, or noon on the day named by ?date= when it is a past day."""
    local_now = request.user.local_now()
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = local_now.date()
    if not EARLIEST_DAY <= day < local_now.date():
        return {
            "local_day": local_now.date(),
            "local_time": local_now.time().replace(second=0, microsecond=0),
        }
    return {"local_day": day, "local_time": time(12)}


@outbox_login_required
def new(request: SignedInRequest) -> HttpResponse:
    instance = MoodCheckIn(person=request.user)
    if request.method != "POST":
        form = CheckInForm(instance=instance, person=request.user, initial=_initial_moment(request))
        return _form_page(request, form, None)
    form = CheckInForm(request.POST, instance=instance, person=request.user)
    return _save_checkin(request, form, None, "Check-in saved.")


@login_required
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    checkin = _get_own_checkin(request, pk)
    return render(request, "mood/checkin_detail.html", {"checkin": checkin})


@outbox_login_required
def edit(request: SignedInRequest, pk: int) -> HttpResponse:
    checkin = _get_own_checkin(request, pk)
    if request.method != "POST":
        return _form_page(request, CheckInForm(instance=checkin, person=request.user), checkin)
    form = CheckInForm(request.POST, instance=checkin, person=request.user)
    return _save_checkin(request, form, checkin, "Check-in updated.")


def _save_checkin(
    request: SignedInRequest, form: CheckInForm, checkin: MoodCheckIn | None, message: str
) -> HttpResponse:
    """Create or edit, once per idempotency key; an edit made elsewhere since the page was
    drawn is shown beside this one rather than overwritten."""
    person = request.user
    try:
        key = read_key(request)
    except MalformedKey:
        return malformed_key_response(request)
    earlier = recorded_outcome(person, key)
    if earlier is not None:
        return _answer(request, earlier, replayed=True)
    conflicts: list[Conflict] = []
    if form.is_valid():
        if checkin is not None:
            current = CheckInForm(instance=_fresh(checkin), person=person)
            conflicts = find_conflicts(form, current, request.POST.get(VERSION_FIELD))
        if not conflicts:
            outcome, done = run_once(person, key, lambda: _saved(person, form, message))
            return _answer(request, outcome, replayed=not done)
    if from_outbox(request):
        if conflicts:
            return conflict_response(conflicts, version_of(_fresh(checkin) if checkin else None))
        return invalid_response(form)
    return _form_page(request, form, checkin, conflicts)


def _fresh(checkin: MoodCheckIn) -> MoodCheckIn:
    # The form's instance already carries the submitted values after validation.
    return MoodCheckIn.objects.get(pk=checkin.pk)


def _saved(person: User, form: CheckInForm, message: str) -> dict[str, Any]:
    checkin = form.save()
    return {"url": day_url(person, checkin.local_date), "message": message, "id": checkin.pk}


def _answer(request: SignedInRequest, outcome: dict[str, Any], replayed: bool) -> HttpResponse:
    if from_outbox(request):
        return saved_response(outcome, replayed)
    text = outcome.get("message", "Saved.")
    messages.success(request, f"{text} (It was already saved.)" if replayed else text)
    return redirect(outcome["url"])


def _form_page(
    request: SignedInRequest,
    form: CheckInForm,
    checkin: MoodCheckIn | None,
    conflicts: list[Conflict] | tuple[()] = (),
) -> HttpResponse:
    version = version_of(_fresh(checkin)) if checkin is not None else ""
    context = {
        "form": form,
        "checkin": checkin,
        "conflicts": conflicts,
        "version": version,
        "new_key": uuid.uuid4(),
    }
    return render(request, "mood/checkin_form.html", context)


@login_required
def delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; only POST deletes."""
    checkin = _get_own_checkin(request, pk)
    if request.method == "POST":
        day = checkin.local_date
        checkin.delete()
        messages.success(request, "Check-in deleted.")
        return redirect(day_url(request.user, day))
    return render(request, "mood/checkin_confirm_delete.html", {"checkin": checkin})
