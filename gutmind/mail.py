"""The one email helper: every email GutMind sends is rendered and built here.

A type of email is three templates under templates/emails/ (`<name>_subject.txt`,
`<name>.txt`, `<name>.html`) and a short wrapper that calls `build_email` or `send_email`.
"""

from collections.abc import Mapping
from email import charset as email_charset
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# Django sends UTF-8 bodies as 8bit; a relay that only speaks 7bit re-encodes them, and the
# DKIM signature over the body breaks. Quoted-printable is 7bit from the start.
UTF8_QUOTED_PRINTABLE = email_charset.Charset("utf-8")
UTF8_QUOTED_PRINTABLE.body_encoding = email_charset.QP


def _context(context: Mapping | None) -> dict:
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **(context or {})}


def render_subject(name: str, context: Mapping) -> str:
    # A header cannot hold a newline; templates often end with one.
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    return " ".join(subject.split())


def message_domain() -> str:
    """The domain our Message-IDs are made on: the site's own, else the sender's (never
    the machine's host name, which Django would use and which says nothing to a reader)."""
    host = urlsplit(settings.SITE_URL).hostname
    if host and host not in {"127.0.0.1", "localhost", "::1"}:
        return host
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return sender.rpartition("@")[2] or "gutmind.localhost"


def assemble(
    subject: str,
    text: str,
    html: str,
    to: str | list[str],
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The one place an outgoing message is put together: text with an HTML alternative,
    quoted-printable bodies, a Message-ID on our domain (unless the caller names one)."""
    all_headers = dict(headers or {})
    if "Message-ID" not in all_headers:
        # With a domain, make_msgid does not ask the resolver for the host's name.
        all_headers["Message-ID"] = make_msgid(domain=message_domain())
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=all_headers,
        connection=connection,
    )
    message.encoding = UTF8_QUOTED_PRINTABLE
    message.attach_alternative(html, "text/html")
    return message


def build_email(
    name: str,
    to: str | list[str],
    context: Mapping | None = None,
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """Plain text body with an HTML alternative, both from the same context."""
    ctx = _context(context)
    return assemble(
        render_subject(name, ctx),
        render_to_string(f"emails/{name}.txt", ctx),
        render_to_string(f"emails/{name}.html", ctx),
        to,
        headers,
        connection,
    )


def send_email(
    name: str, to: str | list[str], context: Mapping | None = None
) -> EmailMultiAlternatives:
    """Build (default headers, a connection of its own) and send; errors propagate so
    callers (and Celery) can retry or record them. A caller that needs headers or a shared
    connection builds with build_email and sends the message itself."""
    message = build_email(name, to, context)
    message.send(fail_silently=False)
    return message
