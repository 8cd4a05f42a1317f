"""A machine without Chromium skips the browser tests and only those: the rest still run."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.e2e.conftest import BROWSER_SKIP_REASON

ROOT = Path(__file__).resolve().parent.parent


def run_without_chromium(tmp_path: Path, *paths: str) -> ET.Element:
    report = tmp_path / "report.xml"
    env = {**os.environ, "GUTMIND_CHROMIUM": "/nonexistent/chromium"}
    env.pop("GUTMIND_REQUIRE_BROWSER", None)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            *paths,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    return ET.parse(report).getroot()  # noqa: S314 (our own pytest wrote it)


def skipped_for_the_browser(case: ET.Element) -> bool:
    skipped = case.find("skipped")
    return skipped is not None and "chromium" in (skipped.get("message") or "").lower()


def test_hiding_chromium_skips_browser_tests_and_runs_the_rest(tmp_path):
    root = run_without_chromium(tmp_path, "tests/test_env.py", "tests/e2e/test_articles.py")
    cases = list(root.iter("testcase"))
    browser = [c for c in cases if c.get("classname", "").startswith("tests.e2e.")]
    others = [c for c in cases if not c.get("classname", "").startswith("tests.e2e.")]
    assert browser and others
    assert all(skipped_for_the_browser(c) for c in browser)
    assert not [c.get("name") for c in others if c.find("skipped") is not None]
    assert not [c.get("name") for c in others if c.find("failure") is not None]
    assert "chromium" in BROWSER_SKIP_REASON.lower()
