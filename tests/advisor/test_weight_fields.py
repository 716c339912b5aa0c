"""The one registry of weight fields: derived from the Weights model, used by form, diff, table and errors."""

from typing import Annotated

from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field

from advisor.domain import Weights
from advisor.presenters import diff, weight_sections
from advisor.vocabulary import Reach
from advisor.weight_fields import Kind, Unit, assemble, field_for, flatten, sections, value_at, weight_fields
from advisor.weights import DEFAULT_WEIGHTS_DATA

DATA = {key: value for key, value in DEFAULT_WEIGHTS_DATA.items() if key != "version"}


class MoreWeights(Weights):
    """A Weights with two numbers the registry has never heard of."""

    blend_floor: Annotated[float, Field(ge=-1, le=1, title="Lowest blended score", description="Why.")] = 0.0
    max_ad_spend: dict[Reach, Annotated[float, Field(ge=0, le=10_000_000)]] = {}
    spend_steps: list[Annotated[float, Field(ge=0, le=10_000_000)]] = []


def test_every_number_of_the_default_set_has_one_field_with_a_unique_name():
    fields = weight_fields(DATA)

    # importance, leans per question, budget and hour bands, thresholds, ad-spend minimums, plan numbers
    assert len(fields) == 9 + 4 + 6 + 4 + 4 + 3 + 4 + 3 + 4 + 5 + 5 + 4 + 2 + 4 + 2
    assert len({field.name for field in fields}) == len(fields)
    assert len({field.path for field in fields}) == len(fields)


def test_assembling_the_flat_numbers_gives_back_the_data():
    fields = weight_fields(DATA)

    assembled = assemble(flatten(DATA), fields)

    assert assembled == DATA


def test_a_lean_is_named_by_its_option_and_its_band_with_the_currency():
    fields = {field.path: field for field in weight_fields(DATA, currency="EUR")}

    stage = fields["leans.stage.2"]
    budget = fields["leans.monthly_budget.2"]

    assert (stage.name, stage.title, stage.unit, stage.kind) == (
        "lean_stage_2",
        "Business stage · Growing",
        Unit.LEAN,
        Kind.KEYED_LIST,
    )
    assert (budget.label, budget.aliases) == ("Budget 100–300 EUR a month", ("leans.monthly_budget.100–300",))
    assert (fields["min_ad_spend.global"].label, fields["min_ad_spend.global"].unit) == (
        "Worldwide",
        Unit.MONEY,
    )
    assert (fields["hour_bands.0"].unit, fields["smo_below"].unit) == (Unit.HOURS, Unit.SCORE)


def test_validation_paths_map_to_their_field_or_to_the_whole_set():
    fields = weight_fields(DATA)

    names = [
        getattr(field_for(path, fields), "name", None)
        for path in (
            "leans.stage.growing",
            "leans.monthly_budget.100–300",
            "leans.goal",
            "importance",
            "smm_from",
        )
    ]

    assert names == ["lean_stage_2", "lean_monthly_budget_2", "lean_goal_0", None, "smm_from"]


def test_a_number_added_to_the_model_appears_in_fields_sections_diff_and_table():
    before = {
        **DATA,
        "blend_floor": 0.1,
        "max_ad_spend": {reach.value: 5000 for reach in Reach},
        "spend_steps": [100, 200],
    }
    after = {**before, "blend_floor": -0.2, "max_ad_spend": {**before["max_ad_spend"], "local": 800}}

    fields = weight_fields(after, model=MoreWeights, currency="USD")

    added = [
        (field.path, field.name, field.label, field.unit)
        for field in fields
        if field.path.startswith(("blend", "max", "spend"))
    ]
    assert added == [
        ("blend_floor", "blend_floor", "Lowest blended score", Unit.SCORE),
        ("max_ad_spend.local", "max_ad_spend_local", "Local", Unit.MONEY),
        ("max_ad_spend.regional", "max_ad_spend_regional", "Regional", Unit.MONEY),
        ("max_ad_spend.national", "max_ad_spend_national", "National", Unit.MONEY),
        ("max_ad_spend.global", "max_ad_spend_global", "Worldwide", Unit.MONEY),
        ("spend_steps.0", "spend_step_0", "Spend steps 1", Unit.MONEY),
        ("spend_steps.1", "spend_step_1", "Spend steps 2", Unit.MONEY),
    ]
    titles = [section.title for section in sections(fields)][-3:]
    assert titles == ["Blend floor", "Max ad spend", "Spend steps"]
    assert assemble(flatten_with(after, fields), fields) == after


def test_the_diff_and_the_table_speak_in_words_and_money():
    after = {**DATA, "min_ad_spend": {**DATA["min_ad_spend"], "local": 200}, "smo_below": -0.25}

    changes = diff(DATA, after, currency="USD")
    table = weight_sections(after, currency="USD")

    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Thresholds · Organic first below", "−0.05", "−0.25"),
        ("Minimum ad spend · Local", "150 USD", "200 USD"),
    ]
    assert table[-2] == {
        "title": "Minimum ad spend (a month, per customer area)",
        "rows": [
            ("Local", "200 USD"),
            ("Regional", "300 USD"),
            ("National", "1,000 USD"),
            ("Worldwide", "2,500 USD"),
        ],
    }


def flatten_with(data: dict, fields: tuple) -> dict:
    return {field.path: value_at(data, field.path) for field in fields}


@given(
    budget_bands=st.lists(st.integers(1, 9_000_000), min_size=1, max_size=7, unique=True).map(sorted),
    hour_bands=st.lists(st.integers(1, 79), min_size=1, max_size=6, unique=True).map(sorted),
    lean=st.floats(-1, 1),
)
def test_any_band_count_gives_one_named_field_per_number_and_round_trips(budget_bands, hour_bands, lean):
    data = {
        **DATA,
        "budget_bands": budget_bands,
        "hour_bands": hour_bands,
        "leans": {
            **DATA["leans"],
            "monthly_budget": [lean] * (len(budget_bands) + 1),
            "weekly_hours": [lean] * (len(hour_bands) + 1),
        },
    }

    fields = weight_fields(data, currency="EUR")

    assert assemble(flatten(data), fields) == data
    assert len({field.name for field in fields}) == len(fields)
    budget_leans = [field for field in fields if field.path.startswith("leans.monthly_budget.")]
    assert [field_for(field.aliases[0], fields) for field in budget_leans] == budget_leans
