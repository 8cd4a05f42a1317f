"""allauth's emails go out like ours: through gutmind.mail (Message-ID on our domain,
quoted-printable bodies), with the text allauth renders from templates/account/email/ and an
HTML part in our layout (templates/emails/_layout.html)."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string

from gutmind.mail import assemble


def _html_part(message: EmailMessage) -> str | None:
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html" and isinstance(content, str):
            return content
    return None


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no types
    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMultiAlternatives:
        rendered = super().render_mail(template_prefix, email, context, headers)
        html = _html_part(rendered) or render_to_string(
            "emails/account_message.html",
            {**context, "subject": rendered.subject, "text": rendered.body},
        )
        return assemble(rendered.subject, rendered.body, html, rendered.to, headers)
