from django import template
from django.utils.crypto import salted_hmac

from apps.accounts.models import User

register = template.Library()


@register.simple_tag
def outbox_owner(person: User) -> str:
    """Whose entries the phone's outbox may send: an opaque tag for the signed-in person (letters
    only, so no page ever shows a number that could be mistaken for a score)."""
    digest = salted_hmac("gutmind.outbox.owner", str(person.pk)).hexdigest()[:16]
    return "".join(chr(ord("a") + int(char, 16)) for char in digest)
