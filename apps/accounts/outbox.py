"""What every logging POST shares (the day form, check-in create and edit): an idempotency
key recorded with its outcome, the JSON answers the phone's offline outbox reads, and the
comparison that finds a newer edit made elsewhere.

The outbox (static/js/outbox.js) sends the header X-GutMind-Outbox and reads JSON; a person
submitting the form in the browser gets the usual redirect and page."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from apps.accounts.models import IdempotencyKey, User

KEY_FIELD = "idempotency_key"
# A phone's outbox sends within hours or days; a key is kept far longer than any entry waits.
KEY_KEPT_FOR = timedelta(days=90)
VERSION_FIELD = "base_version"
OUTBOX_HEADER = "X-GutMind-Outbox"


class MalformedKey(ValueError):
    pass


def from_outbox(request: HttpRequest) -> bool:
    return request.headers.get(OUTBOX_HEADER) == "1"


def read_key(request: HttpRequest) -> uuid.UUID | None:
    """The POST's key, or None when it carries none (an old page, a test client). A key that
    is not a UUID is refused: it would otherwise quietly turn off the protection."""
    raw = request.POST.get(KEY_FIELD, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as error:
        raise MalformedKey(raw) from error


def malformed_key_response(request: HttpRequest) -> HttpResponse:
    reason = "idempotency_key must be a UUID, such as 0f8fad5b-d9cb-469f-a165-70867728950e."
    if from_outbox(request):
        return JsonResponse({"outcome": "invalid", "reason": reason}, status=400)
    return HttpResponse(reason, status=400, content_type="text/plain; charset=utf-8")


def recorded_outcome(person: User, key: uuid.UUID | None) -> dict[str, Any] | None:
    if key is None:
        return None
    row = IdempotencyKey.objects.filter(person=person, key=key).only("outcome").first()
    return None if row is None else row.outcome


def run_once(
    person: User, key: uuid.UUID | None, action: Callable[[], dict[str, Any]]
) -> tuple[dict[str, Any], bool]:
    """Carry out action() and record its outcome under the key, in one transaction; returns
    (outcome, carried_out). The key row is inserted first, so a parallel request with the
    same key waits on the unique index and then fails, and its own work is rolled back."""
    if key is None:
        return action(), True
    earlier = recorded_outcome(person, key)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(person=person, key=key)
            outcome = action()
            row.outcome = outcome
            row.save(update_fields=["outcome"])
    except IntegrityError:
        earlier = recorded_outcome(person, key)
        if earlier is None:
            raise
        return earlier, False
    return outcome, True


def purge_old_keys() -> int:
    """Forget keys older than KEY_KEPT_FOR (a daily beat task): they only guard replays."""
    cutoff = timezone.now() - KEY_KEPT_FOR
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def outbox_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """login_required, except that the outbox gets 401 JSON instead of the sign-in page, so
    it keeps its entries and waits for the person to sign in again."""
    protected = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if from_outbox(request) and not request.user.is_authenticated:
            return JsonResponse({"outcome": "signed_out"}, status=401)
        return protected(request, *args, **kwargs)

    return wrapper


def saved_response(outcome: dict[str, Any], replayed: bool) -> JsonResponse:
    return JsonResponse({"outcome": "saved", "replayed": replayed, **outcome})


def invalid_response(form: forms.BaseForm, *others: forms.BaseForm | None) -> JsonResponse:
    errors: dict[str, list[str]] = {}
    for each in (form, *others):
        if each is not None:
            for name, messages in each.errors.items():
                errors[each.add_prefix(name) if name != "__all__" else name] = [
                    str(message) for message in messages
                ]
    return JsonResponse({"outcome": "invalid", "errors": errors}, status=400)


def version_of(instance: models.Model | None) -> str:
    """What a page records of the row it was drawn from; a save elsewhere changes it."""
    updated = getattr(instance, "updated_at", None)
    if instance is None or instance.pk is None or not isinstance(updated, datetime):
        return ""
    return updated.isoformat()


@dataclass(frozen=True)
class Conflict:
    name: str  # the form field's HTML name
    label: str
    here: str  # what this page (or phone) says, for people
    elsewhere: str  # what was saved elsewhere since, for people
    elsewhere_raw: list[str]  # the saved value as form data, for the outbox to resend

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "here": self.here,
            "elsewhere": self.elsewhere,
            "elsewhere_raw": self.elsewhere_raw,
        }


def changed_since(instance: models.Model | None, base_version: str | None) -> bool:
    """Whether the saved row moved on after the page that sent base_version was drawn: only
    then is there anything to compare, so views build the "as saved now" form only then."""
    if base_version is None or instance is None or instance.pk is None:
        return False
    return base_version != version_of(instance)


def find_conflicts(
    submitted: forms.BaseForm,
    current: forms.BaseModelForm[Any],
    base_version: str | None,
    skip: tuple[str, ...] = (),
) -> list[Conflict]:
    """The fields where a valid submission and the row as saved now disagree, when the row
    changed after the page was drawn (base_version differs). Nothing is compared for a POST
    without a base version, and an unchanged row never conflicts."""
    if not changed_since(current.instance, base_version):
        return []
    conflicts = []
    for name, field in submitted.fields.items():
        if name in skip or name in (KEY_FIELD, VERSION_FIELD):
            continue
        saved = current[name].initial
        if _comparable(_cleaned(field, saved)) != _comparable(submitted.cleaned_data.get(name)):
            conflicts.append(
                Conflict(
                    name=submitted.add_prefix(name),
                    label=str(field.label or name),
                    here=display(field, submitted.cleaned_data.get(name)),
                    elsewhere=display(field, saved),
                    elsewhere_raw=_as_form_data(field, saved),
                )
            )
    return conflicts


def _cleaned(field: forms.Field, saved: Any) -> Any:
    try:
        return field.clean(field.prepare_value(saved))
    except forms.ValidationError:
        return None


def _comparable(value: Any) -> Any:
    """Values as the forms clean them, so 7.5 equals 7.50 and tags compare as sets."""
    if value is None or value == "":
        return None
    if isinstance(value, models.QuerySet | list | tuple | set):
        items = sorted(str(getattr(item, "pk", item)) for item in value)
        return tuple(items) or None
    return value


def display(field: forms.Field, value: Any) -> str:
    """A cleaned value as a person reads it: choice labels, tag names, yes or no."""
    if isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    if value is None or value == "" or (hasattr(value, "__len__") and len(value) == 0):
        return "not filled in"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(sorted(str(item) for item in value))
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(key): str(label) for key, label in choices}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    return str(value)


def _as_form_data(field: forms.Field, saved: Any) -> list[str]:
    if isinstance(field, forms.BooleanField):
        return ["on"] if saved else []
    prepared = field.prepare_value(saved)
    if prepared is None:
        return [""]
    if isinstance(prepared, list | tuple):
        return [str(getattr(item, "pk", item)) for item in prepared]
    return [str(prepared)]


def conflict_response(conflicts: list[Conflict], current_version: str) -> JsonResponse:
    return JsonResponse(
        {
            "outcome": "conflict",
            "base_version": current_version,
            "conflicts": [conflict.as_json() for conflict in conflicts],
        },
        status=409,
    )
