"""50 people logging, checking in and opening the dashboard. Run through bench/load.py,
which starts the server, creates the people and checks afterwards that every log the
server said it saved is in the database.

Each simulated person is load<N>@example.org (N from 0), already signed in with a session
bench/load.py made (LOAD_SESSIONS), and keeps:
- saving today's log on /today/ (and now and then a past day on /log/<date>/),
- checking in on /checkins/new/,
- opening /dashboard/ and its JSON endpoints.
What each person saved last for each day is written to LOAD_RESULTS as JSON at the end.
"""

import itertools
import json
import os
import random
import re
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_SESSIONS"]) as sessions_file:
    SESSIONS: dict[str, str] = json.load(sessions_file)
TIMEZONE = ZoneInfo("Europe/London")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_numbers = itertools.count()
_lock = threading.Lock()
# (email, iso date) -> fruit & veg servings the server confirmed saving last.
saved_logs: dict[tuple[str, str], int] = {}
# A save still in flight when the run stops may be stored without its 302 arriving: the
# database may then hold that value instead of the last confirmed one, which is no loss.
unconfirmed_logs: dict[tuple[str, str], int] = {}
saved_checkins: dict[str, int] = {}


def _csrf(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


class Person(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.email = f"load{next(_numbers)}@example.org"
        self.rng = random.Random(self.email)
        self.client.cookies.set("sessionid", SESSIONS[self.email])

    def _today(self) -> date:
        return datetime.now(TIMEZONE).date()

    def _log_form(self, fruit: int) -> dict:
        rng = self.rng
        return {
            "fruit_veg_servings": fruit,
            "whole_grain_servings": rng.randint(0, 4),
            "fermented_servings": rng.randint(0, 2),
            "processed_servings": rng.randint(0, 4),
            "water_amount": rng.randint(2, 10),
            "water_unit": "glasses",
            "sleep_hours": rng.choice(("6", "6.5", "7", "7.5", "8")),
            "sleep_quality": rng.randint(1, 5),
            "exercise_minutes": rng.choice((0, 15, 30, 45)),
            "mindfulness_minutes": rng.choice((0, 5, 10)),
            "stress_level": rng.randint(1, 5),
            "gut_comfort": rng.randint(1, 5),
            "note": "",
            "new_tags": "",
        }

    def _save_log(self, path: str, day: date, name: str) -> None:
        page = self.client.get(path, name=name)
        fruit = self.rng.randint(0, 12)
        form = self._log_form(fruit) | {"csrfmiddlewaretoken": _csrf(page.text)}
        key = (self.email, day.isoformat())
        with _lock:
            unconfirmed_logs[key] = fruit
        with self.client.post(
            path, form, name=f"{name} [POST]", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                with _lock:
                    saved_logs[key] = fruit
                    unconfirmed_logs.pop(key, None)
                response.success()
            else:
                response.failure(f"log not saved: HTTP {response.status_code}")

    @task(3)
    def log_today(self) -> None:
        self._save_log("/today/", self._today(), "/today/")

    @task(1)
    def log_past_day(self) -> None:
        day = self._today() - timedelta(days=self.rng.randint(1, 20))
        self._save_log(f"/log/{day.isoformat()}/", day, "/log/<date>/")

    @task(2)
    def check_in(self) -> None:
        page = self.client.get("/checkins/new/", name="/checkins/new/")
        now = datetime.now(TIMEZONE) - timedelta(minutes=1)
        form = {
            "mood": self.rng.randint(1, 5),
            "local_day": now.date().isoformat(),
            "local_time": now.strftime("%H:%M"),
            "note": "",
            "csrfmiddlewaretoken": _csrf(page.text),
        }
        with self.client.post(
            "/checkins/new/",
            form,
            name="/checkins/new/ [POST]",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                with _lock:
                    saved_checkins[self.email] = saved_checkins.get(self.email, 0) + 1
                response.success()
            else:
                response.failure(f"check-in not saved: HTTP {response.status_code}")

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="/dashboard/")
        params = {"range": self.rng.choice(("30", "90", "all")), "habit": "sleep_hours"}
        for endpoint in ("series", "scatter", "calendar", "insights"):
            self.client.get(
                f"/api/dashboard/{endpoint}", params=params, name=f"/api/dashboard/{endpoint}"
            )
        self.client.get("/api/dashboard/week", name="/api/dashboard/week")


@events.test_stop.add_listener
def write_results(**kwargs) -> None:
    path = os.environ.get("LOAD_RESULTS")
    if not path:
        return
    with open(path, "w") as out:
        json.dump(
            {
                "logs": [[email, day, fruit] for (email, day), fruit in saved_logs.items()],
                "unconfirmed_logs": [
                    [email, day, fruit] for (email, day), fruit in unconfirmed_logs.items()
                ],
                "checkins": saved_checkins,
            },
            out,
        )
