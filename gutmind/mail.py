"""The one email helper: every email GutMind sends is rendered and built here.

A type of email is three templates under templates/emails/ (`<name>_subject.txt`,
`<name>.txt`, `<name>.html`) and a short wrapper that calls `build_email` or `send_email`.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def _context(context: Mapping | None) -> dict:
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **(context or {})}


def render_subject(name: str, context: Mapping) -> str:
    # A header cannot hold a newline; templates often end with one.
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    return " ".join(subject.split())


def build_email(
    name: str,
    to: str | list[str],
    context: Mapping | None = None,
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """Plain text body with an HTML alternative, both from the same context."""
    ctx = _context(context)
    message = EmailMultiAlternatives(
        subject=render_subject(name, ctx),
        body=render_to_string(f"emails/{name}.txt", ctx),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=dict(headers or {}),
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", ctx), "text/html")
    return message


def send_email(
    name: str,
    to: str | list[str],
    context: Mapping | None = None,
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """Build and send; errors propagate so callers (and Celery) can retry or record them."""
    message = build_email(name, to, context, headers, connection)
    message.send(fail_silently=False)
    return message
