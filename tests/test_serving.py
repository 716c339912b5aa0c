"""The production command and the probes: `make serve` really serves (DEBUG off, gunicorn, whitenoise with
hashed, compressed, far-future-cached static files), /healthz needs no database, /readyz checks it."""

import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

from bench.common import free_port

ROOT = Path(__file__).resolve().parent.parent
PORTS = range(8230, 8249)  # this suite's share of the loopback ports (bench uses 8200-8229 and 8249)
TEN_YEARS = 315360000


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`make serve` on a free loopback port with a throw-away SQLite file and static root."""
    home = tmp_path_factory.mktemp("serve")
    port = free_port(PORTS)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "RATE_LIMIT"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "SQLITE_PATH": str(home / "db.sqlite3"),
            "DJANGO_STATIC_ROOT": str(home / "static"),
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
        }
    )
    log = (home / "serve.log").open("w")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: make, the shell and gunicorn stop together
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(f"{base}/healthz")[0] == HTTPStatus.OK:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make serve did not come up:\n{(home / 'serve.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_make_serve_answers_health_and_readiness(served: str) -> None:
    health = fetch(f"{served}/healthz")
    ready = fetch(f"{served}/readyz")

    assert health[0] == HTTPStatus.OK
    assert health[2] == b"ok\n"
    assert ready[0] == HTTPStatus.OK
    assert ready[2] == b'{"status": "ok", "database": "ok"}'


def test_make_serve_runs_with_debug_off(served: str) -> None:
    status, _, body = fetch(f"{served}/no-such-page/")

    assert status == HTTPStatus.NOT_FOUND
    assert b"Using the URLconf" not in body
    assert b"DEBUG = True" not in body


def test_make_serve_sends_hashed_compressed_static_files_cached_for_years(served: str) -> None:
    _, _, page = fetch(f"{served}/api/docs")
    script = re.search(
        rb'src="(/static/vendor/htmx-[0-9.]+\.min\.[0-9a-f]{12}\.js)"', page
    )  # any htmx version
    assert script is not None, page[:600]

    status, headers, _ = fetch(f"{served}{script.group(1).decode()}", {"Accept-Encoding": "gzip"})

    assert status == HTTPStatus.OK
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == f"max-age={TEN_YEARS}, public, immutable"


def test_make_serve_sends_the_security_headers(served: str) -> None:
    _, headers, _ = fetch(f"{served}/api/docs")

    assert headers["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_healthz_never_touches_the_database(client: Client) -> None:
    # No django_db mark: any database access in this test raises.
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok\n"
    assert response.headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_readyz_checks_the_database(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        response = client.get("/readyz")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_is_away(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", refuse)

    response = client.get("/readyz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_healthz_only_answers_safe_methods(client: Client) -> None:
    response = client.post("/healthz")

    assert (response.status_code, response["Allow"]) == (HTTPStatus.METHOD_NOT_ALLOWED, "GET, HEAD")


def test_make_serve_does_not_name_its_server_software(served: str) -> None:
    _, page_headers, _ = fetch(f"{served}/healthz")
    _, static_headers, _ = fetch(f"{served}/no-such-page/")

    assert (page_headers["Server"], static_headers["Server"]) == ("advisor", "advisor")


def test_make_serve_keeps_answering_while_a_dozen_clients_trickle_their_headers(served: str) -> None:
    host, port = served.removeprefix("http://").split(":")
    slow = [socket.create_connection((host, int(port)), timeout=5) for _ in range(12)]
    try:
        for connection in slow:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
        time.sleep(0.5)

        answers = [fetch(f"{served}/healthz")[0] for _ in range(5)]
    finally:
        for connection in slow:
            connection.close()

    assert answers == [HTTPStatus.OK] * 5
