"""CPU per request: what each page costs the server (gunicorn's workers, from /proc) and this client.

    .venv/bin/python -m bench.cpu --port 8300            # 2 rounds of 2-s windows, 32 clients, 5 workers
    .venv/bin/python -m bench.cpu --env GUNICORN_WORKER_CLASS=sync --rounds 3

bench/load's ratios are throughputs on a machine shared with whatever else runs, so a busy neighbour during
one 5-s window moves them by tens of percent. CPU time spent per answered request hardly depends on what
else runs, so it tells whether a change made a page cheaper; on a quiet machine throughput follows it:
a page's share of /healthz is about (server + client CPU for /healthz) / (the same for the page).

Windows, each with 32 clients back to back (bench/load's pages): first the result page while no worker has
rendered any of the 32 results yet (every worker renders each once: the "cold" window), then per round
/healthz, the result page (now kept by every worker) and a step POST.
"""

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.common import Client, Server, Stats, free_port, random_answers, run
from bench.load import first_step_clients, flows, hammer

TICKS = os.sysconf("SC_CLK_TCK")
Request = Callable[[int, Client], Awaitable[object]]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


async def measure(server: Server, clients: int, seconds: float, rounds: int) -> None:
    base = server.base
    tokens, _ = await flows(base, Stats(), clients, 0.01, 1)
    rng = random.Random(1)
    pids = server.worker_pids()
    step_stats = Stats()
    standing = await first_step_clients(base, step_stats, clients)

    async def window(label: str, one_request: Request) -> None:
        stats = Stats()
        crowd = [Client(base, stats) for _ in range(clients)]
        before_steps = step_stats.count(label)
        server_before, client_before = cpu_seconds(pids), time.process_time()
        await hammer(crowd, seconds, one_request)
        answered = stats.count(label) + step_stats.count(label) - before_steps
        errors = stats.errors[label] + step_stats.errors[label]
        if not answered:
            print(f"  {label:<14} nothing answered ({errors} errors)")
            return
        server_us = (cpu_seconds(pids) - server_before) / answered * 1e6
        client_us = (time.process_time() - client_before) / answered * 1e6
        print(f"  {label:<14} {answered:>8} {server_us:>9,.0f} {client_us:>9,.0f} {errors:>6}", flush=True)

    def result(index: int, client: Client) -> Awaitable[object]:
        return client.request("result", "GET", f"/r/{rng.choice(tokens)}/", use_cookies=False)

    def healthz(index: int, client: Client) -> Awaitable[object]:
        return client.request("healthz", "GET", "/healthz", use_cookies=False)

    def step_post(index: int, client: Client) -> Awaitable[object]:
        visitor, path, token = standing[index]
        form = {"csrfmiddlewaretoken": token, "go": "next", **random_answers(rng)}
        return visitor.request("step POST", "POST", path, form=form, expect=(302, 303))

    # Past the life a result page used to have (10 s): the warm-up's pages are no longer kept anywhere.
    await asyncio.sleep(11)
    print(
        f"\nCPU per answered request, µs ({clients} clients, {seconds:g}-s windows, {server.workers} workers)"
    )
    print(f"  {'page':<14} {'requests':>8} {'server':>9} {'client':>9} {'errors':>6}")
    await window("result", result)
    print("  (the result page above: cold, every worker renders each result once)")
    for _ in range(rounds):
        for label, one_request in (("healthz", healthz), ("result", result), ("step POST", step_post)):
            await window(label, one_request)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=2.0, help="per window")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument(
        "--port", type=int, default=None, help="loopback port (default: a free one in 8200-8229)"
    )
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for make serve (repeatable)")
    args = parser.parse_args()
    server = Server(
        port=args.port or free_port(),
        workers=args.workers,
        extra_env=dict(item.split("=", 1) for item in args.env),
    )
    print(f"make serve on {server.base} ({args.workers} workers) …", flush=True)
    with server:
        run(measure(server, args.clients, args.seconds, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
