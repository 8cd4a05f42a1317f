"""Signed unsubscribe tokens: the schedule's random unsubscribe key and the kind, nothing
else (no id of the person), and no expiry (an old email's link has to keep working).

Links from before the key existed carried the person's id under another salt; they no longer
verify and show the "link not valid" page, which says how to stop reminders from Settings."""

from django.core import signing

from apps.reminders.models import Kind

SALT = "gutmind.reminders.unsubscribe.v2"
KEY_MAX_LENGTH = 32


class BadToken(Exception):
    pass


def make_token(unsubscribe_key: str, kind: str) -> str:
    return signing.dumps({"u": unsubscribe_key, "k": kind}, salt=SALT, compress=False)


def read_token(token: str) -> tuple[str, str]:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise BadToken from exc
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        raise BadToken
    key = data.get("u")
    if not isinstance(key, str) or not key or len(key) > KEY_MAX_LENGTH:
        raise BadToken
    return key, data["k"]
