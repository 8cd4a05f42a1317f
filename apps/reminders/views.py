from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.accounts.models import User
from apps.accounts.requests import SignedInRequest
from apps.reminders import services
from apps.reminders.forms import ReminderScheduleForm
from apps.reminders.models import Delivery
from apps.reminders.tokens import BadToken, read_token


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: SignedInRequest) -> HttpResponse:
    schedule = services.schedule_for(request.user)
    form = ReminderScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST" and form.is_valid():
        services.save_schedule(form.save(commit=False))
        messages.success(request, "Your reminder settings are saved.")
        return redirect("reminders:settings")
    context = {"form": form, "schedule": schedule, "last_failure": _last_failure(request.user)}
    return render(request, "reminders/settings.html", context)


def _last_failure(person: User) -> Delivery | None:
    latest = Delivery.objects.filter(person=person).order_by("-created_at", "-pk").first()
    return latest if latest and latest.status == Delivery.Status.FAILED else None


# RFC 8058: mail clients POST here without a session or a CSRF token; the signed token is
# the authority. GET only shows the button, because link scanners follow links.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        unsubscribe_key, kind = read_token(token)
    except BadToken:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    context = {"kind_label": services.KIND_LABELS[kind], "kind": kind}
    if request.method == "POST":
        services.unsubscribe(unsubscribe_key, kind)
        return render(request, "reminders/unsubscribed.html", context)
    return render(request, "reminders/unsubscribe_confirm.html", context)
