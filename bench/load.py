"""Load: the production command on loopback, N concurrent clients, bounded in time.

    .venv/bin/python -m bench.load                 # 32 clients, 5 s per page, 10 s of full flows, SQLite
    .venv/bin/python -m bench.load --clients 64 --seconds 10 --workers 5
    DATABASE_URL=postgres://… .venv/bin/python -m bench.load   # against PostgreSQL (an empty database)

It starts `make serve` (DEBUG off, gunicorn sync workers, RATE_LIMITS=off) on a free port in 8200-8229
with a fresh SQLite file, then measures, one page at a time, /healthz and each page of the product, and
prints each page's throughput as a ratio of /healthz; then N visitors run the whole questionnaire
(landing → every step → review → submit → result → share link) over and over, and finally the database
is compared with what the server answered: every response answered as saved must be stored, once.
"""

import argparse
import asyncio
import json
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable

from bench.common import (
    CSRF_INPUT,
    DIGEST_INPUT,
    FLOW_START,
    RESULT_PATH,
    REVIEW_PATH,
    SUBMIT_PATH,
    Client,
    Server,
    Stats,
    free_port,
    location_path,
    loss_report,
    print_table,
    random_answers,
    run,
    run_flow,
    stored_tokens,
)

# Targets from the issue, as a share of /healthz throughput, and completed submissions per second.
# Issue #10: each page's throughput as a share of /healthz's on the same machine at the same time.
TARGETS = {"result": 0.8, "api": 0.55, "step POST": 0.45, "submit": 0.25}
RATE_TARGETS: dict[str, float] = {}
PAGES = ("healthz", "landing", "result", "api", "step POST", "submit")
NUMERIC_ANSWERS = ("monthly_budget", "weekly_hours")


async def hammer(
    clients: list[Client], seconds: float, one_request: Callable[[int, Client], Awaitable[object]]
) -> float:
    """Each client sends requests back to back until the time is up; returns the elapsed seconds."""
    started = time.perf_counter()
    deadline = started + seconds

    async def loop(index: int, client: Client) -> None:
        while time.perf_counter() < deadline:
            await one_request(index, client)

    await asyncio.gather(*(loop(index, client) for index, client in enumerate(clients)))
    return time.perf_counter() - started


async def flows(base: str, stats: Stats, clients: int, seconds: float, seed: int) -> tuple[list[str], float]:
    """Visitors start whole flows until the time is up and always finish the one they are in."""
    answered: list[str] = []
    started = time.perf_counter()
    deadline = started + seconds

    async def visitor(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        while time.perf_counter() < deadline:
            token = await run_flow(base, stats, rng)
            if token is not None:
                answered.append(token)

    await asyncio.gather(*(visitor(index) for index in range(clients)))
    return answered, time.perf_counter() - started


def api_body(rng: random.Random) -> bytes:
    answers: dict[str, object] = dict(random_answers(rng))
    for name in NUMERIC_ANSWERS:
        answers[name] = int(str(answers[name]))
    return json.dumps(answers).encode()


async def first_step_clients(base: str, stats: Stats, count: int) -> list[tuple[Client, str, str]]:
    """Visitors standing on the first step: (client, its path, its CSRF token)."""
    ready = []
    for _ in range(count):
        client = Client(base, stats)
        reply = await client.request("setup", "GET", FLOW_START, expect=(302, 303))
        assert reply is not None, "the questionnaire does not start"
        path = location_path(reply)
        page = await client.request("setup", "GET", path)
        assert page is not None
        token = CSRF_INPUT.search(page.text)
        assert token is not None, f"no CSRF token on {path}"
        ready.append((client, path, token.group(1)))
    return ready


async def waiting_submissions(
    base: str, stats: Stats, count: int, clients: int, rng: random.Random
) -> list[tuple[Client, bytes]]:
    """`count` visitors on the review page with a complete questionnaire, each with its submit request
    built: (client, raw request).

    Each is a new visitor (its own progress cookie, so its own submission) who used "start again with
    these answers" (one POST of every answer) and opened the review page. Prepared before the clock starts,
    as a load generator prepares its requests, so the clock measures the server's work.
    """
    [(donor, _, csrf_token)] = await first_step_clients(base, stats, 1)
    csrf_cookie = dict(donor.cookies)
    ready: list[tuple[Client, bytes]] = []

    async def prepare(share: int) -> None:
        for _ in range(share):
            client = Client(base, stats)
            client.cookies.update(csrf_cookie)
            form = {"csrfmiddlewaretoken": csrf_token, **random_answers(rng)}
            if await client.request("setup", "POST", "/q/prefill/", form=form, expect=(302, 303)) is None:
                continue
            review = await client.request("setup", "GET", REVIEW_PATH)
            digest = DIGEST_INPUT.search(review.text) if review is not None else None
            if digest is not None:
                form = {"csrfmiddlewaretoken": csrf_token, "digest": digest.group(1)}
                ready.append((client, client.build("POST", SUBMIT_PATH, form=form)))

    shares = [count // clients + (1 if index < count % clients else 0) for index in range(clients)]
    await asyncio.gather(*(prepare(share) for share in shares))
    return ready


async def submit_all(waiting: list[tuple[Client, bytes]], clients: int) -> tuple[list[str], float]:
    """N clients send the waiting submissions back to back; returns the share tokens answered and the time."""
    answered: list[str] = []
    queue = list(waiting)
    started = time.perf_counter()

    async def loop() -> None:
        while queue:
            visitor, raw = queue.pop()
            reply = await visitor.send("submit", raw, expect=(303,), use_cookies=False)
            if reply is not None and reply.status == 303:
                match = RESULT_PATH.search(location_path(reply))
                if match is not None:
                    answered.append(match.group(1))

    await asyncio.gather(*(loop() for _ in range(clients)))
    return answered, time.perf_counter() - started


async def measure(
    base: str, clients: int, seconds: float, flow_seconds: float, seed: int, submissions: int
) -> tuple[Stats, dict]:
    rng = random.Random(seed)
    pages = Stats()
    summary: dict[str, object] = {}

    # Warm every worker up and leave share tokens for the result page.
    warm = Stats()
    warm_tokens, _ = await flows(base, warm, clients, 0.01, seed)
    summary["warm-up flows"] = len(warm_tokens)
    tokens = warm_tokens or ["missing"]

    def plain(label: str, path: str) -> Callable[[int, Client], Awaitable[object]]:
        return lambda index, client: client.request(label, "GET", path, use_cookies=False)

    elapsed: dict[str, float] = {}
    crowd = [Client(base, pages) for _ in range(clients)]
    elapsed["healthz"] = await hammer(crowd, seconds, plain("healthz", "/healthz"))
    elapsed["landing"] = await hammer(crowd, seconds, plain("landing", "/"))
    elapsed["result"] = await hammer(
        crowd,
        seconds,
        lambda index, client: client.request("result", "GET", f"/r/{rng.choice(tokens)}/", use_cookies=False),
    )
    elapsed["api"] = await hammer(
        crowd,
        seconds,
        lambda index, client: client.request(
            "api", "POST", "/api/recommend", json_body=api_body(rng), use_cookies=False
        ),
    )
    standing = await first_step_clients(base, pages, clients)

    def post_first_step(index: int, client: Client) -> Awaitable[object]:
        visitor, path, token = standing[index]
        form = {"csrfmiddlewaretoken": token, "go": "next", **random_answers(rng)}
        return visitor.request("step POST", "POST", path, form=form, expect=(302, 303))

    elapsed["step POST"] = await hammer(crowd, seconds, post_first_step)
    waiting = await waiting_submissions(base, pages, submissions, clients, rng)
    submitted, elapsed["submit"] = await submit_all(waiting, clients)
    summary["elapsed"] = elapsed

    flow_stats = Stats()
    answered, flow_elapsed = await flows(base, flow_stats, clients, flow_seconds, seed + 1)
    summary["flow"] = {"stats": flow_stats, "answered": answered, "elapsed": flow_elapsed}
    summary["all answered"] = warm_tokens + submitted + answered
    return pages, summary


def report(pages: Stats, summary: dict, clients: int, seconds: float, server: Server) -> int:
    elapsed: dict[str, float] = summary["elapsed"]
    baseline = pages.count("healthz") / elapsed["healthz"]
    rows = []
    for label in PAGES:
        rate = pages.count(label) / elapsed[label]
        target = TARGETS.get(label)
        ratio = rate / baseline if baseline else float("nan")
        verdict = "" if target is None else ("ok" if ratio >= target else "BELOW") + f" (≥{target:.0%})"
        if label in RATE_TARGETS:
            verdict = ("ok" if rate >= RATE_TARGETS[label] else "BELOW") + f" (≥{RATE_TARGETS[label]:,.0f}/s)"
        rows.append(
            [
                label,
                pages.count(label),
                rate,
                f"{ratio:.0%}",
                verdict,
                pages.percentile(label, 0.5) * 1000,
                pages.percentile(label, 0.99) * 1000,
                pages.errors[label],
            ]
        )
    print_table(
        f"One page at a time: {clients} clients, {seconds:g} s each, {server.workers} gunicorn workers, "
        f"{'PostgreSQL' if server.database_url else 'SQLite'}",
        ["page", "requests", "req/s", "of /healthz", "target", "p50 ms", "p99 ms", "errors"],
        rows,
    )

    flow = summary["flow"]
    stats: Stats = flow["stats"]
    completed = len(flow["answered"])
    flow_rows = []
    for label in ("landing", "start", "step GET", "step POST", "review", "submit", "result", "share"):
        flow_rows.append(
            [
                label,
                stats.count(label),
                stats.count(label) / flow["elapsed"],
                stats.percentile(label, 0.5) * 1000,
                stats.percentile(label, 0.99) * 1000,
                stats.errors[label],
            ]
        )
    requests_per_flow = sum(stats.count(label) for label in stats.latencies) / completed if completed else 0
    print_table(
        f"Whole questionnaire: {clients} visitors for {flow['elapsed']:.1f} s — {completed} flows completed, "
        f"{completed / flow['elapsed']:.1f} flows/s ({requests_per_flow:.0f} requests each)",
        ["page", "requests", "req/s", "p50 ms", "p99 ms", "errors"],
        flow_rows,
    )

    losses = loss_report(summary["all answered"], stored_tokens(server))
    print_table(
        "Stored vs answered (warm-up and flows; the database was empty)",
        ["check", "count"],
        [[name, value] for name, value in losses.items()],
    )
    errors = sum(pages.errors.values()) + sum(stats.errors.values())
    exact = (
        losses["lost (answered, not stored)"] == 0
        and losses["duplicate rows stored"] == 0
        and losses["duplicated tokens answered"] == 0
        and losses["stored"] == losses["answered as saved"]
    )
    print(
        f"\nerrors: {errors}; responses stored = flows completed, none duplicated: {'yes' if exact else 'NO'}"
    )
    return 0 if errors == 0 and exact else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5.0, help="per page")
    parser.add_argument("--flow-seconds", type=float, default=10.0)
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() * 2 + 1))
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--port", type=int, default=None, help="loopback port (default: a free one in 8200-8229)"
    )
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for make serve (repeatable)")
    parser.add_argument(
        "--submissions", type=int, default=5000, help="complete questionnaires submitted in the submit stage"
    )
    args = parser.parse_args()

    server = Server(
        port=args.port or free_port(),
        workers=args.workers,
        database_url=os.environ.get("DATABASE_URL", ""),
        extra_env=dict(item.split("=", 1) for item in args.env),
    )
    print(f"make serve on {server.base} ({args.workers} workers) …", flush=True)
    with server:
        pages, summary = run(
            measure(server.base, args.clients, args.seconds, args.flow_seconds, args.seed, args.submissions)
        )
        return report(pages, summary, args.clients, args.seconds, server)


if __name__ == "__main__":
    sys.exit(main())
