# Celery's autodiscovery looks for <app>.tasks: the data tasks live in apps/accounts/data/.
from apps.accounts.data.tasks import purge_stale_uploads, run_import

__all__ = ["purge_stale_uploads", "run_import"]
