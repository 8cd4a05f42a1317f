from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.yourdata import deletion, exporting, importing, jobs, tasks
from apps.yourdata.forms import DeleteAccountForm, ImportForm, MoodMapForm

EXPORTS = {
    "json": (exporting.json_bytes, "application/json"),
    "csv": (exporting.zip_bytes, "application/zip"),
}


@login_required
def data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "yourdata/data.html", {"import_form": ImportForm()})


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> StreamingHttpResponse:
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
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            importing.parse(form.cleaned_data["format"], raw)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            job = jobs.save_upload(request.user, form.cleaned_data["format"], upload.name, raw)
            return redirect("yourdata:import_preview", token=job.token)
    return render(request, "yourdata/data.html", {"import_form": form}, status=400)


def _get_job(request: HttpRequest, token: str) -> jobs.ImportJob:
    """Only the signed-in person's own imports: any other token is a 404."""
    job = jobs.load_job(request.user, token)
    if job is None:
        raise Http404("No such import")
    return job


def _label_form(job: jobs.ImportJob, plan: importing.ImportPlan, data=None) -> MoodMapForm:
    labels = sorted(set(plan.parsed.labels) - set(importing.DAYLIO_DEFAULT_MOODS))
    return MoodMapForm(labels, job.mood_map, data=data)


def _render_preview(request, job, plan, label_form=None, status=200) -> HttpResponse:
    context = {
        "job": job,
        "report": plan.report(),
        "plan": plan,
        "label_form": label_form or _label_form(job, plan),
        "large": plan.parsed.rows_read > jobs.LARGE_IMPORT_ROWS,
        "format_name": importing.FORMATS[job.format],
    }
    return render(request, "yourdata/import_preview.html", context, status=status)


@login_required
@require_GET
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    job = _get_job(request, token)
    if job.state != "uploaded":
        return redirect("yourdata:import_progress", token=token)
    return _render_preview(request, job, jobs.plan_for(job))


@login_required
@require_POST
def import_labels(request: HttpRequest, token: str) -> HttpResponse:
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
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    job = _get_job(request, token)
    if job.state != "uploaded":
        return redirect("yourdata:import_progress", token=token)
    plan = jobs.plan_for(job)
    if not plan.ready:
        messages.error(request, "Say which mood each label means before importing.")
        return redirect("yourdata:import_preview", token=token)
    if not job.claim():
        return redirect("yourdata:import_progress", token=token)
    if plan.parsed.rows_read > jobs.LARGE_IMPORT_ROWS:
        job.update(state="queued", done=0, total=plan.work_size)
        person_id = request.user.pk
        transaction.on_commit(lambda: tasks.run_import.delay(person_id, token))
    else:
        jobs.run_job(job)
    return redirect("yourdata:import_progress", token=token)


@login_required
@require_GET
def import_progress(request: HttpRequest, token: str) -> HttpResponse:
    job = _get_job(request, token)
    return render(request, "yourdata/import_progress.html", {"job": job, "status": job.status()})


@require_GET
def import_status(request: HttpRequest, token: str) -> JsonResponse:
    # import.js polls this: signed out, it needs JSON it can read, not a redirect to sign in.
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to see your import."}, status=401)
    return JsonResponse(_get_job(request, token).status())


@login_required
@reauthentication_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = deletion.delete_account(request.user)
        logout(request)
        deletion.send_deleted_email(email)
        messages.success(request, "Your account and everything in it are deleted.")
        return redirect("landing")
    return render(request, "yourdata/data_delete.html", {"form": form})
