"""Reading settings from environment variables: django-environ, with errors that name the variable.

django-environ casts values itself; a bad number surfaces as Python's own ``ValueError`` ("invalid literal
for int() with base 10: 'ten'"), which does not say which of forty variables was wrong, and any word it does
not know as true reads as false. Here every cast failure, and a yes/no variable given anything but a yes or a
no, stops the start-up with the variable's name.
"""

import os
import secrets
import time
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"true", "on", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "off", "no", "n", "0"})
# Django's own test of a weak key (django.core.checks.security.base): at least 50 characters, at least 5
# different ones, not the prefix of the keys `startproject` writes.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


class Env(environ.Env):
    def get_value(
        self, var: str, cast: Any = None, default: Any = environ.Env.NOTSET, parse_default: bool = False
    ) -> Any:
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                f"{var} cannot be read from {self.ENVIRON.get(var)!r}: {error}"
            ) from error

    def bool(self, var: str, default: Any = environ.Env.NOTSET) -> bool:
        value = self.get_value(var, cast=str, default=default)
        if isinstance(value, bool):  # unset: the default, as given
            return value
        word = value.strip().lower()
        if word == "" and isinstance(default, bool):
            return default
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{var} must be true or false (or on/off, yes/no, 1/0), not {value!r}.")

    def list(self, var: str, cast: Any = None, default: Any = environ.Env.NOTSET) -> list[Any]:
        """Comma-separated, each item stripped, empty items dropped ("a, b," is ["a", "b"])."""
        values = super().list(var, cast=cast, default=default)
        return [value.strip() if isinstance(value, str) else value for value in values if value != ""]

    def rate(self, var: str, default: str) -> str:
        """A rate limit, "<count>/<s|m|h|d>" (django-ratelimit's form), checked at start-up."""
        value = self.str(var, default=default).strip()
        count, _, period = value.partition("/")
        if not (count.strip().isdigit() and period.strip()[:1].lower() in {"s", "m", "h", "d"}):
            raise ImproperlyConfigured(f"{var} looks like '60/m' (per s, m, h or d), not {value!r}.")
        return f"{int(count)}/{period.strip()[:1].lower()}"


def is_weak_secret_key(key: str) -> bool:
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith("django-insecure")
    )


def local_secret_key(path: Path) -> str:
    """A random key kept in ``path`` (made on first use, readable by its owner only).

    For one machine with zero configuration (`make run`, `make serve`, `manage.py` commands): every
    process on it shares the key, and it survives restarts, so signed cookies stay valid. A deploy on more
    than one machine sets DJANGO_SECRET_KEY instead, the same on each.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: of two processes starting at once, one writes the key and the other reads it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as error:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is not set and no key could be kept in {path} ({error}): set DJANGO_SECRET_KEY."
        ) from error
    else:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
    for _ in range(50):  # the other process may not have written it yet
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise ImproperlyConfigured(f"DJANGO_SECRET_KEY is not set and {path} is empty: set DJANGO_SECRET_KEY.")
