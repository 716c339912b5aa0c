"""Impact preview: stored responses re-scored with a draft and with the live set, as a 3×3 table of moves."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.domain import Answers, Weights
from advisor.impact import rescore, verdict_of
from advisor.models import WeightSet
from advisor.scoring import recommend
from advisor.services import duplicate
from advisor.vocabulary import Factor, choices
from advisor.weights import DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_DATA, parse_weights
from tests.factories import BLENDED_ANSWERS as BLENDED
from tests.factories import SMM_ANSWERS as SMM
from tests.factories import SMO_ANSWERS as SMO
from tests.factories import ResponseFactory
from tests.markup import parse

answers_strategy = st.builds(
    dict,
    stage=st.sampled_from(choices(Factor.STAGE)),
    monthly_budget=st.one_of(st.just(0.0), st.floats(0, 10_000_000), st.sampled_from([100.0, 300.0, 1000.0])),
    horizon=st.sampled_from(choices(Factor.HORIZON)),
    experience=st.sampled_from(choices(Factor.EXPERIENCE)),
    profiles=st.one_of(st.none(), st.sampled_from(choices(Factor.PROFILES))),
    goal=st.one_of(st.none(), st.sampled_from(choices(Factor.GOAL))),
    audience=st.one_of(st.none(), st.sampled_from(choices(Factor.AUDIENCE))),
    reach=st.one_of(st.none(), st.sampled_from(choices(Factor.REACH))),
    weekly_hours=st.one_of(st.none(), st.floats(0, 80), st.sampled_from([2.0, 5.0, 10.0, 20.0])),
)

TWEAKED: Weights = parse_weights(
    {
        **DEFAULT_WEIGHTS_DATA,
        "importance": {**DEFAULT_WEIGHTS_DATA["importance"], "experience": 0.0, "goal": 4.0},
        "smo_below": 0.0,
        "smm_from": 0.05,
    }
)


@settings(max_examples=1000, deadline=None)
@given(raw=answers_strategy, weights=st.sampled_from([DEFAULT_WEIGHTS, TWEAKED]))
def test_the_impact_preview_agrees_with_the_engine_on_every_answer(raw, weights):
    answers = Answers.model_validate(raw)

    fast = verdict_of(answers.model_dump(mode="json"), weights)

    assert fast == recommend(answers, weights, with_flip=False).verdict.value


def test_rescore_counts_each_move_and_keeps_examples():
    rows = [(1, SMO), (2, BLENDED), (3, BLENDED), (4, SMM), (5, {"stage": "gone", "monthly_budget": 1})]

    impact = rescore(rows, DEFAULT_WEIGHTS, TWEAKED, examples_per_move=1)

    assert (impact.total, impact.skipped, impact.changed) == (4, 1, 2)
    assert {key: count for key, count in impact.moves.items() if count} == {
        ("smo_first", "smo_first"): 1,
        ("blended", "smm_first"): 2,
        ("smm_first", "smm_first"): 1,
    }
    assert impact.examples[("blended", "smm_first")] == [2]


@pytest.mark.django_db
def test_the_preview_page_shows_the_3x3_table_with_links_to_examples(
    admin_client, default_weight_set, admin_user, django_assert_max_num_queries
):
    ResponseFactory(weight_set=default_weight_set, answer_values=SMO)
    moved = [ResponseFactory(weight_set=default_weight_set, answer_values=BLENDED) for _ in range(3)]
    ResponseFactory(weight_set=default_weight_set, answer_values=SMM)
    draft = duplicate(source=default_weight_set, user=admin_user)
    draft.data = {**draft.data, "smm_from": 0.2}
    draft.save()
    url = reverse("admin:questionnaire_response_impact", args=[draft.pk])
    admin_client.get(url)

    with django_assert_max_num_queries(8):
        response = admin_client.get(url)

    assert response.status_code == HTTPStatus.OK
    impact = response.context["impact"]
    assert (impact.total, impact.changed) == (5, 3)
    cells = {(row["verdict"], cell["to"]): cell for row in response.context["rows"] for cell in row["cells"]}
    assert cells[("blended", "smm_first")]["count"] == 3
    ids = ",".join(str(r.pk) for r in moved)
    assert cells[("blended", "smm_first")]["url"] == f"/admin/questionnaire/response/?id__in={ids}"
    page = parse(response)
    assert page.one(".impact-summary").text == "5 responses re-scored; 3 would get different advice."
    assert page.texts(".impact-table .move-label") == [
        "Blend organic work with paid ads → Lead with paid social ads (SMM)"
    ]
    examples = admin_client.get(cells[("blended", "smm_first")]["url"])
    assert list(examples.context["cl"].result_list) == sorted(moved, key=lambda r: r.pk, reverse=True)


@pytest.mark.django_db
def test_the_preview_can_be_limited_to_the_last_n_or_a_date_range(
    admin_client, default_weight_set, admin_user
):
    ResponseFactory(weight_set=default_weight_set, created_days_ago=30, answer_values=BLENDED)
    ResponseFactory(weight_set=default_weight_set, created_days_ago=10, answer_values=BLENDED)
    ResponseFactory(weight_set=default_weight_set, answer_values=SMM)
    draft = duplicate(source=default_weight_set, user=admin_user)
    url = reverse("admin:questionnaire_response_impact", args=[draft.pk])
    today = timezone.localdate()

    last_two = admin_client.get(url, {"scope": "last", "last": "2"})
    ranged = admin_client.get(
        url,
        {
            "scope": "range",
            "date_from": str(today - timedelta(days=40)),
            "date_to": str(today - timedelta(days=5)),
        },
    )
    bad = admin_client.get(url, {"scope": "range", "date_from": "", "date_to": ""})

    assert (last_two.context["impact"].total, last_two.context["impact"].changed) == (2, 0)
    assert last_two.context["impact"].moves[("blended", "blended")] == 1
    assert last_two.context["impact"].moves[("smm_first", "smm_first")] == 1
    assert (ranged.context["impact"].total, ranged.context["impact"].moves[("blended", "blended")]) == (2, 2)
    assert bad.context["impact"] is None
    assert bad.context["form"].errors == {"date_from": ["Give a start date, an end date, or both."]}


@pytest.mark.django_db
def test_a_set_broken_outside_the_admin_gets_a_message_not_an_error(
    admin_client, default_weight_set, admin_user
):
    draft = duplicate(source=default_weight_set, user=admin_user)
    WeightSet.objects.filter(pk=draft.pk).update(data={**draft.data, "smm_from": -0.5})

    response = admin_client.get(reverse("admin:questionnaire_response_impact", args=[draft.pk]))

    assert response.status_code == HTTPStatus.OK
    assert response.context["impact"] is None
    assert parse(response).texts(".errornote") == [
        "These weights cannot be used: smm_from: Must be at least 0.05 above the organic threshold (-0.05)"
        " to leave room for blended advice."
    ]
