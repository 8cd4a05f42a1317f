"""Signed unsubscribe tokens: who and which kind, nothing else, and no expiry (an old
email's link has to keep working)."""

from django.core import signing

from apps.reminders.models import Kind

SALT = "gutmind.reminders.unsubscribe"


class BadToken(Exception):
    pass


def make_token(person_id: int, kind: str) -> str:
    return signing.dumps({"p": person_id, "k": kind}, salt=SALT, compress=False)


def read_token(token: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise BadToken from exc
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        raise BadToken
    if not isinstance(data.get("p"), int):
        raise BadToken
    return data["p"], data["k"]
