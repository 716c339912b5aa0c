"""The parts of a recommendation (split, rows, flips, phases, warnings) are read-only: not at run time,
where that would cost every recommendation, but for the type checker that ``make test`` runs over the
app's code, so no code that changes one can be merged (some are shared between recommendations). Stored
recommendations still validate their parts when read back."""

import json
from pathlib import Path

import pytest
from mypy import api
from pydantic import ValidationError

from advisor.domain import Answers, Recommendation, Weights
from advisor.scoring import recommend


def test_a_stored_recommendation_reads_back_as_the_same_advice(answers: Answers, weights: Weights) -> None:
    advice = recommend(answers, weights)

    again = Recommendation.model_validate_json(advice.model_dump_json())

    assert again == advice
    assert again.model_dump() == advice.model_dump()


@pytest.mark.parametrize(
    ("part", "field", "bad"),
    [("split", "monthly_ad_spend", "lots"), ("plan", "actions", "one action"), ("factors", "factor", "luck")],
)
def test_a_stored_recommendation_with_a_broken_part_is_refused(
    answers: Answers, weights: Weights, part: str, field: str, bad: object
) -> None:
    data = json.loads(recommend(answers, weights).model_dump_json())
    target = data[part] if isinstance(data[part], dict) else data[part][0]
    target[field] = bad

    with pytest.raises(ValidationError) as raised:
        Recommendation.model_validate(data)

    assert [error["loc"][-1] for error in raised.value.errors()] == [field]


def test_the_type_checker_rejects_changing_a_part_of_a_recommendation(tmp_path: Path) -> None:
    source = tmp_path / "change_parts.py"
    source.write_text(
        "from advisor.domain import FactorContribution, PlanPhase, Split\n"
        "\n"
        "\n"
        "def change(split: Split, row: FactorContribution, phase: PlanPhase) -> None:\n"
        "    split.paid_share = 1.0\n"
        "    row.reason = 'Another reason.'\n"
        "    phase.actions = []\n"
    )

    report, errors, status = api.run(
        ["--config-file", "", "--cache-dir", "/dev/null", "--follow-imports", "silent", str(source)]
    )

    assert (status, errors) == (1, "")
    assert report.splitlines() == [
        f'{source}:5: error: Property "paid_share" defined in "Split" is read-only  [misc]',
        f'{source}:6: error: Property "reason" defined in "FactorContribution" is read-only  [misc]',
        f'{source}:7: error: Property "actions" defined in "PlanPhase" is read-only  [misc]',
        "Found 3 errors in 1 file (checked 1 source file)",
    ]
