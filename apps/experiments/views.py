from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.requests import SignedInRequest
from apps.experiments import services
from apps.experiments.describe import LIMITS, effect_sentence, interval_sentence, verdict
from apps.experiments.forms import PauseForm, PlanForm, StopForm
from apps.experiments.models import Experiment
from apps.experiments.power import MODERATE_EFFECT_SD, power
from apps.experiments.schedule import design_of, placed_days, planned_end, schedule_conditions
from apps.experiments.vocabulary import OUTCOMES, TEMPLATES, TEMPLATES_BY_KEY, Template


def _get_experiment(request: SignedInRequest, pk: int) -> Experiment:
    queryset = Experiment.objects.for_user(request.user).prefetch_related("pauses")
    return get_object_or_404(queryset, pk=pk)


@login_required
def experiment_list(request: SignedInRequest) -> HttpResponse:
    today = request.user.local_today()
    experiments = Experiment.objects.for_user(request.user).prefetch_related("pauses")
    rows = [(e, services.status(e, today)) for e in experiments]
    context = {"rows": rows, "templates": TEMPLATES}
    return render(request, "experiments/list.html", context)


@login_required
def plan(request: SignedInRequest) -> HttpResponse:
    person, today = request.user, request.user.local_today()
    template = TEMPLATES_BY_KEY.get(request.POST.get("template") or request.GET.get("template", ""))
    form = PlanForm(request.POST or None, person=person, today=today, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            experiment = services.plan_experiment(person, form.cleaned_data, today)
        except services.ExperimentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Planned: {experiment.title}.")
            return redirect("experiments:detail", pk=experiment.pk)
    return _plan_page(request, form, template, status=400 if form.errors else 200)


def _plan_page(
    request: SignedInRequest,
    form: PlanForm,
    template: Template | None,
    experiment: Experiment | None = None,
    status: int = 200,
) -> HttpResponse:
    design = form.design()
    context = {
        "form": form,
        "template": template,
        "templates": TEMPLATES,
        "experiment": experiment,
        "design": design,
        "power": power(design),
        "effect_sd": MODERATE_EFFECT_SD,
        "current": services.current_experiment(request.user, request.user.local_today()),
    }
    return render(request, "experiments/plan.html", context, status=status)


@login_required
def edit(request: SignedInRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    today = request.user.local_today()
    if services.has_started(experiment, today):
        try:
            services.update_plan(experiment, {}, today)
        except services.ExperimentError as error:
            messages.error(request, str(error))
        return redirect("experiments:detail", pk=experiment.pk)
    form = PlanForm(
        request.POST or None,
        person=request.user,
        today=today,
        initial=PlanForm.initial_from(experiment),
    )
    if request.method == "POST" and form.is_valid():
        services.update_plan(experiment, form.cleaned_data, today)
        messages.success(request, "Plan changed, and its schedule drawn again.")
        return redirect("experiments:detail", pk=experiment.pk)
    return _plan_page(request, form, None, experiment, status=400 if form.errors else 200)


@login_required
@require_POST
def delete(request: SignedInRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    try:
        services.delete_planned(experiment, request.user.local_today())
    except services.ExperimentError as error:
        messages.error(request, str(error))
        return redirect("experiments:detail", pk=experiment.pk)
    messages.success(request, "Deleted the planned experiment.")
    return redirect("experiments:list")


@login_required
@require_POST
def pause(request: SignedInRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    form = PauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick why you are pausing: illness, travel or something else.")
        return redirect("experiments:detail", pk=experiment.pk)
    return _change(
        request,
        experiment,
        services.pause,
        form.cleaned_data["reason"],
        "Paused: the rest of the schedule waits for you.",
    )


@login_required
@require_POST
def resume(request: SignedInRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    return _change(
        request,
        experiment,
        services.resume,
        None,
        "Welcome back: the schedule carries on from today.",
    )


@login_required
@require_POST
def stop(request: SignedInRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    form = StopForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    response = _change(
        request,
        experiment,
        services.stop,
        reason,
        "Stopped. The report says what the days so far can tell.",
    )
    if experiment.stopped_on is not None:
        return redirect("experiments:report", pk=experiment.pk)
    return response


def _change(
    request: SignedInRequest,
    experiment: Experiment,
    action: Callable[..., object],
    argument: str | None,
    done: str,
) -> HttpResponse:
    today = request.user.local_today()
    try:
        if argument is None:
            action(experiment, today)
        else:
            action(experiment, argument, today)
    except services.ExperimentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("experiments:detail", pk=experiment.pk)


def _calendar(
    experiment: Experiment, analysis: services.Analysis, today: date
) -> list[dict[str, Any]]:
    """Every day of the schedule, reached or not: what it asks, and what happened."""
    records = {r.scheduled.index: r for r in analysis.records}
    placed = {d.index: d for d in placed_days(experiment)}
    rows = []
    for index, on in enumerate(schedule_conditions(experiment)):
        day = placed.get(index)
        record = records.get(index)
        reached = record is not None and (record.scheduled.date < today or record.done is not None)
        rows.append(
            {
                "index": index + 1,
                "date": day.date if day else None,
                "on": bool(on),
                "settling_in": index % experiment.period_days < experiment.washout_days,
                "adherence": record.adherence if record is not None and reached else "",
                "is_today": day is not None and day.date == today,
                "period_start": index % experiment.period_days == 0,
            }
        )
    return rows


def _common(request: SignedInRequest, experiment: Experiment) -> dict[str, Any]:
    today = request.user.local_today()
    analysis = services.analyse(experiment, today)
    return {
        "experiment": experiment,
        "analysis": analysis,
        "state": analysis.status,
        "today": today,
        "design": analysis.design,
        "end": planned_end(experiment),
        "instruction": services.instruction_for(experiment, today, today),
        "outcome": OUTCOMES[experiment.outcome],
        "template": TEMPLATES_BY_KEY.get(experiment.template),
        "pauses": list(experiment.pauses.all()),
        "calendar": _calendar(experiment, analysis, today),
    }


@login_required
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    context = _common(request, experiment)
    context.update(pause_form=PauseForm(), stop_form=StopForm())
    return render(request, "experiments/detail.html", context)


@login_required
def report(request: SignedInRequest, pk: int) -> HttpResponse:
    experiment = _get_experiment(request, pk)
    context = _common(request, experiment)
    analysis = context["analysis"]
    context.update(
        verdict=verdict(experiment, analysis.intention_to_treat, analysis.status),
        results=[
            {
                "label": label,
                "key": key,
                "result": result,
                "effect": effect_sentence(experiment, result),
                "interval": interval_sentence(experiment, result),
            }
            for label, key, result in (
                ("As planned (intention to treat)", "itt", analysis.intention_to_treat),
                ("Only days that followed the plan (per protocol)", "pp", analysis.per_protocol),
            )
        ],
        limits=LIMITS,
        design_power=power(design_of(experiment)),
        effect_sd=MODERATE_EFFECT_SD,
    )
    return render(request, "experiments/report.html", context)
