"""A real gunicorn with the repository's gunicorn.conf.py, as the Dockerfile, compose and the
load test run it: the response carries no Server banner, and our headers arrive."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def gunicorn_port():
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in this environment")
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        "DJANGO_SETTINGS_MODULE": "gutmind.settings",
        "DATABASE_URL": "sqlite://:memory:",
        "GUTMIND_TESTING": "true",
    }
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "--config",
            "gunicorn.conf.py",
            "gutmind.wsgi:application",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(port, "/robots.txt")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start within 30 s")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("path", ["/robots.txt", "/no-such-page/"])
def test_gunicorn_sends_no_server_banner(gunicorn_port, path):
    response = _get(gunicorn_port, path)
    assert response.getheader("Server") is None
    assert response.getheader("Date")  # the other default headers are still there


def test_gunicorn_responses_carry_the_permissions_and_resource_policies(gunicorn_port):
    response = _get(gunicorn_port, "/robots.txt")
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"


def test_each_worker_hides_what_it_loaded_at_start_from_the_garbage_collector():
    import gc
    import runpy

    hooks = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
