import pytest

from advisor.domain import Answers, Weights
from advisor.weights import DEFAULT_WEIGHTS


@pytest.fixture
def weights() -> Weights:
    return DEFAULT_WEIGHTS


@pytest.fixture
def answers() -> Answers:
    return Answers(stage="growing", monthly_budget=500, horizon="months", experience="intermediate")
