import pytest

from apps.checkups import services
from apps.checkups.instruments import PHQ9, WHO5


def answers_post(values: list[int | None]) -> dict[str, str]:
    return {f"q{n}": str(v) for n, v in enumerate(values, 1) if v is not None}


@pytest.fixture
def completed_phq9(person):
    return services.save_answers(person, PHQ9, [1, 2, 1, 3, 0, 1, 2, 0, 0]).response


@pytest.fixture
def completed_who5(person):
    return services.save_answers(person, WHO5, [3, 3, 3, 3, 3]).response
