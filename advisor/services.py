"""What admins do to weight sets: make a draft, duplicate one, activate one. Writes only.

Reading (scenario checks, diffs, the impact preview) lives in ``advisor.scenarios``,
``advisor.presenters`` and ``advisor.impact``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from advisor.models import WeightSet
from advisor.scenarios import check_scenarios


class ActivationRefused(Exception):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


Actor = AbstractBaseUser | AnonymousUser | None  # who does it: an admin, or None for a script


def author(user: Actor) -> Any:
    """The signed-in user to record as author, or None (a script, an anonymous request)."""
    user_model = get_user_model()
    return user if isinstance(user, user_model) and user.is_authenticated else None


# --- duplicating ---------------------------------------------------------------------------------------


def create_draft(
    *, data: Mapping[str, Any], based_on: WeightSet | None, user: Actor, note: str = ""
) -> WeightSet:
    """A new draft with the next free version number (retrying if another admin took it meanwhile)."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return WeightSet.objects.create(
                    version=WeightSet.next_version(),
                    status=WeightSet.Status.DRAFT,
                    data=dict(data),
                    based_on=based_on,
                    created_by=author(user),
                    note=note,
                )
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def duplicate(*, source: WeightSet, user: Actor) -> WeightSet:
    return create_draft(data=source.data, based_on=source, user=user, note=f"Copy of v{source.version}: ")


# --- activating ----------------------------------------------------------------------------------------


def activate(*, weight_set: WeightSet, user: Actor) -> WeightSet:
    """Make a draft the live set and retire the previous one, in one transaction.

    Every weight-set row is locked first, in primary-key order (PostgreSQL: SELECT … FOR UPDATE; SQLite:
    the IMMEDIATE transaction already holds the database's write lock). A second admin activating at the
    same moment therefore waits, then sees the first activation and retires that set instead: there is
    never a moment with zero or two active sets, and the unique constraint backs this up.
    """
    for attempt in range(1, 6):
        try:
            return _activate(weight_set, user)
        except OperationalError as error:
            # SQLite reports a lock held by another connection at once in shared-cache mode (the test
            # database) or after its busy timeout; the whole transaction is safe to run again.
            if "locked" not in str(error) or attempt == 5:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def _activate(weight_set: WeightSet, user: Actor) -> WeightSet:
    with transaction.atomic():
        list(WeightSet.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        target = WeightSet.objects.get(pk=weight_set.pk)
        if target.status != WeightSet.Status.DRAFT:
            raise ActivationRefused(
                [f"v{target.version} is {target.get_status_display().lower()}, not a draft."]
            )
        weights = target.weights  # validated again: the data may have been changed outside the admin
        failures = [result for result in check_scenarios(weights) if not result.passed]
        if failures:
            raise ActivationRefused([f"Scenario “{r.name}”: {r.problem}" for r in failures])
        now = timezone.now()
        for previous in WeightSet.objects.filter(status=WeightSet.Status.ACTIVE):
            previous.status = WeightSet.Status.RETIRED
            previous.save(update_fields=["status", "updated_at"])
        target.status = WeightSet.Status.ACTIVE
        target.activated_at = now
        target.activated_by = author(user)
        target.save(update_fields=["status", "activated_at", "activated_by", "updated_at"])
    return target
