"""allauth form overrides that subclass allauth's own forms. They live apart from forms.py:
allauth imports ACCOUNT_SIGNUP_FORM_CLASS (forms.py) while its forms module loads, so
forms.py cannot import allauth.account.forms without a cycle."""

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress

from apps.accounts.models import User


class VerifiedResetPasswordForm(ResetPasswordForm):  # type: ignore[misc]  # allauth: no types
    """A reset link goes only to an address its owner has confirmed. allauth would also mail
    one to an address that is merely pending (just added, never confirmed), which would hand
    the account to whoever typed that address in an open session."""

    users: list[User]  # set by ResetPasswordForm.clean_email: the accounts with that address

    def clean_email(self) -> str:
        email: str = super().clean_email()
        confirmed = set(
            EmailAddress.objects.filter(email__iexact=email, verified=True).values_list(
                "user_id", flat=True
            )
        )
        self.users = [user for user in self.users if user.pk in confirmed]
        return email
