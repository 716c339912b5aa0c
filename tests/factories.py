"""factory_boy factories shared by the whole suite (add to them; don't fork them)."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from advisor.domain import Answers
from advisor.scoring import recommend
from advisor.weights import DEFAULT_WEIGHTS
from consultants.models import Consultant, Invite, InvitedResult, Note
from questionnaire.models import Response

PASSWORD = "correct horse battery staple 42"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ConsultantFactory(DjangoModelFactory):
    class Meta:
        model = Consultant

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Consultant {n}")
    organisation = "North Star Marketing"
    contact = "hello@northstar.example"


class InviteFactory(DjangoModelFactory):
    class Meta:
        model = Invite

    consultant = factory.SubFactory(ConsultantFactory)
    label = factory.Sequence(lambda n: f"Client business {n}")


class ResponseFactory(DjangoModelFactory):
    """A stored result scored with the default weights (version 1)."""

    class Meta:
        model = Response

    class Params:
        given = factory.LazyFunction(
            lambda: Answers(stage="growing", monthly_budget=500, horizon="months", experience="intermediate")
        )

    answers = factory.LazyAttribute(lambda o: o.given.model_dump(mode="json"))
    recommendation = factory.LazyAttribute(
        lambda o: recommend(o.given, DEFAULT_WEIGHTS, currency="USD").model_dump(mode="json")
    )
    verdict = factory.LazyAttribute(lambda o: o.recommendation["verdict"])
    score = factory.LazyAttribute(lambda o: o.recommendation["score"])
    stage = factory.LazyAttribute(lambda o: o.given.stage.value)
    monthly_budget = factory.LazyAttribute(lambda o: o.given.monthly_budget)
    weights_version = 1


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
