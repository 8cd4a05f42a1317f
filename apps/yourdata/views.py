from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.models import User
from apps.accounts.requests import SignedInRequest
from apps.yourdata import deletion, exporting, importing, jobs, tasks
from apps.yourdata.forms import DeleteAccountForm, ImportForm, MoodMapForm

EXPORTS = {
    "json": (exporting.json_bytes, "application/json"),
    "csv": (exporting.zip_bytes, "application/zip"),
}
NOT_SENT = (
    "The background worker cannot be reached just now. Your import is kept: it starts by "
    "itself within a few minutes, or press “Start it again”."
)


@login_required
def data_page(request: SignedInRequest) -> HttpResponse:
    return render(request, "yourdata/data.html", {"import_form": ImportForm()})


@login_required
@require_GET
@reauthentication_required  # type: ignore[untyped-decorator]  # allauth ships no types
def export(request: SignedInRequest, kind: str) -> StreamingHttpResponse:
    """Everything a person entered: a recent password (or passkey) first, as for deletion."""
    if kind not in EXPORTS:
        raise Http404("No such export format")
    chunks, content_type = EXPORTS[kind]
    response = StreamingHttpResponse(chunks(request.user), content_type=content_type)
    filename = exporting.export_filename(kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def import_upload(request: SignedInRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = jobs.save_upload(
                request.user, form.cleaned_data["format"], upload.name, upload.read()
            )
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("yourdata:import_preview", token=job.token)
    return render(request, "yourdata/data.html", {"import_form": form}, status=400)


def _get_job(request: SignedInRequest, token: str) -> jobs.ImportJob:
    return _own_job(request.user, token)


def _own_job(person: User, token: str) -> jobs.ImportJob:
    """Only the signed-in person's own imports: any other token is a 404."""
    job = jobs.load_job(person, token)
    if job is None:
        raise Http404("No such import")
    return job


def _label_form(
    job: jobs.ImportJob, plan: importing.ImportPlan, data: QueryDict | None = None
) -> MoodMapForm:
    parsed = plan.parsed
    labels = sorted(set(parsed.labels) - set(importing.DAYLIO_DEFAULT_MOODS))
    remembered = importing.remembered_labels(job.person)
    initial = parsed.label_guesses | remembered | job.mood_map
    return MoodMapForm(labels, initial, data=data)


def _render_preview(
    request: SignedInRequest,
    job: jobs.ImportJob,
    plan: importing.ImportPlan,
    label_form: MoodMapForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "job": job,
        "report": plan.report(),
        "plan": plan,
        "label_form": label_form or _label_form(job, plan),
        "large": job.large,
        "format_name": importing.FORMATS[job.format],
    }
    return render(request, "yourdata/import_preview.html", context, status=status)


@login_required
@require_GET
def import_preview(request: SignedInRequest, token: str) -> HttpResponse:
    job = _get_job(request, token)
    if job.state != "uploaded":
        return redirect("yourdata:import_progress", token=token)
    return _render_preview(request, job, jobs.plan_for(job))


@login_required
@require_POST
def import_labels(request: SignedInRequest, token: str) -> HttpResponse:
    job = _get_job(request, token)
    if job.state != "uploaded":
        return redirect("yourdata:import_progress", token=token)
    plan = jobs.plan_for(job)
    form = _label_form(job, plan, data=request.POST)
    if not form.is_valid():
        return _render_preview(request, job, plan, label_form=form, status=400)
    job.update(mood_map=form.mapping())
    return redirect("yourdata:import_preview", token=token)


@login_required
@require_POST
def import_confirm(request: SignedInRequest, token: str) -> HttpResponse:
    job = _get_job(request, token)
    if job.state != "uploaded":
        return redirect("yourdata:import_progress", token=token)
    plan = jobs.plan_for(job)
    if not plan.ready:
        messages.error(request, "Say which mood each label means before importing.")
        return redirect("yourdata:import_preview", token=token)
    _start(request, job)
    return redirect("yourdata:import_progress", token=token)


def _start(request: SignedInRequest, job: jobs.ImportJob) -> None:
    if job.large:
        if jobs.queue(job) and not tasks.enqueue(job):
            messages.warning(request, NOT_SENT)
    elif jobs.claim(job):
        jobs.run_job(job)


@login_required
@require_POST
def import_retry(request: SignedInRequest, token: str) -> HttpResponse:
    """“Start it again” for an import that stopped: nothing of it was saved, so it runs
    from the start (a duplicate check skips anything another run managed to finish)."""
    job = _get_job(request, token)
    if jobs.requeue(job):
        if not job.large and jobs.claim(job):
            jobs.run_job(job)
        elif job.large and not tasks.enqueue(job):
            messages.warning(request, NOT_SENT)
    return redirect("yourdata:import_progress", token=token)


@login_required
@require_GET
def import_progress(request: SignedInRequest, token: str) -> HttpResponse:
    job = _get_job(request, token)
    return render(request, "yourdata/import_progress.html", {"job": job, "status": job.status()})


@require_GET
def import_status(request: HttpRequest, token: str) -> JsonResponse:
    # import.js polls this: signed out, it needs JSON it can read, not a redirect to sign in.
    person = request.user
    if not isinstance(person, User):  # signed out: the AnonymousUser
        return JsonResponse({"error": "Sign in to see your import."}, status=401)
    return JsonResponse(_own_job(person, token).status())


@login_required
@reauthentication_required  # type: ignore[untyped-decorator]  # allauth ships no types
def delete_account(request: SignedInRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = deletion.delete_account(request.user)
        logout(request)
        deletion.send_deleted_email(email)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("landing")
    return render(request, "yourdata/data_delete.html", {"form": form})
