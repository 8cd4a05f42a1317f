"""Deleting an account: every row about the person, their sessions, their files, then an email."""

import logging

from allauth.usersessions.models import UserSession
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.yourdata import jobs
from gutmind.mail import send_email

logger = logging.getLogger(__name__)


def end_sessions(person: User) -> int:
    """allauth's list of sessions first, then any database session that still names the
    person (one started before session tracking, say)."""
    ended = 0
    for user_session in UserSession.objects.filter(user=person):
        user_session.end()
        ended += 1
    pk = str(person.pk)
    stale = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == pk
    ]
    Session.objects.filter(session_key__in=stale).delete()
    return ended + len(stale)


def delete_account(person: User) -> str:
    """Delete the person and everything that refers to them; returns the address to notify.

    The user row's cascade removes logs, check-ins, tags, reminders, email addresses, MFA
    authenticators and allauth's session records; sessions and uploaded files are outside
    the database's reach and are removed here."""
    email, person_id = person.email, person.pk
    with transaction.atomic():
        end_sessions(person)
        person.delete()
    jobs.delete_person_files(person_id)
    return email


def send_deleted_email(email: str) -> bool:
    """The account is already gone: a mail server that is down must not turn that into an
    error page, so the failure is logged (without the address) instead."""
    try:
        send_email("account_deleted", email, {"email": email})
    except Exception:
        logger.exception("Could not send the account-deleted confirmation")
        return False
    return True
