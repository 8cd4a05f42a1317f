import email
import email.policy
import time as clock
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import signing
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from apps.checkups.instruments import WHO5
from apps.checkups.services import save_answers
from apps.experiments.services import plan_experiment
from apps.reminders import sending
from apps.reminders.dispatch import dispatch_due
from apps.reminders.models import Delivery, Kind
from apps.reminders.tasks import send_batch, send_delivery
from apps.reminders.tokens import read_token
from tests.factories import (
    ArticleFactory,
    DailyLogFactory,
    MoodCheckInFactory,
    UserFactory,
    fermented_food_plan,
)
from tests.reminders.conftest import make_schedule

SITE = "https://gutmind.example"
GUIDELINE_HABITS = [
    "fruit_veg_servings",
    "water_ml",
    "exercise_minutes",
    "sleep_hours",
    "fermented_servings",
    "mindfulness_minutes",
]


@pytest.fixture(autouse=True)
def _https_site(settings):
    settings.SITE_URL = SITE


def due_delivery(person, kind: str = Kind.DAILY, day: date = date(2026, 11, 23)) -> Delivery:
    return Delivery.objects.create(person=person, kind=kind, local_date=day)


def html_part(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


@pytest.mark.django_db
def test_the_daily_reminder_has_both_parts_and_one_click_unsubscribe(mailoutbox):
    person = UserFactory(display_name="Ada")
    delivery = due_delivery(person)

    sending.send_by_id(delivery.pk)

    [message] = mailoutbox
    assert message.to == [person.email]
    assert "check-in" in message.subject
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{SITE}/reminders/unsubscribe/") and unsubscribe.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe[1:-1]
    key, kind = read_token(link.rsplit("/", 2)[1])
    assert (key, kind) == (person.reminder_schedule.unsubscribe_key, Kind.DAILY)
    # The link names no id of the person, not even inside the signed payload.
    payload = signing.b64_decode(link.rsplit("/", 2)[1].split(":")[0].encode()).decode()
    assert str(person.pk) not in payload.replace(key, "")
    assert '"p"' not in payload
    for body in (message.body, html_part(message)):
        assert "Ada" in body
        assert f"{SITE}/today/" in body
        assert link in body
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.sent_at is not None
    assert delivery.attempts == 1


@pytest.mark.django_db
def test_a_delivery_marked_sent_is_not_sent_again(mailoutbox):
    delivery = due_delivery(UserFactory())
    sending.send_by_id(delivery.pk)
    sending.send_by_id(delivery.pk)
    send_batch.apply(args=([delivery.pk],))
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_batch_sends_each_delivery_once_over_one_connection(smtp_server):
    people = [UserFactory() for _ in range(3)]
    ids = [due_delivery(p).pk for p in people]
    send_batch.apply(args=(ids,))
    send_batch.apply(args=(ids,))
    assert sorted(rcpt for _, [rcpt], _ in smtp_server.messages) == sorted(p.email for p in people)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_batch_outside_a_transaction_reads_the_database_between_pipelined_marks(smtp_server):
    # Outside a transaction the sent marks are pipelined on PostgreSQL, and each daily
    # reminder queries (a due questionnaire): both must share the connection in turn.
    people = [UserFactory() for _ in range(3)]
    ids = [due_delivery(p).pk for p in people]
    assert sending.send_many(ids) == []
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3
    assert len(smtp_server.messages) == 3


@pytest.mark.django_db
def test_a_day_logged_after_dispatch_skips_the_send(mailoutbox):
    person = UserFactory()
    make_schedule(person, skip_if_logged=True)
    delivery = due_delivery(person, day=date(2026, 11, 23))
    DailyLogFactory(person=person, date=date(2026, 11, 23))

    sending.send_by_id(delivery.pk)

    assert mailoutbox == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SKIPPED


@pytest.mark.django_db
def test_an_address_unconfirmed_since_dispatch_gets_nothing(mailoutbox):
    person = UserFactory()
    person.emailaddress_set.update(verified=False)
    delivery = due_delivery(person)
    sending.send_by_id(delivery.pk)
    assert mailoutbox == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED


@pytest.mark.django_db
def test_the_weekly_summary_reports_the_last_local_week_without_scores_or_notes(mailoutbox):
    person = UserFactory(timezone="America/New_York", display_name="Ada")
    ArticleFactory(
        title="Why fermented food matters",
        habits=GUIDELINE_HABITS,
        published_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    # The week Monday 16 to Sunday 22 November; sent on Monday the 23rd.
    for day in (16, 17, 18, 20, 21, 22):
        DailyLogFactory(
            person=person,
            date=date(2026, 11, day),
            water_ml=2500,
            note="private diary entry",
        )
    DailyLogFactory(person=person, date=date(2026, 11, 23), note="today's private note")
    MoodCheckInFactory(person=person, mood=1, note="secret mood note")
    delivery = due_delivery(person, Kind.WEEKLY, date(2026, 11, 23))

    with time_machine.travel(datetime(2026, 11, 23, 23, 0, tzinfo=UTC), tick=False):
        sending.send_by_id(delivery.pk)

    [message] = mailoutbox
    assert message.subject == "Your week: 6 days logged, 16 Nov to 22 Nov"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for body in (message.body, html_part(message)):
        assert "6 of 7" in body  # days logged
        assert "Logging streak" in body
        assert "4 days" in body  # 20, 21, 22 and 23 November
        assert "Water" in body and "2,500 ml a day on average" in body
        assert "Why fermented food matters" in body
        assert f"{SITE}/dashboard/" in body
        assert "/unsubscribe/" in body
        for private in ("private", "secret", "mood", "anxiety", "awful"):
            assert private not in body.lower()
    assert "Guidelines met: 2 of 6" in message.body  # water and sleep


@pytest.mark.django_db
def test_the_weekly_summary_without_an_article_leaves_the_suggestion_out(mailoutbox):
    delivery = due_delivery(UserFactory(), Kind.WEEKLY, date(2026, 11, 29))
    sending.send_by_id(delivery.pk)
    [message] = mailoutbox
    assert "Worth a read" not in message.body
    assert "Worth a read" not in html_part(message)
    assert "Nov to 29 Nov" in message.subject  # a Sunday: the week that ends that day


@pytest.mark.django_db
def test_a_week_with_nothing_logged_says_so_instead_of_listing_every_guideline(mailoutbox):
    delivery = due_delivery(UserFactory(), Kind.WEEKLY, date(2026, 11, 29))
    sending.send_by_id(delivery.pk)
    [message] = mailoutbox
    for body in (message.body, html_part(message)):
        assert "No days were logged this week" in body
        assert f"{SITE}/today/" in body
        assert "not logged yet" not in body


@pytest.mark.django_db
def test_a_transient_smtp_error_is_retried_then_sent(smtp_server, eager_celery):
    person = UserFactory()
    delivery = due_delivery(person)
    smtp_server.fail("421 4.3.2 Try again later", times=2)

    send_delivery.apply(args=(delivery.pk,))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 3
    assert [rcpts for _, rcpts, _ in smtp_server.messages] == [[person.email]]


@pytest.mark.django_db
def test_transient_errors_stop_after_five_retries_and_are_recorded(smtp_server, eager_celery):
    delivery = due_delivery(UserFactory())
    smtp_server.fail("451 4.3.0 Mailbox busy")

    send_delivery.apply(args=(delivery.pk,))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 6  # the first try and five retries
    assert "451" in delivery.last_error
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_a_permanent_error_fails_at_once_and_is_recorded(smtp_server, eager_celery):
    delivery = due_delivery(UserFactory())
    smtp_server.fail("550 5.1.1 No such mailbox")

    send_delivery.apply(args=(delivery.pk,))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 1
    assert delivery.last_error == "The mail server answered 550: 5.1.1 No such mailbox"


@pytest.mark.django_db
def test_a_server_that_is_down_is_a_transient_error(settings, eager_celery):
    from tests.reminders.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    delivery = due_delivery(UserFactory())

    send_batch.apply(args=([delivery.pk],))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 6
    assert "ConnectionRefusedError" in delivery.last_error


@pytest.mark.django_db
def test_a_transient_error_in_a_batch_hands_the_rest_to_single_retries(smtp_server, eager_celery):
    people = [UserFactory() for _ in range(4)]
    ids = [due_delivery(p).pk for p in people]
    smtp_server.fail("421 Busy", times=1, recipient=people[1].email)

    send_batch.apply(args=(ids,))

    assert sorted(r for _, [r], _ in smtp_server.messages) == sorted(p.email for p in people)
    attempts = dict(Delivery.objects.values_list("person_id", "attempts"))
    assert attempts == {people[0].pk: 1, people[1].pk: 2, people[2].pk: 1, people[3].pk: 1}


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (sending.smtplib.SMTPServerDisconnected("gone"), True),
        (sending.smtplib.SMTPConnectError(421, b"busy"), True),
        (sending.smtplib.SMTPResponseException(450, b"later"), True),
        (sending.smtplib.SMTPResponseException(554, b"no"), False),
        (sending.smtplib.SMTPRecipientsRefused({"a@b.c": (450, b"x")}), False),
        (TimeoutError(), True),
        (ConnectionResetError(), True),
        (sending.smtplib.SMTPDataError(552, b"too big"), False),
    ],
)
def test_errors_are_sorted_into_transient_and_permanent(exc, transient):
    assert sending.is_transient(exc) is transient


@pytest.mark.django_db
def test_the_whole_path_from_beat_to_mailbox_with_eager_tasks(
    smtp_server, eager_celery, django_capture_on_commit_callbacks
):
    person = UserFactory(timezone="Pacific/Chatham")
    with time_machine.travel(datetime(2026, 11, 23, tzinfo=UTC), tick=False) as clock:
        schedule = make_schedule(person, daily_time=time(8, 0))
        clock.move_to(schedule.next_daily_at + timedelta(seconds=20))
        with django_capture_on_commit_callbacks(execute=True):
            dispatch_due()
        with django_capture_on_commit_callbacks(execute=True):
            dispatch_due()

    [(_, [rcpt], raw)] = smtp_server.messages
    assert rcpt == person.email
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)).get_content().count("/reminders/unsubscribe/") == 1
    assert "/reminders/unsubscribe/" in message.get_body(("html",)).get_content()


def daily_deliveries(count: int, day: date = date(2026, 11, 23)) -> list[int]:
    """As dispatch leaves them: for people with a schedule (whose key the link names)."""
    people = [UserFactory() for _ in range(count)]
    for person in people:
        make_schedule(person)
    return [due_delivery(person, day=day).pk for person in people]


def queries_to_send(ids: list[int]) -> int:
    with CaptureQueriesContext(db_connection) as queries:
        assert sending.send_many(ids) == []
    return len(queries)


@pytest.mark.django_db
def test_a_chunk_costs_one_query_per_email_sent_besides_a_fixed_few(mailoutbox):
    # Inside a transaction (this test's), the one query per email is its sent mark: the
    # notes of the email (an experiment's instruction, the questionnaires due) are read
    # for the whole chunk, not per email.
    small, large = daily_deliveries(3), daily_deliveries(9)
    fixed_and_three, fixed_and_nine = queries_to_send(small), queries_to_send(large)
    assert fixed_and_nine - fixed_and_three == 6
    assert fixed_and_three - 3 <= 8
    assert len(mailoutbox) == 12
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_worker_connection_makes_no_query_per_email(smtp_server):
    # A worker's case: the sent marks go down a second, pipelined connection.
    small, large = daily_deliveries(3), daily_deliveries(9)
    assert queries_to_send(large) == queries_to_send(small)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 12
    assert len(smtp_server.messages) == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_pipelined_mark_is_committed_before_the_chunk_ends():
    # What makes a killed worker repeat nothing: each mark is committed on its own,
    # without waiting for the end of the pipeline.
    [delivery_id] = daily_deliveries(1)
    delivery = Delivery.objects.get(pk=delivery_id)
    with sending.sent_marks() as mark_sent:
        mark_sent(delivery)
        deadline = clock.monotonic() + 5
        while Delivery.objects.get(pk=delivery_id).status != Delivery.Status.SENT:
            assert clock.monotonic() < deadline, "the mark was not committed"
            clock.sleep(0.01)
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert delivery.last_error == ""


@pytest.mark.django_db
def test_the_notes_read_for_a_chunk_are_each_persons_own(mailoutbox):
    day = date(2026, 11, 23)
    blank, took_who5, experimenting = UserFactory(), UserFactory(), UserFactory()
    with time_machine.travel(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), tick=False):
        save_answers(took_who5, WHO5, [3, 3, 3, 3, 3])
        plan_experiment(
            experimenting,
            fermented_food_plan(start_date=day - timedelta(days=3)),
            day - timedelta(days=3),
            seed=3,
        )
        ids = [due_delivery(p, day=day).pk for p in (blank, took_who5, experimenting)]
        assert sending.send_many(ids) == []

    bodies = {m.to[0]: (m.body, html_part(m)) for m in mailoutbox}
    for body in bodies[blank.email] + bodies[experimenting.email]:
        assert "A short questionnaire is due: WHO-5 (wellbeing)" in body
    for body in bodies[took_who5.email]:
        assert "questionnaire" not in body
    for body in bodies[experimenting.email]:
        assert "Today's experiment:" in body
    for body in bodies[blank.email] + bodies[took_who5.email]:
        assert "Today's experiment" not in body
