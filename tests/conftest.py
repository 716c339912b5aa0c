import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches

from advisor.domain import Answers, Weights
from advisor.models import WeightSet, weights_to_data
from advisor.weights import DEFAULT_WEIGHTS

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MISSING_CHROMIUM = (
    f"browser tests skipped: Chromium not found at {CHROMIUM}; install it with 'apt-get install chromium'"
)


def pytest_report_header() -> list[str]:
    from django.conf import settings

    lines = [f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"]
    if not CHROMIUM.exists():
        lines.append(MISSING_CHROMIUM)
    return lines


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=MISSING_CHROMIUM))


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """`db_worker` closes old connections between tasks. On PostgreSQL (psycopg's pool, CONN_MAX_AGE=0)
    that closes the connection inside the test's transaction, and the test's rows with it; a real worker
    runs in autocommit, where closing is right."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Rate-limit counters, rendered pages and the active weight set are remembered: start every test
    from empty memories, so the suite never trips a limit and no test sees another's page or weights
    (a rolled-back test transaction never commits, so nothing forgets what it saved)."""
    for alias in ("default", "pages", "weights"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages", "weights"):
        caches[alias].clear()


@pytest.fixture
def weights() -> Weights:
    return DEFAULT_WEIGHTS


@pytest.fixture
def answers() -> Answers:
    return Answers(stage="growing", monthly_budget=500, horizon="months", experience="intermediate")


@pytest.fixture
def default_weight_set(db: None) -> WeightSet:
    """The active default set. The data migration creates it, but transactional tests flush it away."""
    weight_set, _ = WeightSet.objects.get_or_create(
        version=DEFAULT_WEIGHTS.version,
        defaults={"status": WeightSet.Status.ACTIVE, "data": weights_to_data(DEFAULT_WEIGHTS)},
    )
    return weight_set


class CollectingHandler:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


# The SMTP ports these tests may use (loopback only).
SMTP_PORTS = range(2525, 2536)


def free_smtp_port(*, from_top: bool = False) -> int:
    for port in reversed(SMTP_PORTS) if from_top else SMTP_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"No free SMTP test port in {SMTP_PORTS}")


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[CollectingHandler]:
    """A real SMTP server on loopback (aiosmtpd); Django's SMTP backend sends to it."""
    from aiosmtpd.controller import Controller

    handler = CollectingHandler()
    port = free_smtp_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = None
    settings.EMAIL_HOST_PASSWORD = None
    yield handler
    controller.stop()


@pytest.fixture
def unused_smtp_port(settings: Any) -> int:
    """Django's SMTP backend pointed at a loopback port where no mail server listens (counted from the top
    of the range, so it is never the port of ``smtp_server`` in the same test)."""
    port = free_smtp_port(from_top=True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    return port


@pytest.fixture
def branded_result(default_weight_set: WeightSet, settings: Any, tmp_path: Path) -> Any:
    """A result made through a consultant's invite whose profile has a logo (stored in a temporary
    MEDIA_ROOT through the default storage) and a brand colour."""
    from PIL import Image

    from consultants.logos import store_logo
    from tests.factories import ConsultantFactory, InvitedResultFactory, ResponseFactory

    settings.MEDIA_ROOT = tmp_path
    consultant = ConsultantFactory(
        display_name="Dana Reyes",
        brand_colour="#1d4f91",
        logo=store_logo(Image.new("RGB", (512, 256), (200, 30, 30))),
    )
    return InvitedResultFactory(
        invite__consultant=consultant, response=ResponseFactory(weight_set=default_weight_set)
    ).response
