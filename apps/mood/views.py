from datetime import date, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from apps.accounts.dates import EARLIEST_DAY
from apps.accounts.days import day_url
from apps.mood.forms import CheckInForm
from apps.mood.models import MoodCheckIn


def _get_checkin_for_user(request: HttpRequest, pk: int) -> MoodCheckIn:
    return get_object_or_404(MoodCheckIn.objects.for_user(request.user), pk=pk)


def _initial_moment(request: HttpRequest) -> dict:
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


@login_required
def new(request: HttpRequest) -> HttpResponse:
    instance = MoodCheckIn(person=request.user)
    if request.method == "POST":
        form = CheckInForm(request.POST, instance=instance, person=request.user)
    else:
        form = CheckInForm(instance=instance, person=request.user, initial=_initial_moment(request))
    if request.method == "POST" and form.is_valid():
        checkin = form.save()
        messages.success(request, "Check-in saved.")
        return redirect(day_url(request.user, checkin.local_date))
    return render(request, "mood/checkin_form.html", {"form": form, "checkin": None})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _get_checkin_for_user(request, pk)
    return render(request, "mood/checkin_detail.html", {"checkin": checkin})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = _get_checkin_for_user(request, pk)
    form = CheckInForm(request.POST or None, instance=checkin, person=request.user)
    if request.method == "POST" and form.is_valid():
        checkin = form.save()
        messages.success(request, "Check-in updated.")
        return redirect(day_url(request.user, checkin.local_date))
    return render(request, "mood/checkin_form.html", {"form": form, "checkin": checkin})


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; only POST deletes."""
    checkin = _get_checkin_for_user(request, pk)
    if request.method == "POST":
        day = checkin.local_date
        checkin.delete()
        messages.success(request, "Check-in deleted.")
        return redirect(day_url(request.user, day))
    return render(request, "mood/checkin_confirm_delete.html", {"checkin": checkin})
