from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.experiments.models import Experiment
from apps.experiments.services import status
from apps.lifestyle.management.commands.seed_demo import DEMO_EMAIL

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=ZoneInfo("UTC"))


def test_the_demo_person_gets_a_finished_experiment_with_a_report_and_a_running_one(client):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=StringIO(), public_demo_accounts=True)
        call_command("seed_demo_experiments", stdout=StringIO())
        call_command("seed_demo_experiments", stdout=StringIO())  # idempotent
        demo = User.objects.get(email=DEMO_EMAIL)
        experiments = list(Experiment.objects.for_user(demo).order_by("start_date"))
        today = demo.local_today()
        assert [status(e, today) for e in experiments] == ["finished", "running"]
        client.force_login(demo)
        report = client.get(f"/experiments/{experiments[0].pk}/report/").content.decode()
        today_page = client.get("/today/").content.decode()
    assert 'data-verdict="progress"' not in report
    assert "As planned (intention to treat)" in report
    assert "p = " in report
    assert "Today's experiment" in today_page
    assert "30 minutes" in today_page


def test_it_needs_the_demo_person_first():
    with pytest.raises(CommandError, match="run seed_demo first"):
        call_command("seed_demo_experiments", stdout=StringIO())
