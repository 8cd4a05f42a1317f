"""Reads a pytest JUnit report and fails unless at least a share of the tests ran (not skipped).

Used by .ci/run for the run with Chromium hidden: only the browser tests may skip there."""

import sys
import xml.etree.ElementTree as ET  # our own pytest wrote the report


def main(report: str, least_share: float) -> int:
    cases = list(ET.parse(report).getroot().iter("testcase"))  # noqa: S314
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    ran = len(cases) - skipped
    share = ran / len(cases) if cases else 0.0
    print(f"with Chromium hidden: {ran} of {len(cases)} tests ran ({share:.1%}), {skipped} skipped")
    return 0 if share >= least_share else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
