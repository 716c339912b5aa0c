"""Faults under load: what breaks, what the visitors see, and what was lost.

    .venv/bin/python -m bench.faults                  # all three scenarios
    .venv/bin/python -m bench.faults worker-kill sqlite-lock
    .venv/bin/python -m bench.faults postgres-outage  # needs Debian's PostgreSQL (/usr/lib/postgresql/*/bin)

Each scenario starts `make serve` (production settings, RATE_LIMITS=off) on a free loopback port in
8200-8229, runs whole questionnaires from N concurrent visitors, injects one fault in the middle, and
then compares the database with the answers: a response the server answered as saved (303 to its result
page) must be stored. Lost must be 0. Errors during the fault are expected and counted by kind; a
traceback never is.

- worker-kill: SIGKILL one gunicorn worker (by its pid) mid-run; the master replaces it.
- sqlite-lock: write contention — 64 visitors on 8 workers, and another process holding SQLite's write
  lock for 3 s mid-run (writers wait on the busy timeout instead of failing).
- postgres-outage: a throw-away PostgreSQL cluster is stopped mid-run for 4 s, then started again:
  visitors get our 503 page (not a traceback) and the site recovers by itself.
"""

import argparse
import asyncio
import contextlib
import glob
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import (
    Client,
    Server,
    Stats,
    free_port,
    loss_report,
    print_table,
    run,
    run_flow,
    stored_tokens,
)

PG_PORT = 8249  # the last port of the benchmark range


async def load_with_fault(
    server: Server, clients: int, seconds: float, fault_at: float, fault: Callable[[], str], seed: int = 5
) -> tuple[Stats, list[str], float, str, list[float]]:
    """Flows for `seconds`; `fault` runs in a thread at `fault_at`. Also probes /readyz every 0.25 s."""
    stats = Stats()
    answered: list[str] = []
    ready_failures: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds

    async def visitor(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        while time.perf_counter() < deadline:
            token = await run_flow(server.base, stats, rng)
            if token is not None:
                answered.append(token)
            else:
                await asyncio.sleep(0.05)  # a failed flow: pause briefly, like a person would, then retry

    async def probe() -> None:
        prober = Client(server.base, Stats())
        while time.perf_counter() < deadline:
            reply = await prober.request("readyz", "GET", "/readyz", use_cookies=False)
            if reply is None or reply.status != 200:
                ready_failures.append(time.perf_counter() - started)
            await asyncio.sleep(0.25)

    async def inject() -> str:
        await asyncio.sleep(fault_at)
        return await asyncio.to_thread(fault)

    results = await asyncio.gather(inject(), probe(), *(visitor(index) for index in range(clients)))
    return stats, answered, time.perf_counter() - started, results[0], ready_failures


def summarize(
    name: str, server: Server, stats: Stats, answered: list[str], elapsed: float, note: str
) -> dict:
    losses = loss_report(answered, stored_tokens(server))
    requests = sum(len(values) for values in stats.latencies.values())
    failures = ", ".join(f"{kind}: {count}" for kind, count in sorted(stats.failures.items())) or "none"
    submit_p99 = stats.percentile("submit", 0.99) * 1000
    print(f"\n[{name}] {note}")
    print(
        f"  {len(answered)} flows completed in {elapsed:.1f} s, {requests} requests; "
        f"failed requests: {failures}; submit p99 {submit_p99:,.0f} ms"
    )
    return {
        "scenario": name,
        "flows": len(answered),
        "requests": requests,
        "failed": sum(stats.failures.values()),
        "tracebacks": sum(count for kind, count in stats.failures.items() if "traceback" in kind),
        "lost": losses["lost (answered, not stored)"],
        "dup rows": losses["duplicate rows stored"],
        "stored, unanswered": losses["stored, never answered"],
    }


# Scenarios ---------------------------------------------------------------------------------------------


def worker_kill(clients: int, seconds: float) -> dict:
    with Server(port=free_port(), workers=4) as server:

        def kill_one() -> str:
            before = server.worker_pids()
            victim, busy = busy_worker(before)
            os.kill(victim, signal.SIGKILL)
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                now = server.worker_pids()
                if victim not in now and len(now) == len(before):
                    return (
                        f"killed worker {victim} (SIGKILL, {'while running' if busy else 'while waiting'}); "
                        f"the master started {sorted(set(now) - set(before))}"
                    )
                time.sleep(0.05)
            return f"killed worker {victim}; NOT replaced within 15 s"

        stats, answered, elapsed, note, _ = run(
            load_with_fault(server, clients, seconds, seconds / 3, kill_one)
        )
        return summarize("worker-kill", server, stats, answered, elapsed, note)


def busy_worker(pids: list[int], patience: float = 2.0) -> tuple[int, bool]:
    """A worker caught running (state R: mid-request, most likely), else the first one."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state == "R":
                return pid, True
        time.sleep(0.001)
    return pids[0], False


def sqlite_lock(clients: int, seconds: float) -> dict:
    with Server(port=free_port(), workers=8) as server:

        def hold_write_lock() -> str:
            connection = sqlite3.connect(server.sqlite_path, timeout=30, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")
                time.sleep(3)
                connection.execute("ROLLBACK")
            finally:
                connection.close()
            return f"{clients * 2} visitors on 8 workers; another process held SQLite's write lock for 3 s"

        stats, answered, elapsed, note, _ = run(
            load_with_fault(server, clients * 2, seconds, seconds / 3, hold_write_lock)
        )
        return summarize("sqlite-lock", server, stats, answered, elapsed, note)


class PostgresCluster:
    """A throw-away cluster on 127.0.0.1:PG_PORT in a temporary directory (as `.ci/run` does)."""

    def __init__(self, port: int = PG_PORT, options: str = "") -> None:
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))
        if not versions:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = Path(versions[-1])
        self.dir = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
        self.port = port
        self.options = options  # more server settings, e.g. "-c shared_preload_libraries=pg_stat_statements"
        self.url = f"postgres://postgres@127.0.0.1:{port}/advisor"

    def run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def create(self) -> None:
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "advisor")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 {self.options}".strip()
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-o", options, "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def postgres_outage(clients: int, seconds: float) -> dict:
    cluster = PostgresCluster()
    cluster.create()
    try:
        with Server(port=free_port(), workers=4, database_url=cluster.url) as server:

            def outage() -> str:
                cluster.stop()
                stopped = time.perf_counter()
                time.sleep(4)
                cluster.start()
                restarted = time.perf_counter()
                # Recovery: the first whole flow that completes after the database came back.
                recovered = run(first_success(server.base))
                return (
                    f"PostgreSQL stopped for {restarted - stopped:.1f} s; the first flow after the restart "
                    f"completed {recovered:.2f} s after it"
                )

            stats, answered, elapsed, note, ready_failures = run(
                load_with_fault(server, clients, seconds, seconds / 4, outage)
            )
            note += f"; /readyz answered 503 in {len(ready_failures)} probes"
            return summarize("postgres-outage", server, stats, answered, elapsed, note)
    finally:
        cluster.destroy()


async def first_success(base: str) -> float:
    started = time.perf_counter()
    rng = random.Random(99)
    while time.perf_counter() - started < 60:
        if await run_flow(base, Stats(), rng) is not None:
            return time.perf_counter() - started
        await asyncio.sleep(0.05)
    return float("nan")


SCENARIOS = {"worker-kill": worker_kill, "sqlite-lock": sqlite_lock, "postgres-outage": postgres_outage}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=12.0)
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario {', '.join(sorted(unknown))}")

    rows = [SCENARIOS[name](args.clients, args.seconds) for name in args.scenarios or SCENARIOS]
    print_table(
        "Faults: what was lost (must be 0) and what visitors saw",
        list(rows[0]),
        [list(row.values()) for row in rows],
    )
    bad = sum(row["lost"] + row["dup rows"] + row["tracebacks"] for row in rows)
    print(
        f"\nlost: {sum(row['lost'] for row in rows)}; tracebacks shown: {sum(row['tracebacks'] for row in rows)}"
    )
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
