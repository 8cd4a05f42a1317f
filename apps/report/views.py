from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from apps.accounts.requests import SignedInRequest
from apps.report import content
from apps.report.forms import ReportForm


def _form(request: SignedInRequest) -> ReportForm:
    today = request.user.local_today()
    return ReportForm(request.GET or None, today=today)


@login_required
@require_GET
def page(request: SignedInRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, object] = {"form": form}
    status = 200
    if form.is_bound:
        if form.is_valid():
            context["report"] = _build(request, form)
            context["pdf_query"] = urlencode(
                {k: str(v) for k, v in request.GET.items() if k in form.fields}
            )
        else:
            status = 400
    return render(request, "report/page.html", context, status=status)


@login_required
@require_GET
def pdf(request: SignedInRequest) -> HttpResponse:
    form = _form(request)
    if not form.is_bound or not form.is_valid():
        context = {"form": form if form.is_bound else ReportForm({}, today=form.today)}
        return render(request, "report/page.html", context, status=400)
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is asked for

    report = _build(request, form)
    html = render_to_string("report/pdf.html", {"report": report, "person": request.user})
    stylesheet = CSS(filename=finders.find("css/report.css"))
    data = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(data, content_type="application/pdf")
    name = f"gutmind-report-{report.start:%Y-%m-%d}-to-{report.end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _build(request: SignedInRequest, form: ReportForm) -> content.Report:
    data = form.cleaned_data
    return content.build(request.user, data["start"], data["end"], data["include_notes"])
