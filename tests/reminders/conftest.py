import socket
from datetime import time

import pytest

from apps.reminders import services
from apps.reminders.models import ReminderSchedule
from gutmind.celery import app as celery_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_schedule(person, **fields) -> ReminderSchedule:
    """A saved schedule with next_*_at computed from the (possibly frozen) clock."""
    schedule = services.schedule_for(person)
    defaults = {"daily_enabled": True, "daily_time": time(8, 0)}
    for name, value in {**defaults, **fields}.items():
        setattr(schedule, name, value)
    return services.save_schedule(schedule)


@pytest.fixture
def eager_celery():
    """Tasks run in the calling thread; the integration tests use a real worker instead."""
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    # Retries run at once, inline; their Retry exception must not escape to the test.
    celery_app.conf.task_eager_propagates = False
    yield celery_app
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


class RecordingHandler:
    """An aiosmtpd handler that keeps what it receives, or answers with a chosen error for
    the next `fail_times` messages."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.reply: str | None = None
        self.fail_times = 0
        self.fail_for: str | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        recipients = list(envelope.rcpt_tos)
        targeted = self.fail_for is None or self.fail_for in recipients
        if self.reply and self.fail_times and targeted:
            self.fail_times -= 1
            return self.reply
        self.messages.append((envelope.mail_from, recipients, envelope.original_content))
        return "250 OK"

    def fail(self, reply: str, times: int = 1000, recipient: str | None = None) -> None:
        self.reply, self.fail_times, self.fail_for = reply, times, recipient


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server in this process; Django's SMTP backend talks to it."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    controller.stop()
