"""Security headers, production settings from the environment, `check --deploy`, and error pages that never
show a stack trace."""

import json
import os
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from config.errors import server_error
from config.middleware import DatabaseUnavailableMiddleware
from tests.markup import parse

ROOT = Path(__file__).resolve().parent.parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
VALID = {"stage": "growing", "monthly_budget": 500, "horizon": "months", "experience": "intermediate"}
HTTPS_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
}
TRACEBACK_MARKERS = ("Traceback", "File &quot;", 'File "', "django/core", "Exception Value")


def production_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "RATE_LIMIT"))}
    env.pop("REDIS_URL", None)
    env.update({"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **extra})
    return env


def settings_under(env: dict[str, str], *names: str) -> dict[str, object]:
    """The named settings as a fresh process computes them from this environment."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def api_client(client: Client, default_weight_set: object) -> Client:
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/docs", "/healthz", "/readyz", "/no-such-page/"])
def test_every_page_carries_the_security_headers(
    client: Client, default_weight_set: object, path: str
) -> None:
    response = client.get(path)

    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    )


@pytest.mark.django_db
def test_api_answers_carry_the_security_headers(api_client: Client) -> None:
    response = api_client.post("/api/recommend", data=VALID, content_type="application/json")

    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_admin_gets_the_same_strict_policy(client: Client) -> None:
    response = client.get("/admin/login/")

    assert response.status_code == HTTPStatus.OK
    assert parse(response).one("#site-name").text == "SMO or SMM? — admin"
    assert response.headers["Content-Security-Policy"] == CSP


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_is_sent_over_https_only(client: Client) -> None:
    over_https = client.get("/healthz", secure=True)
    over_http = client.get("/healthz")

    assert over_https.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in over_http.headers


def test_https_settings_are_switched_on_by_environment_variables() -> None:
    names = (
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    )

    https = settings_under(production_env(**HTTPS_ENV), *names)
    plain = settings_under(production_env(DJANGO_DEBUG="false"), *names)

    assert https == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    assert plain == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_cache_and_sessions_are_chosen_by_environment() -> None:
    names = ("CACHES", "SESSION_ENGINE")

    development = settings_under(production_env(DJANGO_DEBUG="true"), *names)
    production = settings_under(production_env(DJANGO_DEBUG="false"), *names)
    redis = settings_under(production_env(DJANGO_DEBUG="false", REDIS_URL="redis://127.0.0.1:6379/1"), *names)

    assert development["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert production["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
    assert production["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert redis == {
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/1",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "rendered-pages",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            },
            "weights": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "active-weights",
            },
            "funnel": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "funnel-counts",
                "OPTIONS": {"MAX_ENTRIES": 10000},
            },
            "shared-pages": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/1",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
                "KEY_PREFIX": "result-pages",
            },
        },
        "SESSION_ENGINE": "config.sessions",
    }
    assert production["CACHES"]["pages"] == redis["CACHES"]["pages"]
    assert production["CACHES"]["shared-pages"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "result_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    assert development["CACHES"]["shared-pages"] == {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


def test_check_deploy_with_production_settings_finds_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(**HTTPS_ENV),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    # The two silenced are django-ratelimit's objections to the database cache (config/settings.py says why).
    assert result.stdout.strip() == "System check identified no issues (2 silenced)."


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_debug_is_off_unless_asked_for() -> None:
    unset = production_env()
    unset.pop("DJANGO_SECRET_KEY")

    assert settings_under(unset, "DEBUG") == {"DEBUG": False}
    assert settings_under(production_env(DJANGO_DEBUG="true"), "DEBUG") == {"DEBUG": True}
    assert settings_under(production_env(DJANGO_DEBUG="off"), "DEBUG") == {"DEBUG": False}


@pytest.mark.parametrize(
    "key",
    ["short-key", "a" * 60, "django-insecure-" + secrets.token_urlsafe(50)],
    ids=["short", "few-characters", "startproject-prefix"],
)
def test_production_refuses_a_weak_secret_key(key: str) -> None:
    result = run_check(production_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=key))

    assert result.returncode != 0
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is too weak for production: give at "
        "least 50 random characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )


def test_without_a_secret_key_one_random_key_is_kept_for_this_machine() -> None:
    env = production_env(DJANGO_DEBUG="false")
    env.pop("DJANGO_SECRET_KEY")

    first = settings_under(env, "SECRET_KEY")
    second = settings_under(env, "SECRET_KEY")

    kept = (ROOT / "var" / "secret_key").read_text().strip()
    assert first == second == {"SECRET_KEY": kept}
    assert len(kept) >= 50


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "DJANGO_HSTS_SECONDS",
            "ten",
            "DJANGO_HSTS_SECONDS cannot be read from 'ten': invalid literal for int() with base 10: 'ten'",
        ),
        (
            "WEIGHTS_REFRESH_SECONDS",
            "soon",
            "WEIGHTS_REFRESH_SECONDS cannot be read from 'soon': could not convert string to float: ''",
        ),
        (
            "DJANGO_SECURE_SSL_REDIRECT",
            "ture",
            "DJANGO_SECURE_SSL_REDIRECT must be true or false (or on/off, yes/no, 1/0), not 'ture'.",
        ),
        (
            "RATE_LIMIT_API",
            "60 per minute",
            "RATE_LIMIT_API looks like '60/m' (per s, m, h or d), not '60 per minute'.",
        ),
    ],
)
def test_a_bad_value_is_refused_with_the_name_of_its_variable(
    variable: str, value: str, message: str
) -> None:
    result = run_check(production_env(DJANGO_DEBUG="false", **{variable: value}))

    assert result.returncode != 0
    assert last_line(result.stderr) == f"django.core.exceptions.ImproperlyConfigured: {message}"


def assert_no_traceback(body: str) -> None:
    for marker in TRACEBACK_MARKERS:
        assert marker not in body


@pytest.mark.django_db
def test_a_crash_in_the_api_is_a_json_500_without_details(
    api_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail that must not leak")

    monkeypatch.setattr("advisor.api.recommend", explode)
    api_client.raise_request_exception = False

    response = api_client.post("/api/recommend", data=VALID, content_type="application/json")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json() == {
        "errors": [{"field": "body", "message": "Something went wrong on our side. Try again in a moment."}]
    }
    assert "internal detail" not in response.content.decode()


def test_the_500_page_is_ours_and_shows_no_stack_trace(rf: RequestFactory) -> None:
    try:
        raise RuntimeError("internal detail that must not leak")
    except RuntimeError:
        response = server_error(rf.get("/some/page"))

    body = response.content.decode()
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert parse(body).one("h1").text == "Something went wrong on our side"
    assert parse(body).one("head title").text == "Something went wrong — SMO or SMM?"
    assert "internal detail" not in body
    assert_no_traceback(body)


def test_a_database_outage_outside_a_view_is_a_503_page(rf: RequestFactory) -> None:
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/some/page"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.headers["Retry-After"] == "30"
    assert parse(response).one("h1").text == "The advisor is briefly unavailable"


def test_a_view_losing_its_database_gets_the_503_page(rf: RequestFactory) -> None:
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())

    response = middleware.process_exception(rf.get("/result/abc"), OperationalError("server closed"))

    assert response is not None
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = response.content.decode()
    assert parse(body).one("h1").text == "The advisor is briefly unavailable"
    assert response.headers["Retry-After"] == "30"
    assert "server closed" not in body
    assert_no_traceback(body)


def test_other_view_errors_are_left_to_the_500_handler(rf: RequestFactory) -> None:
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())

    response = middleware.process_exception(rf.get("/"), ValueError("not a database problem"))

    assert response is None


@pytest.mark.django_db
def test_the_api_losing_its_database_answers_a_json_503(
    api_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_gone() -> None:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("advisor.api.active_weights", database_gone)

    response = api_client.post("/api/recommend", data=VALID, content_type="application/json")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.headers["Retry-After"] == "30"
    assert response.json() == {
        "errors": [
            {
                "field": "body",
                "message": "The service is briefly unavailable; try again in a moment.",
            }
        ]
    }


@pytest.mark.django_db
def test_a_bad_host_gets_our_400_page(client: Client) -> None:
    response = client.get("/", HTTP_HOST="attacker.example")

    body = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert parse(body).one("h1").text == "We could not understand that request"
    assert_no_traceback(body)


@pytest.mark.django_db
def test_a_post_without_csrf_token_gets_our_403_page(default_weight_set: object) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/", data={"stage": "new"})

    body = response.content.decode()
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert parse(body).one("h1").text == "This form has expired"
    assert_no_traceback(body)


@pytest.mark.django_db
def test_an_unknown_page_is_a_404_without_debug_details(client: Client) -> None:
    response = client.get("/no-such-page/")

    body = response.content.decode()
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert parse(body).one("h1").text == "We could not find that page"
    assert "Using the URLconf" not in body
    assert_no_traceback(body)


def test_the_500_page_comes_out_even_when_its_template_breaks(
    rf: RequestFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_template(*args: object, **kwargs: object) -> str:
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr("config.errors.render_to_string", broken_template)
    try:
        raise RuntimeError("internal detail")
    except RuntimeError:
        response = server_error(rf.get("/"))

    page = parse(response)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert (page.one("h1").text, page.texts("p")) == (
        "Sorry",
        ["Something went wrong on our side. Try again in a moment.", "Back to the start page"],
    )
    assert "manifest" not in response.content.decode()


def test_limits_come_from_the_environment() -> None:
    names = ("RATE_LIMITS_ENABLED", "RATE_LIMIT_API", "RATE_LIMIT_SUBMIT")

    defaults = settings_under(production_env(), *names)
    custom = settings_under(production_env(RATE_LIMIT_API="10/s", RATE_LIMIT_SUBMIT="5/m"), *names)
    off = settings_under(production_env(RATE_LIMITS="off"), *names)

    assert defaults == {"RATE_LIMITS_ENABLED": True, "RATE_LIMIT_API": "60/m", "RATE_LIMIT_SUBMIT": "20/m"}
    assert custom == {"RATE_LIMITS_ENABLED": True, "RATE_LIMIT_API": "10/s", "RATE_LIMIT_SUBMIT": "5/m"}
    assert off == {"RATE_LIMITS_ENABLED": False, "RATE_LIMIT_API": "60/m", "RATE_LIMIT_SUBMIT": "20/m"}
