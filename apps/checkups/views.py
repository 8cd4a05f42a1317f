from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.checkups import crisis_lines, scoring, services
from apps.checkups.forms import AnswersForm, CountryForm, SafetyPlanForm, ScheduleForm
from apps.checkups.instruments import INSTRUMENTS, WHO5_VERY_LOW_RAW, Instrument
from apps.checkups.models import Response
from apps.checkups.outcomes import score_series


def _instrument(code: str) -> Instrument:
    instrument = INSTRUMENTS.get(code)
    if instrument is None:
        raise Http404("No such questionnaire.")
    return instrument


def _response_for(request: HttpRequest, pk: int) -> Response:
    """Only the signed-in person's own: anyone else's id is a 404."""
    return get_object_or_404(Response, pk=pk, person=request.user)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = request.user
    intervals = services.intervals(person)
    due = {i.code for i in services.due_instruments(person)}
    rows = []
    for code, instrument in INSTRUMENTS.items():
        series = score_series(person, code)
        rows.append(
            {
                "instrument": instrument,
                "interval": intervals[code],
                "due": code in due,
                "latest": series[-1] if series else None,
                "count": len(series),
                "draft": services.draft_for(person, instrument),
            }
        )
    schedule = ScheduleForm(initial=intervals)
    return render(request, "checkups/index.html", {"rows": rows, "schedule_form": schedule})


@login_required
@require_POST
def schedule(request: HttpRequest) -> HttpResponse:
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how often for each questionnaire from the lists.")
        return redirect("checkups:index")
    services.set_intervals(request.user, form.cleaned_data)
    messages.success(request, "Your questionnaire schedule is saved.")
    return redirect("checkups:index")


@login_required
def take(request: HttpRequest, code: str) -> HttpResponse:
    instrument = _instrument(code)
    person = request.user
    draft = services.draft_for(person, instrument)
    if request.method != "POST":
        initial = {}
        if draft:
            initial = {f"q{n}": a for n, a in enumerate(draft.answers, 1) if a is not None}
        form = AnswersForm(instrument, initial=initial)
        return _render_take(request, instrument, form, draft)
    form = AnswersForm(instrument, request.POST)
    if not form.is_valid():
        return _render_take(request, instrument, form, draft, status=400)
    try:
        saved = services.save_answers(person, instrument, form.answers())
    except scoring.OutOfRange as error:
        form.add_error(None, str(error))
        return _render_take(request, instrument, form, draft, status=400)
    if saved.safety_reasons:
        return redirect("checkups:support", pk=saved.response.pk)
    if saved.complete:
        return redirect("checkups:result", pk=saved.response.pk)
    answered = sum(a is not None for a in saved.response.answers)
    messages.info(
        request,
        f"Saved as a draft: {answered} of {len(instrument.items)} answered. A draft has no "
        "score; answer every question to see one.",
    )
    return redirect("checkups:index")


def _render_take(request, instrument, form, draft, status: int = 200) -> HttpResponse:
    context = {"instrument": instrument, "form": form, "draft": draft}
    return render(request, "checkups/take.html", context, status=status)


@login_required
@require_POST
def discard(request: HttpRequest, code: str) -> HttpResponse:
    services.discard_draft(request.user, _instrument(code))
    messages.info(request, "The draft is deleted.")
    return redirect("checkups:index")


@login_required
def results(request: HttpRequest, code: str) -> HttpResponse:
    instrument = _instrument(code)
    series = score_series(request.user, code)
    chart = {
        "name": instrument.name,
        "max": instrument.max_shown,
        "higherIsBetter": instrument.higher_is_better,
        "points": [{"date": p.date.isoformat(), "score": p.score} for p in series],
        "bands": [{"low": b.low, "high": b.high, "label": b.label} for b in instrument.bands],
    }
    change = _change(instrument, series)
    context = {
        "instrument": instrument,
        "series": list(reversed(series)),
        "chart": chart,
        "change": change,
    }
    return render(request, "checkups/results.html", context)


def _change(instrument: Instrument, series: list) -> scoring.Change | None:
    if len(series) < 2:
        return None
    return scoring.describe_change(instrument, series[-2].score, series[-1].score)


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response_for(request, pk)
    if not response.is_complete:
        return redirect("checkups:take", code=response.instrument)
    instrument = INSTRUMENTS[response.instrument]
    series = [
        p for p in score_series(request.user, instrument.code) if p.date <= response.local_date
    ]
    shown = instrument.shown(response.raw_score)
    context = {
        "instrument": instrument,
        "response": response,
        "score": shown,
        "band": instrument.band_for(shown),
        "change": _change(instrument, series),
        "had_safety_screen": response.safety_events.exists(),
    }
    return render(request, "checkups/result.html", context)


@login_required
def support(request: HttpRequest, pk: int) -> HttpResponse:
    response = _response_for(request, pk)
    country, guessed = crisis_lines.country_of(request.user)
    context = {
        "response": response,
        "help": crisis_lines.help_for(country, guessed),
        "reasons": set(response.safety_events.values_list("reason", flat=True)),
        "who5_threshold": WHO5_VERY_LOW_RAW,
        "has_plan": not services.plan_for(request.user).is_empty,
    }
    return render(request, "checkups/support.html", context)


def help_page(request: HttpRequest) -> HttpResponse:
    """Public: the landing page links here too. ?country= picks another country."""
    countries = crisis_lines.every_country()
    form = CountryForm(countries, request.GET or None)
    country, guessed = crisis_lines.country_of(request.user)
    if form.is_bound and form.is_valid() and form.cleaned_data["country"]:
        country, guessed = form.cleaned_data["country"], False
    context = {
        "help": crisis_lines.help_for(country, guessed),
        "form": form if form.is_bound else CountryForm(countries, initial={"country": country}),
        "list_verified": crisis_lines.list_last_verified(),
    }
    return render(request, "checkups/help.html", context)


@login_required
def safety_plan(request: HttpRequest) -> HttpResponse:
    plan = services.plan_for(request.user)
    form = SafetyPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.save_plan(request.user, form.cleaned_data)
        messages.success(request, "Your safety plan is saved. Only you can see it.")
        return redirect("checkups:safety_plan")
    country, guessed = crisis_lines.country_of(request.user)
    context = {"form": form, "plan": plan, "help": crisis_lines.help_for(country, guessed)}
    return render(request, "checkups/safety_plan.html", context)
