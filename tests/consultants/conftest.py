from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client

from consultants.models import Consultant
from tests.factories import ConsultantFactory, ConsultantUserFactory, SuperuserFactory

BUSINESS = {"stage": "growing", "experience": "basic"}
MONEY = {"monthly_budget": "400", "horizon": "months"}
DETAILS = {"profiles": "partial", "goal": "", "audience": "clear", "reach": "national", "weekly_hours": "4"}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: LazySettings) -> None:
    """Background mail runs inside the request in these tests (no worker), through Django's test outbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def consultant(db: None) -> Consultant:
    return ConsultantFactory(display_name="Dana Reyes", organisation="North Star Marketing")


@pytest.fixture
def consultant_client(consultant: Consultant) -> Client:
    client = Client()
    client.force_login(consultant.user)
    return client


@pytest.fixture
def other_consultant_client(db: None) -> Client:
    client = Client()
    client.force_login(ConsultantFactory(display_name="Other Person").user)
    return client


@pytest.fixture
def staff_client(db: None) -> Client:
    client = Client()
    client.force_login(SuperuserFactory())
    return client


@pytest.fixture
def plain_user_client(db: None) -> Client:
    client = Client()
    client.force_login(ConsultantUserFactory())
    return client


@pytest.fixture
def complete_questionnaire(default_weight_set: Any, django_capture_on_commit_callbacks: Any):
    """Answer every step and submit, as a browser would, with a given test client (what waits for the
    commit, like the mail to the consultant, runs too)."""

    def complete(client: Client, **changes: str) -> Any:
        client.post("/q/business/", {**BUSINESS, **{k: v for k, v in changes.items() if k in BUSINESS}})
        client.post("/q/money-and-time/", {**MONEY, **{k: v for k, v in changes.items() if k in MONEY}})
        client.post("/q/details/", {**DETAILS, **{k: v for k, v in changes.items() if k in DETAILS}})
        digest = client.get("/q/review/").context["digest"]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/q/submit/", {"digest": digest})

    return complete
