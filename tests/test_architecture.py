"""The layers of docs/architecture.md hold: import-linter's contract in pyproject.toml is
kept. It runs here too so that an import against the direction fails the test suite every
landing runs, not only `make lint`."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_apps_import_only_down_the_layers():
    if not LINT_IMPORTS.exists():
        pytest.fail("lint-imports is missing: run `make setup` (pyproject.toml lists it)")
    result = subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
