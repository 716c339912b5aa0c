"""factory_boy factories for the project's models: one place that knows how to build a valid row.

ResponseFactory(weight_set=default_weight_set, answer_values=SMM_ANSWERS, created_days_ago=7)
WeightSetFactory(status=WeightSet.Status.ACTIVE, data={**DEFAULT_DATA, "smm_from": 0.5})
"""

from datetime import timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from advisor.domain import Answers
from advisor.models import Scenario, WeightSet, weights_to_data
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS
from consultants.models import Consultant, Invite, InvitedResult, Note
from questionnaire.models import Response, ResultEmail

# Answer sets that get each verdict with the default weights.
SMO_ANSWERS = {"stage": "new", "monthly_budget": 0, "horizon": "long_term", "experience": "none"}
BLENDED_ANSWERS = {
    "stage": "growing",
    "monthly_budget": 500,
    "horizon": "months",
    "experience": "intermediate",
}
SMM_ANSWERS = {"stage": "established", "monthly_budget": 5000, "horizon": "weeks", "experience": "advanced"}


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("a long enough password")
    is_staff = True


class SuperuserFactory(UserFactory):
    is_superuser = True


class WeightSetFactory(DjangoModelFactory):
    """A draft with the default weights and the next free version number."""

    class Meta:
        model = WeightSet

    version = factory.LazyFunction(WeightSet.next_version)
    status = WeightSet.Status.DRAFT
    data = factory.LazyFunction(lambda: weights_to_data(DEFAULT_WEIGHTS))


class ScenarioFactory(DjangoModelFactory):
    class Meta:
        model = Scenario

    name = factory.Sequence(lambda n: f"Scenario {n}")
    answers = factory.LazyFunction(lambda: dict(BLENDED_ANSWERS))
    expected_verdict = "blended"


class ResponseFactory(DjangoModelFactory):
    """A stored result: the answers scored with the given weight set, as the questionnaire stores them."""

    class Meta:
        model = Response

    class Params:
        answer_values = factory.LazyFunction(lambda: dict(BLENDED_ANSWERS))
        parsed = factory.LazyAttribute(lambda o: Answers.model_validate(o.answer_values))
        result = factory.LazyAttribute(
            lambda o: recommend(
                o.parsed, o.weight_set.weights if o.weight_set else DEFAULT_WEIGHTS, with_flip=False
            )
        )

    weight_set = None
    answers = factory.LazyAttribute(lambda o: o.parsed.model_dump(mode="json"))
    recommendation = factory.LazyAttribute(lambda o: o.result.model_dump(mode="json"))
    verdict = factory.LazyAttribute(lambda o: o.result.verdict.value)
    score = factory.LazyAttribute(lambda o: o.result.score)
    stage = factory.LazyAttribute(lambda o: o.parsed.stage.value)
    monthly_budget = factory.LazyAttribute(lambda o: o.parsed.monthly_budget)
    weights_version = factory.LazyAttribute(lambda o: o.weight_set.version if o.weight_set else 1)
    # Not a field: _create moves created_at this many days back.
    created_days_ago: float = 0

    @classmethod
    def _create(cls, model_class: type[Response], *args: Any, created_days_ago: float = 0, **kwargs: Any):
        response = super()._create(model_class, *args, **kwargs)
        if created_days_ago:
            # created_at is auto_now_add: moving it back is an update after the insert.
            model_class.objects.filter(pk=response.pk).update(
                created_at=timezone.now() - timedelta(days=created_days_ago)
            )
            response.refresh_from_db()
        return response


class ResultEmailFactory(factory.django.DjangoModelFactory):
    """An "email me this result" request, queued but not yet sent."""

    class Meta:
        model = ResultEmail

    response = factory.SubFactory(ResponseFactory)
    address = factory.Sequence(lambda n: f"owner{n}@example.com")
    share_url = factory.LazyAttribute(lambda email: f"http://testserver/r/{email.response.token}/")


# Consultants -------------------------------------------------------------------------------------------

# The password of every ConsultantUserFactory user (long enough for the password validators).
PASSWORD = "correct horse battery staple 42"


class ConsultantUserFactory(UserFactory):
    """A user who signed up as a consultant: not staff."""

    is_staff = False
    email = factory.LazyAttribute(lambda user: f"{user.username}@consultants.example")
    password = factory.django.Password(PASSWORD)


class ConsultantFactory(DjangoModelFactory):
    class Meta:
        model = Consultant

    user = factory.SubFactory(ConsultantUserFactory)
    display_name = factory.Sequence(lambda n: f"Consultant {n}")
    organisation = "North Star Marketing"
    contact = "hello@northstar.example"


class InviteFactory(DjangoModelFactory):
    class Meta:
        model = Invite

    consultant = factory.SubFactory(ConsultantFactory)
    label = factory.Sequence(lambda n: f"Client business {n}")


class InvitedResultFactory(DjangoModelFactory):
    class Meta:
        model = InvitedResult

    invite = factory.SubFactory(InviteFactory)
    response = factory.SubFactory(ResponseFactory)


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note

    result = factory.SubFactory(InvitedResultFactory)
    text = "Call back after the holidays."
