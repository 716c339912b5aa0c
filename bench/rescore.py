"""Benchmark of the admin's impact preview: re-score stored responses with two weight sets.

Creates 100,000 responses in a throw-away SQLite database (a temporary file, deleted afterwards; your
db.sqlite3 is never touched), then times the same code the impact-preview page runs: one query reading
only (id, answers) in chunks, each row scored with the live set and the draft.

    .venv/bin/python bench/rescore.py [--responses 100000] [--repeat 3]

Target: at least 20,000 responses re-scored per second.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="rescore-bench-")
    os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    try:
        run(args.responses, args.repeat)
    finally:
        from django.db import connections

        connections.close_all()
        for name in os.listdir(workdir):
            os.remove(Path(workdir) / name)
        os.rmdir(workdir)


def run(count: int, repeat: int) -> None:
    from django.core.management import call_command

    from advisor.domain import Answers
    from advisor.impact import rescore
    from advisor.models import WeightSet
    from advisor.scoring import evaluate
    from advisor.vocabulary import Factor, choices
    from advisor.weights import DEFAULT_WEIGHTS_DATA, parse_weights
    from questionnaire.impact import stored_answers
    from questionnaire.models import Response

    call_command("migrate", verbosity=0)
    live = WeightSet.objects.get(status=WeightSet.Status.ACTIVE)
    current = live.weights
    draft = parse_weights({**DEFAULT_WEIGHTS_DATA, "smo_below": -0.1, "smm_from": 0.3})

    started = time.perf_counter()
    generator = random.Random(2026)
    batch: list[Response] = []
    for _ in range(count):
        raw = {
            "stage": generator.choice(choices(Factor.STAGE)),
            "monthly_budget": generator.choice([0, 50, 150, 400, 800, 2000, 6000]),
            "horizon": generator.choice(choices(Factor.HORIZON)),
            "experience": generator.choice(choices(Factor.EXPERIENCE)),
            "profiles": generator.choice([None, *choices(Factor.PROFILES)]),
            "goal": generator.choice([None, *choices(Factor.GOAL)]),
            "audience": generator.choice([None, *choices(Factor.AUDIENCE)]),
            "reach": generator.choice([None, *choices(Factor.REACH)]),
            "weekly_hours": generator.choice([None, 1, 4, 8, 15, 30]),
        }
        answers = Answers.model_validate(raw)
        outcome = evaluate(answers, current)
        batch.append(
            Response(
                answers=answers.model_dump(mode="json"),
                recommendation={},
                verdict=outcome.verdict.value,
                score=outcome.score,
                stage=answers.stage.value,
                monthly_budget=answers.monthly_budget,
                weight_set=live,
                weights_version=live.version,
            )
        )
        if len(batch) == 5000:
            Response.objects.bulk_create(batch)
            batch = []
    if batch:
        Response.objects.bulk_create(batch)
    print(f"created {count:,} responses in {time.perf_counter() - started:.1f} s (throw-away SQLite file)")

    rows = list(stored_answers({"scope": "all"}))
    best_scoring = min(timed(lambda: rescore(rows, current, draft)) for _ in range(repeat))
    best_total = min(
        timed(lambda: rescore(stored_answers({"scope": "all"}), current, draft)) for _ in range(repeat)
    )
    impact = rescore(stored_answers({"scope": "all"}), current, draft)
    print(
        f"re-scored {impact.total:,} responses with two weight sets; {impact.changed:,} verdicts would move"
    )
    print(f"scoring only:            {count / best_scoring:>10,.0f} responses/s  ({best_scoring:.3f} s)")
    print(
        f"with the database read:  {count / best_total:>10,.0f} responses/s  ({best_total:.3f} s)  target ≥ 20,000"
    )


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
