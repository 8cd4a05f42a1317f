import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import User
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn
from apps.yourdata import importing, jobs
from tests.factories import (
    PASSWORD,
    DailyLogFactory,
    MoodCheckInFactory,
    TagFactory,
    TagGroupFactory,
)

DELETE_URL = "/settings/data/delete/"


def rows_referring_to(pk: int) -> list[str]:
    """Every foreign key and many-to-many to User, in every installed model."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not field.is_relation or field.related_model is not User:
                continue
            if field.many_to_one or (field.one_to_one and field.concrete):
                if model._default_manager.filter(**{field.attname: pk}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
            elif field.many_to_many and field.concrete:
                through = field.remote_field.through
                column = field.m2m_field_name()
                if through._default_manager.filter(**{f"{column}_id": pk}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def sessions_naming(pk: int) -> int:
    return sum(
        1
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(pk)
    )


@pytest.fixture
def full_account(person, client, settings, tmp_path):
    """A person with something in every corner: data, MFA, sessions, uploads."""
    tag = TagFactory(person=person, name="coffee", group=TagGroupFactory(person=person))
    DailyLogFactory(person=person, date=dt.date(2024, 1, 1)).tags.add(tag)
    MoodCheckInFactory(person=person)
    person.totp_secret = generate_totp_secret()
    TOTP.activate(person, person.totp_secret)
    RecoveryCodes.activate(person)
    EmailAddress.objects.create(user=person, email="second@example.org", verified=False)
    job = jobs.save_upload(
        person, "daylio", "export.csv", b"full_date,time,mood\n2024-01-02,9:00,fab\n"
    )
    job.update(mood_map={"fab": 5})
    importing.apply_plan(jobs.plan_for(job))  # a duplicate key and a remembered label
    jobs.save_upload(person, "daylio", "again.csv", b"full_date,time,mood\n2024-01-03,9:00,good\n")
    return person


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]  # the middle one is "now"
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, person):
    """A real sign-in, so a session row and allauth's session record exist."""
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    if response["Location"].startswith("/accounts/2fa/authenticate/"):
        response = client.post(response["Location"], {"code": current_code(person.totp_secret)})
        assert response.status_code == 302
    return response


def reauthenticate(client):
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_deletion_asks_for_the_password_again(signed_in_client):
    response = signed_in_client.get(DELETE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert "next=%2Fsettings%2Fdata%2Fdelete%2F" in response["Location"]


def test_a_post_without_reauthentication_deletes_nothing(signed_in_client, person):
    response = signed_in_client.post(DELETE_URL, {"confirm": "on"})

    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.filter(pk=person.pk).exists()


def test_after_reauthentication_the_page_asks_for_confirmation(signed_in_client, person):
    reauthenticate(signed_in_client)

    response = signed_in_client.get(DELETE_URL)

    assert response.status_code == 200
    assert "Delete my account for good" in response.content.decode()


def test_the_confirmation_box_must_be_ticked(signed_in_client, person):
    reauthenticate(signed_in_client)

    response = signed_in_client.post(DELETE_URL, {})

    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_leaves_no_row_anywhere_that_refers_to_the_person(client, full_account):
    pk, email = full_account.pk, full_account.email
    # A second device whose session allauth never recorded, and a tracked sign-in.
    client.__class__().force_login(full_account)
    sign_in(client, full_account)
    reauthenticate(client)
    assert sessions_naming(pk) == 2
    assert UserSession.objects.filter(user_id=pk).count() == 1

    response = client.post(DELETE_URL, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=pk).exists()
    assert rows_referring_to(pk) == []
    assert sessions_naming(pk) == 0
    assert not EmailAddress.objects.filter(email__in=[email, "second@example.org"]).exists()
    assert not Authenticator.objects.filter(user_id=pk).exists()
    assert not (jobs.imports_root() / str(pk)).exists()


def test_the_check_for_leftover_rows_finds_them_when_they_exist(full_account):
    found = rows_referring_to(full_account.pk)

    assert {
        "lifestyle.DailyLog.person",
        "mood.MoodCheckIn.person",
        "lifestyle.Tag.person",
        "yourdata.ImportedCheckIn.person",
        "yourdata.MoodLabel.person",
    } <= set(found)
    assert "mfa.Authenticator.user" in found
    assert "account.EmailAddress.user" in found


def test_deleting_signs_the_person_out(client, full_account):
    sign_in(client, full_account)
    reauthenticate(client)

    client.post(DELETE_URL, {"confirm": "on"})

    response = client.get("/settings/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_confirmation_email_goes_to_the_deleted_address(client, full_account):
    email = full_account.email
    sign_in(client, full_account)
    reauthenticate(client)
    mail.outbox.clear()

    client.post(DELETE_URL, {"confirm": "on"})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    assert message.subject == "Your GutMind account is deleted"
    assert "has been deleted" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "has been deleted" in html
    assert email in html


def test_another_persons_data_is_untouched(client, full_account, other_person):
    DailyLogFactory(person=other_person, date=dt.date(2024, 1, 1))
    MoodCheckInFactory(person=other_person)
    TagFactory(person=other_person, name="coffee")
    other_client = client.__class__()
    sign_in(other_client, other_person)
    sign_in(client, full_account)
    reauthenticate(client)

    client.post(DELETE_URL, {"confirm": "on"})

    assert DailyLog.objects.filter(person=other_person).count() == 1
    assert MoodCheckIn.objects.filter(person=other_person).count() == 1
    assert Tag.objects.filter(person=other_person).count() == 1
    assert sessions_naming(other_person.pk) == 1
    assert other_client.get("/settings/").status_code == 200


def test_the_uploads_of_others_stay(client, full_account, other_person):
    other_client = client.__class__()
    other_client.force_login(other_person)
    other_client.post(
        "/settings/data/import/",
        {
            "format": "daylio",
            "file": SimpleUploadedFile(
                "a.csv", b"year,date,weekday,time,mood,activities,note\n2018,1 May,x,10:00,good,,\n"
            ),
        },
    )
    sign_in(client, full_account)
    reauthenticate(client)

    client.post(DELETE_URL, {"confirm": "on"})

    assert (jobs.imports_root() / str(other_person.pk)).exists()


def test_a_mail_server_failure_does_not_undo_or_break_the_deletion(client, full_account, settings):
    settings.EMAIL_BACKEND = "tests.yourdata.test_deletion.BrokenBackend"
    sign_in(client, full_account)
    reauthenticate(client)

    response = client.post(DELETE_URL, {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=full_account.pk).exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")
