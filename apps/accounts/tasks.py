# Celery's autodiscovery looks for <app>.tasks: the data tasks live in apps/accounts/data/.
from apps.accounts.data.tasks import run_import

__all__ = ["run_import"]
