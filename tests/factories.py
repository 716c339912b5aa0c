"""factory_boy factories for the project's models. Add to this module; do not fork it."""

import secrets
from typing import Any

import factory

from advisor.domain import Answers
from questionnaire.models import Response, ResultEmail
from questionnaire.services import store_response


class ResponseFactory(factory.django.DjangoModelFactory):
    """A stored result, made the way the site makes one: the answers scored with the active weights."""

    class Meta:
        model = Response

    answers = factory.Dict(
        {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}
    )

    @classmethod
    def _create(cls, model_class: type[Response], *args: Any, **kwargs: Any) -> Response:
        return store_response(Answers.model_validate(kwargs["answers"]), secrets.token_urlsafe(8))


class ResultEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultEmail

    response = factory.SubFactory(ResponseFactory)
    address = factory.Sequence(lambda n: f"owner{n}@example.com")
    share_url = factory.LazyAttribute(lambda email: f"http://testserver/r/{email.response.token}/")
