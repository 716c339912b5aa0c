"""Several app servers behind HAProxy, sharing PostgreSQL and Redis, killed and restarted under load.

    .venv/bin/python -m bench.cluster                      # 2 app servers, 32 clients, ~2-3 minutes
    .venv/bin/python -m bench.cluster --servers 3 --seconds 20
    .venv/bin/python -m bench.cluster --smoke              # the ~1 minute run .ci/run makes

Everything runs on loopback and is stopped at the end, whatever happens (an error, Ctrl-C, SIGTERM or the
time limit): a throw-away PostgreSQL cluster (as `.ci/run` makes it) on 55446, Debian's `redis-server` on
56379, N app servers on 8400… (each the production command, `make serve`: gunicorn with
config/gunicorn.py, all sharing one DJANGO_SECRET_KEY), HAProxy on 8440 in front (health-checking
/readyz; its statistics page on 8441), and, when the project has background tasks, `manage.py db_worker`.

Then, with whole questionnaires flowing through HAProxy:
1. throughput with 1 server (the others in maintenance in HAProxy) and with all N;
2. under continuous load, one after the other: SIGKILL to one app server's gunicorn master and a restart;
   a Redis restart; an admin activating a new weight set through one server, and how long until every
   server answers with the new version (each probed on its own port); the task worker killed with email
   tasks queued, and restarted;
3. a burst through all servers against the API's rate limit (counted in Redis);
4. the exact checks: every submission answered as saved is stored once; the burst got exactly the
   configured number of successes; every queued email task was done exactly once.

The exit status is 0 only when every exact check holds.
"""

import argparse
import asyncio
import contextlib
import csv
import importlib.util
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from bench.common import (
    ROOT,
    Client,
    Reply,
    Server,
    Stats,
    failure_kind,
    location_path,
    loss_report,
    print_table,
    run,
    run_flow,
)
from bench.faults import PostgresCluster
from bench.load import api_body

APP_PORTS = range(8400, 8430)
HAPROXY_PORT = 8440
HAPROXY_STATS_PORT = 8441
SMTP_PORT = 8442
PG_PORT = 55446
CLAIM_TIMEOUT = 8
REDIS_PORT = 56379
# README, "More than one machine": an activation reaches every server within WEIGHTS_REFRESH_SECONDS (1 s).
DOCUMENTED_BOUND = 1.0
# The API's limit during the run, per client address and hour: the burst must get exactly this many 200s.
# An hour, so the burst (a second or two) almost never straddles two counting windows.
API_LIMIT = 100
# Submissions are limited too, but far above what the load sends from its one address (127.0.0.1).
SUBMIT_LIMIT = "1000000/h"
PAGE_ORDER = ("landing", "start", "step GET", "step POST", "review", "submit", "result", "share")

# The clients' retry rule. A request in flight on a server that is killed may get no answer (a reset
# connection) or HAProxy's 502/503/504; the visitor tries the same request again, at most twice, after
# 0.2 s. That is safe for every request in the flow: GETs change nothing, a step POST records the same
# answers again, and a repeated submit finds the row the first one stored (its submission key).
RETRY_STATUSES = (502, 503, 504)
RETRIES = 2
RETRY_PAUSE = 0.2
RETRY_RULE = (
    f"no answer or HTTP {'/'.join(map(str, RETRY_STATUSES))} → the same request again after "
    f"{RETRY_PAUSE:g} s, at most {RETRIES} times"
)


# Clients -----------------------------------------------------------------------------------------------


@dataclass
class ClusterStats(Stats):
    retried: int = 0  # attempts that failed and were tried again
    recovered: int = 0  # requests that failed at first and then worked
    gave_up: int = 0  # requests that still failed after every retry
    # (when, page, HTTP status or 0 for no answer, kind) of every failed attempt, to tell which fault caused it
    failed: list[tuple[float, str, int, str]] = field(default_factory=list)


class RetryingClient(Client):
    """A visitor who follows RETRY_RULE."""

    async def send(
        self, label: str, raw: bytes, *, expect: tuple[int, ...] = (200,), use_cookies: bool = True
    ) -> Reply | None:
        stats = self.stats
        assert isinstance(stats, ClusterStats)
        reply = None
        for attempt in range(RETRIES + 1):
            reply = await super().send(label, raw, expect=expect, use_cookies=use_cookies)
            if reply is None or reply.status >= 500:
                kind = cluster_failure_kind(reply)
                stats.failed.append((time.perf_counter(), label, reply.status if reply else 0, kind))
            if reply is not None and reply.status not in RETRY_STATUSES:
                if attempt:
                    stats.recovered += 1
                return reply
            if attempt < RETRIES:
                stats.retried += 1
                await asyncio.sleep(RETRY_PAUSE)
        stats.gave_up += 1
        return reply


async def visitors(base: str, stats: ClusterStats, clients: int, until: "Until", seed: int) -> list[str]:
    """Whole questionnaires, back to back, until told to stop; each visitor finishes the flow it is in.
    Returns the share tokens answered as saved."""
    answered: list[str] = []

    async def visitor(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        while not until.done():
            token = await run_flow(base, stats, rng, client_class=RetryingClient)
            if token is None:
                await asyncio.sleep(0.05)  # a failed flow: a short pause, then a new one
            else:
                answered.append(token)

    await asyncio.gather(*(visitor(index) for index in range(clients)))
    return answered


def cluster_failure_kind(reply: Reply | None) -> str:
    if reply is None:
        return "no answer (reset or refused)"
    if reply.status == 503 and b"No server is available" in reply.body:
        return "HAProxy 503 (no server could take it)"
    if reply.status == 502 and b"Bad Gateway" in reply.body:
        return "HAProxy 502 (the server closed the connection unanswered)"
    return failure_kind(reply)


class Until:
    """Stop after a number of seconds, or when told."""

    def __init__(self, seconds: float = float("inf")) -> None:
        self.deadline = time.perf_counter() + seconds
        self.stopped = False

    def done(self) -> bool:
        return self.stopped or time.perf_counter() >= self.deadline


def raw_request(method: str, port: int, path: str, body: bytes = b"", headers: dict[str, str] | None = None):
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# The parts ---------------------------------------------------------------------------------------------


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # As the servers themselves bind: connections of an earlier run in TIME_WAIT do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_for_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process {process.args[0]} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def group_members(group: int) -> list[int]:
    """Live processes of a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(stat[2]) == group and stat[0] not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def stop_group(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """SIGTERM to the process group; SIGKILL to whatever of it is left after `timeout` seconds. The group,
    not just its leader: the leader may be gone already while others live on (orphaned gunicorn workers)."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()
        if not group_members(process.pid):
            break
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class Redis:
    """Debian's redis-server, nothing kept on disk (a restart starts empty)."""

    def __init__(self, home: Path, port: int = REDIS_PORT) -> None:
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.home = home
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.home), "--logfile", str(self.home / "redis.log")]
        self.process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        stop_group(self.process, timeout=10)
        self.process = None


class HAProxy:
    """Debian's haproxy in front of the app servers: round robin among those whose /readyz answers 200
    (probed every 0.5 s; down after 2 failures, up after 2 successes, and down at once on a refused
    connection), at most as many requests at once per server as it has workers (the rest wait in HAProxy's
    queue), a refused connection retried on another server, X-Forwarded-For added."""

    def __init__(self, home: Path, servers: list[Server], port: int = HAPROXY_PORT) -> None:
        self.binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.home = home
        self.servers = servers
        self.port = port
        self.socket_path = home / "haproxy.sock"
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        lines = [
            "global",
            "    maxconn 4096",
            f"    stats socket {self.socket_path} mode 600 level admin",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 30s",
            "    timeout server 30s",
            "    timeout queue 20s",
            # A connection refused by a dead server is tried again on another one.
            "    retries 3",
            "    option redispatch 1",
            "    option forwardfor",
            "frontend web",
            f"    bind 127.0.0.1:{self.port}",
            "    default_backend app",
            "backend app",
            "    balance roundrobin",
            "    option httpchk",
            "    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1",
            "    http-check expect status 200",
            # A refused connection marks a server down at once, rather than after two failed probes.
            "    default-server inter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down",
        ]
        lines += [
            f"    server {name(index)} 127.0.0.1:{server.port} check maxconn {server.workers}"
            for index, server in enumerate(self.servers)
        ]
        lines += [
            "listen stats",
            f"    bind 127.0.0.1:{HAPROXY_STATS_PORT}",
            "    stats enable",
            "    stats uri /",
        ]
        return "\n".join(lines) + "\n"

    def start(self) -> None:
        path = self.home / "haproxy.cfg"
        path.write_text(self.config())
        log = (self.home / "haproxy.log").open("w")
        self.process = subprocess.Popen(
            [self.binary, "-db", "-f", str(path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, 10, self.process)
        self.wait_until_up(range(len(self.servers)), timeout=15)

    def stop(self) -> None:
        stop_group(self.process, timeout=10)
        self.process = None

    def command(self, text: str) -> str:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.connect(str(self.socket_path))
            connection.sendall(text.encode() + b"\n")
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def stats(self) -> dict[str, dict[str, str]]:
        """`show stat` for the app servers, by server name."""
        text = self.command("show stat").lstrip("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {row["svname"]: row for row in rows if row["pxname"] == "app" and row["svname"] != "BACKEND"}

    def set_enabled(self, index: int, enabled: bool) -> None:
        self.command(f"{'enable' if enabled else 'disable'} server app/{name(index)}")

    def wait_until_up(self, indexes: range | list[int], timeout: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            stats = self.stats()
            if all(stats[name(index)]["status"].startswith("UP") for index in indexes):
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError(f"HAProxy does not see servers {list(indexes)} up after {timeout:.0f} s")


def answered(reply: Reply | None, status: int, what: str) -> Reply:
    if reply is None or reply.status != status:
        raise RuntimeError(f"{what}: expected {status}, got {reply.status if reply else 'no answer'}")
    return reply


def name(index: int) -> str:
    return f"app{index + 1}"


@dataclass
class Cluster:
    servers_count: int
    workers: int
    home: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="advisor-cluster-")))
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    postgres: PostgresCluster | None = None
    redis: Redis | None = None
    servers: list[Server] = field(default_factory=list)
    haproxy: HAProxy | None = None
    worker: subprocess.Popen | None = None
    sink: "SmtpSink | None" = None
    groups: set[int] = field(default_factory=set)  # every process group started, for the final sweep
    _stopped: threading.Lock = field(default_factory=threading.Lock)

    def env(self) -> dict[str, str]:
        assert self.postgres is not None
        assert self.redis is not None
        return {
            "DJANGO_SECRET_KEY": self.secret_key,
            "REDIS_URL": self.redis.url,
            "RATE_LIMITS": "on",
            "RATE_LIMIT_API": f"{API_LIMIT}/h",
            "RATE_LIMIT_SUBMIT": SUBMIT_LIMIT,
            # HAProxy appends the client's address to X-Forwarded-For.
            "RATE_LIMIT_PROXY_COUNT": "1",
            "DJANGO_LOG_LEVEL": "ERROR",
            "GUNICORN_LOG_LEVEL": "warning",
            "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            "RATE_LIMIT_EMAIL": SUBMIT_LIMIT,
            # A killed worker's claim expires this soon, so the restarted worker sends its email within the
            # wait of kill_task_worker (the default, 2 minutes, is for real mail servers).
            "RESULT_EMAIL_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        }

    def start(self) -> None:
        missing = [tool for tool in ("redis-server", "haproxy") if shutil.which(tool) is None]
        if missing and not Path("/usr/sbin/haproxy").exists():
            raise RuntimeError(f"missing {', '.join(missing)}: apt-get install redis-server haproxy")
        ports = [APP_PORTS[index] for index in range(self.servers_count)]
        busy = [
            port
            for port in [*ports, HAPROXY_PORT, HAPROXY_STATS_PORT, PG_PORT, REDIS_PORT]
            if not port_is_free(port)
        ]
        if busy:
            raise RuntimeError(f"ports in use: {busy}")
        if tasks_available():
            # Before the app servers: a worker that `make serve` starts may send mail at once.
            self.sink = SmtpSink()
            self.sink.start()
        # pg_stat_statements counts the statements the app servers send (the database work per flow).
        # PostgreSQL's default max_connections (100): with psycopg's pool each process holds at most
        # DB_POOL_SIZE (4), so 2 servers × 5 workers and their task workers need at most 48 (the peak is
        # printed; it was 63-86 before the pool, when this bench raised the limit to 300).
        self.postgres = PostgresCluster(
            port=PG_PORT,
            options="-c shared_preload_libraries=pg_stat_statements",
        )
        self.postgres.create()
        with self.database() as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        self.redis = Redis(self.home, REDIS_PORT)
        self.redis.start()
        for port in ports:
            # One after the other: the first one migrates the empty database, the others find it done.
            server = Server(
                port=port, workers=self.workers, database_url=self.postgres.url, extra_env=self.env()
            )
            self.servers.append(server)
            self.start_server(server)
        self.manage(
            "createsuperuser",
            "--noinput",
            extra={
                "DJANGO_SUPERUSER_USERNAME": "cluster-admin",
                "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
                "DJANGO_SUPERUSER_PASSWORD": self.admin_password,
            },
        )
        self.haproxy = HAProxy(self.home, self.servers)
        self.haproxy.start()

    def start_server(self, server: Server) -> None:
        try:
            server.start()
        finally:
            if server.process is not None:
                self.groups.add(server.process.pid)

    def manage(self, *args: str, extra: dict[str, str] | None = None) -> str:
        """manage.py with the app servers' settings."""
        env = {**self.servers[0].env(), **(extra or {})}
        result = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def stop(self) -> None:
        """Everything, in reverse order; safe to call twice (the watchdog and the normal end)."""
        if not self._stopped.acquire(blocking=False):
            return
        for stop in (
            lambda: self.haproxy and self.haproxy.stop(),
            lambda: stop_group(self.worker),
            lambda: self.sink and self.sink.stop(),
            # The whole group, even when make itself has already ended (a killed or orphaned server).
            *[lambda server=server: stop_group(server.process) for server in self.servers],
            lambda: self.redis and self.redis.stop(),
            lambda: self.postgres and self.postgres.destroy(),
        ):
            try:
                stop()
            except Exception as error:  # keep stopping the rest
                print(f"while stopping: {error!r}", file=sys.stderr)
        for group in self.groups:  # anything still alive in a group started here
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        for server in self.servers:
            shutil.rmtree(server.home, ignore_errors=True)
        shutil.rmtree(self.home, ignore_errors=True)

    def start_worker(self) -> subprocess.Popen:
        """`manage.py db_worker` with the app servers' settings, in its own process group."""
        log = (self.home / "worker.log").open("a")
        # As `make serve` does: first queue again the emails whose task died with a killed worker.
        log.write(self.manage("requeue_result_emails"))
        log.flush()
        self.worker = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/python"),
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=self.servers[0].env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.groups.add(self.worker.pid)
        return self.worker

    def task_workers(self) -> list[int]:
        """Every db_worker process of this cluster: the one started here and any that `make serve` runs."""
        groups = {server.process.pid for server in self.servers if server.process is not None}
        if self.worker is not None:
            groups.add(self.worker.pid)
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except (OSError, IndexError):
                continue
            # `python manage.py db_worker …`, not the shell of `make serve` whose script names it.
            is_worker = b"db_worker" in command.split(b"\0")[:3]
            if int(stat[2]) in groups and is_worker and stat[0] not in ("Z", "X"):
                found.append(int(entry.name))
        return found

    def database(self) -> psycopg.Connection:
        assert self.postgres is not None
        return psycopg.connect(self.postgres.url, autocommit=True)


# Throughput --------------------------------------------------------------------------------------------


def what_failed(stats: Stats) -> str:
    """Unexpected answers by status (0: no answer), over every page."""
    counts: dict[int, int] = {}
    for label, by_status in stats.statuses.items():
        if stats.errors[label]:
            for status, count in by_status.items():
                if status == 0 or status >= 400:
                    counts[status] = counts.get(status, 0) + count
    return ", ".join(f"{status or 'no answer'}: {count}" for status, count in sorted(counts.items())) or "-"


class ConnectionWatcher(threading.Thread):
    """The most connections PostgreSQL held at once (sampled 4 times a second)."""

    def __init__(self, cluster: Cluster) -> None:
        super().__init__(daemon=True)
        self.cluster = cluster
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        with self.cluster.database() as connection:
            while not self.done.wait(0.25):
                [(count,)] = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                ).fetchall()
                self.peak = max(self.peak, int(count))

    def stop(self) -> None:
        self.done.set()
        self.join()


def reset_database_counters(cluster: Cluster) -> None:
    with cluster.database() as connection:
        connection.execute("SELECT pg_stat_statements_reset()")
        connection.execute("SELECT pg_stat_reset_shared('wal')")


def database_work(cluster: Cluster) -> tuple[dict[str, float], list[tuple[str, int]]]:
    """Statements by kind, WAL bytes, and the busiest statements, since the last reset (the bench's own
    queries left out)."""
    with cluster.database() as connection:
        rows = connection.execute(
            "SELECT query, calls FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%' ORDER BY calls DESC"
        ).fetchall()
        row = connection.execute("SELECT wal_bytes FROM pg_stat_wal").fetchone()
    work: dict[str, float] = {}
    for query, calls in rows:
        kind = query.split(None, 1)[0].upper() if query.strip() else "?"
        work[kind] = work.get(kind, 0.0) + calls
    work["WAL bytes"] = float(row[0]) if row else 0.0
    busiest = [(" ".join(query.split())[:90], int(calls)) for query, calls in rows[:6]]
    return work, busiest


def throughput(
    cluster: Cluster, clients: int, seconds: float
) -> tuple[list[list[object]], ClusterStats, list[str], dict[str, float], list[tuple[str, float]]]:
    """Whole questionnaires through HAProxy with 1 server, then with all N."""
    assert cluster.haproxy is not None
    rows: list[list[object]] = []
    answered: list[str] = []
    stats = ClusterStats()
    connections: dict[int, int] = {}
    for active in sorted({1, len(cluster.servers)}):
        for index in range(len(cluster.servers)):
            cluster.haproxy.set_enabled(index, index < active)
        cluster.haproxy.wait_until_up(range(active), timeout=15)
        stats = ClusterStats()
        reset_database_counters(cluster)
        watcher = ConnectionWatcher(cluster)
        watcher.start()
        started = time.perf_counter()
        try:
            tokens = run(visitors(cluster.haproxy.base, stats, clients, Until(seconds), seed=active))
        finally:
            watcher.stop()
        elapsed = time.perf_counter() - started
        connections[active] = watcher.peak
        work, busiest = database_work(cluster)
        answered += tokens
        requests = sum(stats.count(label) for label in stats.latencies)
        rows.append(
            [
                active,
                active * cluster.workers,
                len(tokens),
                len(tokens) / elapsed,
                requests / elapsed,
                stats.percentile("submit", 0.5) * 1000,
                stats.percentile("submit", 0.99) * 1000,
                sum(stats.errors.values()),
                what_failed(stats),
            ]
        )
    per_flow = {kind: value / max(len(tokens), 1) for kind, value in work.items()}
    per_flow["flows/s"] = len(tokens) / elapsed
    per_flow["connections"] = float(max(connections.values()))
    return rows, stats, answered, per_flow, [(query, calls / elapsed) for query, calls in busiest]


# Faults ------------------------------------------------------------------------------------------------


def kill_and_restart(cluster: Cluster, index: int) -> str:
    """SIGKILL to one server's gunicorn master; then what a supervisor (systemd, a container runtime) does:
    the orphaned workers get 2 s to finish the requests they hold, then SIGTERM, then SIGKILL 2 s later,
    and `make serve` starts again on the same port."""
    assert cluster.haproxy is not None
    server = cluster.servers[index]
    master = server.master_pid()
    workers = server.worker_pids()
    started = time.monotonic()
    os.kill(master, signal.SIGKILL)
    assert server.process is not None
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=10)
    while any(alive(pid) for pid in workers) and time.monotonic() - started < 2:
        time.sleep(0.02)
    lingering = [pid for pid in workers if alive(pid)]
    for pid in lingering:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    while any(alive(pid) for pid in lingering) and time.monotonic() - started < 4:
        time.sleep(0.02)
    for pid in lingering:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    gone = time.monotonic() - started
    down_seen = haproxy_saw_down(cluster.haproxy, index)
    cluster.start_server(server)
    listening = time.monotonic() - started
    cluster.haproxy.wait_until_up([index], timeout=20)
    back = time.monotonic() - started
    return (
        f"{name(index)}: SIGKILL to master {master}; its {len(workers)} workers gone after {gone:.1f} s "
        f"({len(lingering)} stopped by the supervisor); HAProxy marked it {down_seen}; `make serve` answering again "
        f"after {listening:.1f} s, back in HAProxy's rotation after {back:.1f} s"
    )


def haproxy_saw_down(haproxy: HAProxy, index: int, timeout: float = 5) -> str:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        status = haproxy.stats()[name(index)]["status"]
        if status.startswith("DOWN"):
            return f"DOWN ({time.monotonic() - started:.1f} s after its workers were gone)"
        time.sleep(0.05)
    return "not yet DOWN"


async def restart_redis(cluster: Cluster, down_for: float) -> tuple[str, bool]:
    """Redis stopped (nothing persisted, so it comes back empty) and started again. While it is away an
    admin logs in through HAProxy and opens the admin (sessions fall back to PostgreSQL) and the API answers
    (its rate limit lets requests through uncounted)."""
    assert cluster.redis is not None
    assert cluster.haproxy is not None
    started = time.monotonic()
    await asyncio.to_thread(cluster.redis.stop)
    statuses = []
    try:
        admin = await admin_login(cluster.haproxy.base, cluster.admin_password)
        page = await admin.request("admin", "GET", "/admin/")
        statuses.append(page.status if page is not None else 0)
    except RuntimeError as error:
        statuses.append(0)
        print(f"  admin during the Redis outage: {error}", flush=True)
    api = await Client(cluster.haproxy.base, Stats()).request(
        "api", "POST", "/api/recommend", json_body=api_body(random.Random(1)), use_cookies=False
    )
    statuses.append(api.status if api is not None else 0)
    await asyncio.sleep(max(0.0, down_for - (time.monotonic() - started)))
    away = time.monotonic() - started
    await asyncio.to_thread(cluster.redis.start)
    working = statuses == [200, 200]
    return (
        f"redis-server stopped (SIGTERM, nothing persisted) and started again after {away:.1f} s; meanwhile "
        f"an admin logged in and opened the admin ({statuses[0]}) and the API answered ({statuses[1]})"
    ), working


async def admin_login(base: str, password: str) -> Client:
    admin = Client(base, Stats())
    login = answered(
        await admin.request("login", "GET", "/admin/login/?next=/admin/"), 200, "admin login page"
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    if token is None:
        raise RuntimeError("admin login page: no CSRF token")
    reply = await admin.request(
        "login",
        "POST",
        "/admin/login/?next=/admin/",
        form={
            "csrfmiddlewaretoken": token.group(1),
            "username": "cluster-admin",
            "password": password,
            "next": "/admin/",
        },
        expect=(302,),
    )
    answered(reply, 302, "admin login")
    return admin


async def activate_new_weights(cluster: Cluster, via: int, probe_seconds: float) -> tuple[str, dict]:
    """An admin logs in on one server (its own port), duplicates the active weight set and activates the
    copy; then every server is asked for the version it scores with, on its own port, until the bound is
    well past."""
    server = cluster.servers[via]
    admin = await admin_login(server.base, cluster.admin_password)
    # The admin's session is shared: every other server knows it (sessions in Redis, then PostgreSQL).
    shared = []
    for other in cluster.servers:
        elsewhere = Client(other.base, Stats())
        elsewhere.cookies.update(admin.cookies)
        page = await elsewhere.request("admin", "GET", "/admin/")
        shared.append(page is not None and page.status == 200)

    with cluster.database() as connection:
        row = connection.execute(
            "SELECT id, version FROM advisor_weightset WHERE status = 'active'"
        ).fetchone()
    assert row is not None, "no active weight set"
    active_pk, old_version = row
    csrf = {"csrfmiddlewaretoken": admin.cookies["csrftoken"]}
    reply = await admin.request(
        "admin", "POST", f"/admin/advisor/weightset/{active_pk}/duplicate/", form=csrf, expect=(302,)
    )
    answered(reply, 302, "duplicate")
    draft_pk = int(re.findall(r"/(\d+)/change/", location_path(reply))[0])
    reply = await admin.request(
        "admin", "POST", f"/admin/advisor/weightset/{draft_pk}/activate/", form=csrf, expect=(302,)
    )
    activated = time.perf_counter()
    answered(reply, 302, "activate")
    with cluster.database() as connection:
        status, new_version = connection.execute(
            "SELECT status, version FROM advisor_weightset WHERE id = %s", [draft_pk]
        ).fetchone()
    assert status == "active", f"v{new_version} is {status} after the activation"

    # Probes: several at once per server, so every worker of every server is asked. Each probe carries its
    # own X-Forwarded-For (we stand where the proxy stands), so the API's rate limit never answers them.
    seen: dict[int, list[tuple[float, float, int | None]]] = {
        index: [] for index in range(len(cluster.servers))
    }
    counter = iter(range(1, 10**9))

    async def probe(index: int) -> None:
        port = cluster.servers[index].port
        client = Client(cluster.servers[index].base, Stats())
        rng = random.Random(index)
        while time.perf_counter() - activated < probe_seconds:
            number = next(counter)
            address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
            raw = raw_request(
                "POST",
                port,
                "/api/recommend",
                api_body(rng),
                {"Content-Type": "application/json", "X-Forwarded-For": address},
            )
            sent = time.perf_counter() - activated
            reply = await client.send("probe", raw, use_cookies=False)
            arrived = time.perf_counter() - activated
            version = None
            if reply is not None and reply.status == 200:
                version = json.loads(reply.body)["weights_version"]
            seen[index].append((sent, arrived, version))

    await asyncio.gather(
        *(probe(index) for index in range(len(cluster.servers)) for _ in range(cluster.workers * 2))
    )
    per_server = {}
    for index, answers in seen.items():
        stale = [sent for sent, _, version in answers if version != new_version]
        per_server[name(index)] = {
            "probes": len(answers),
            "old answers": len(stale),
            "last old answer (sent at)": max(stale) if stale else 0.0,
            "new from": min((sent for sent, _, version in answers if version == new_version), default=None),
        }
    everywhere = max(row["last old answer (sent at)"] for row in per_server.values())
    note = (
        f"v{old_version} → v{new_version} activated by an admin through {name(via)} ({server.base}); the "
        f"admin's session was recognised by {sum(shared)} of {len(shared)} servers; every server answered "
        f"v{new_version} from {everywhere:.2f} s after the activation (documented bound "
        f"{DOCUMENTED_BOUND:g} s: {'within' if everywhere <= DOCUMENTED_BOUND else 'EXCEEDED'})"
    )
    return note, {
        "per server": per_server,
        "propagation": everywhere,
        "sessions shared": all(shared),
        "within bound": everywhere <= DOCUMENTED_BOUND,
    }


def tasks_available() -> bool:
    return importlib.util.find_spec("django_tasks_db") is not None


async def fault_sequence(
    cluster: Cluster, pause: float, redis_down: float, probe_seconds: float, emails: int
) -> dict:
    """The faults, one after the other, each separated by `pause` seconds of plain load."""
    results: dict = {"steps": []}

    def step(label: str, note: str, started: float) -> None:
        results["steps"].append((label, started, time.perf_counter()))
        print(f"  [{label}] {note}", flush=True)

    await asyncio.sleep(pause)
    started = time.perf_counter()
    step(
        "app server killed",
        await asyncio.to_thread(kill_and_restart, cluster, len(cluster.servers) - 1),
        started,
    )
    await asyncio.sleep(pause)
    started = time.perf_counter()
    note, results["redis outage served"] = await restart_redis(cluster, redis_down)
    step("Redis restarted", note, started)
    await asyncio.sleep(pause)
    started = time.perf_counter()
    note, results["activation"] = await activate_new_weights(cluster, 0, probe_seconds)
    step("weights activated", note, started)
    await asyncio.sleep(pause)
    started = time.perf_counter()
    if tasks_available():
        note, results["tasks"] = await kill_task_worker(cluster, emails)
    else:
        note, results["tasks"] = "PENDING: the project has no background tasks yet (django-tasks-db)", None
    step("task worker killed", note, started)
    await asyncio.sleep(pause)
    return results


class SmtpSink:
    """A local SMTP server (aiosmtpd) on 127.0.0.1:SMTP_PORT that counts the messages each address gets."""

    def __init__(self) -> None:
        self.received: dict[str, int] = {}
        self.lock = threading.Lock()
        self.controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller  # a dev dependency, needed only with background tasks

        sink = self

        class Count:
            async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
                with sink.lock:
                    for address in envelope.rcpt_tos:
                        sink.received[address] = sink.received.get(address, 0) + 1
                return "250 Message accepted for delivery"

        self.controller = Controller(Count(), hostname="127.0.0.1", port=SMTP_PORT)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def count(self, addresses: list[str]) -> int:
        with self.lock:
            return sum(self.received.get(address, 0) for address in addresses)


async def queue_emails(cluster: Cluster, addresses: list[str], clients: int) -> list[str]:
    """Visitors ask for their stored result by email (the result page's form, through HAProxy).
    Returns the addresses whose request was answered as queued."""
    assert cluster.haproxy is not None
    with cluster.database() as connection:
        tokens = [
            row[0]
            for row in connection.execute(
                "SELECT token FROM questionnaire_response LIMIT %s", [len(addresses)]
            )
        ]
    work = list(zip(tokens, addresses, strict=False))
    queued: list[str] = []

    async def visitor() -> None:
        assert cluster.haproxy is not None
        while work:
            token, address = work.pop()
            client = Client(cluster.haproxy.base, Stats())
            page = await client.request("email", "GET", f"/r/{token}/email/")
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text) if page else None
            if match is None:
                continue
            form = {"csrfmiddlewaretoken": match.group(1), "address": address}
            reply = await client.request("email", "POST", f"/r/{token}/email/", form=form, expect=(302, 303))
            if reply is not None and reply.status in (302, 303):
                queued.append(address)

    await asyncio.gather(*(visitor() for _ in range(clients)))
    return queued


def task_counts(cluster: Cluster) -> dict[str, int]:
    with cluster.database() as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE %s GROUP BY status",
            ["%send_result_email"],
        ).fetchall()
    return {status: count for status, count in rows}


async def kill_task_worker(cluster: Cluster, emails: int) -> tuple[str, dict]:
    """Email requests queued while the task workers run; once the first messages are out, every db_worker of
    the cluster gets SIGKILL (tasks still queued, one perhaps half done); one worker is started again; then
    each address must have received exactly one message."""
    assert cluster.sink is not None
    if not cluster.task_workers():
        await asyncio.to_thread(cluster.start_worker)
    addresses = [f"cluster-{index}-{secrets.token_hex(4)}@example.com" for index in range(emails)]
    queued = await queue_emails(cluster, addresses, clients=8)
    deadline = time.monotonic() + 60
    while cluster.sink.count(queued) == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    victims = cluster.task_workers()
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    sent_before = cluster.sink.count(queued)
    await asyncio.sleep(0.5)
    at_kill = task_counts(cluster)
    restarted = time.monotonic()
    await asyncio.to_thread(cluster.start_worker)
    # Done when nothing is left ready to run and the mail count has stood still for 3 s (or after 60 s).
    last_change, last_count = time.monotonic(), -1
    while time.monotonic() - restarted < 60:
        count = cluster.sink.count(queued)
        if count != last_count:
            last_change, last_count = time.monotonic(), count
        if task_counts(cluster).get("READY", 0) == 0 and time.monotonic() - last_change > 3:
            break
        await asyncio.sleep(0.1)
    after = task_counts(cluster)
    with cluster.sink.lock:
        received = {address: cluster.sink.received.get(address, 0) for address in queued}
    once = sum(1 for count in received.values() if count == 1)
    never = sum(1 for count in received.values() if count == 0)
    twice = sum(1 for count in received.values() if count > 1)
    note = (
        f"{len(queued)} result emails queued through HAProxy; SIGKILL to {len(victims)} db_worker(s) after "
        f"{sent_before} had been sent (tasks then: {at_kill}); one worker started again; tasks now: {after}"
    )
    return note, {
        "exact": len(queued) == emails and once == emails,
        "rows": [
            ["email tasks queued", len(queued), f"of {emails} asked for"],
            ["emails received exactly once", once, f"must be {emails}"],
            ["emails never received", never, "must be 0"],
            ["emails received more than once", twice, "must be 0"],
            ["email tasks left running (worker gone)", after.get("RUNNING", 0), "must be 0"],
        ],
    }


async def under_load(
    cluster: Cluster, clients: int, **fault_options: float
) -> tuple[ClusterStats, list[str], dict, float]:
    assert cluster.haproxy is not None
    stats = ClusterStats()
    until = Until()
    started = time.perf_counter()

    async def faults() -> dict:
        try:
            return await fault_sequence(cluster, **fault_options)
        finally:
            until.stopped = True

    results, answered = await asyncio.gather(
        faults(), visitors(cluster.haproxy.base, stats, clients, until, seed=7)
    )
    return stats, answered, results, time.perf_counter() - started


# The rate limit ----------------------------------------------------------------------------------------


async def burst(cluster: Cluster, clients: int, requests: int) -> dict:
    """`requests` API calls from one address (127.0.0.1, through HAProxy) at once, spread over every server;
    the limit is counted in Redis, so exactly API_LIMIT of them may succeed."""
    assert cluster.haproxy is not None
    before = {svname: int(row["stot"]) for svname, row in cluster.haproxy.stats().items()}
    statuses: dict[int, int] = {}
    queue = list(range(requests))
    rng = random.Random(3)

    async def one_client() -> None:
        client = Client(cluster.haproxy.base, Stats())
        while queue:
            queue.pop()
            reply = await client.request(
                "burst", "POST", "/api/recommend", json_body=api_body(rng), use_cookies=False
            )
            status = reply.status if reply is not None else 0
            statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    after = {svname: int(row["stot"]) for svname, row in cluster.haproxy.stats().items()}
    return {
        "statuses": statuses,
        "elapsed": elapsed,
        "per server": {svname: after[svname] - before.get(svname, 0) for svname in after},
    }


# The report --------------------------------------------------------------------------------------------


def page_rows(stats: Stats, elapsed: float) -> list[list[object]]:
    return [
        [
            label,
            stats.count(label),
            stats.count(label) / elapsed,
            stats.percentile(label, 0.5) * 1000,
            stats.percentile(label, 0.99) * 1000,
            stats.errors[label],
        ]
        for label in PAGE_ORDER
    ]


def load_average() -> str:
    """Other work on the machine pulls every figure down: say how busy it was."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", type=int, default=2, help="app servers (default 2)")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1))),
        help="gunicorn workers per server (default: make serve's, 2 × cores + 1)",
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15.0, help="each throughput measurement")
    parser.add_argument(
        "--pause", type=float, default=5.0, help="plain load before, between and after faults"
    )
    parser.add_argument("--redis-down", type=float, default=2.0, help="seconds Redis stays stopped")
    parser.add_argument("--burst", type=int, default=3 * API_LIMIT, help="API calls in the rate-limit burst")
    parser.add_argument(
        "--time-limit", type=float, default=900.0, help="stop everything after this many seconds"
    )
    parser.add_argument(
        "--emails", type=int, default=30, help="result emails queued before the worker is killed"
    )
    parser.add_argument("--smoke", action="store_true", help="short (about a minute): CI's run")
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.pause, args.redis_down, args.emails = 4.0, 2.0, 1.0, 12
    if not 1 <= args.servers <= len(APP_PORTS):
        parser.error(f"--servers must be 1–{len(APP_PORTS)}")

    cluster = Cluster(servers_count=args.servers, workers=args.workers)

    def give_up() -> None:
        print(
            f"\ntime limit ({args.time_limit:.0f} s) reached: stopping everything",
            file=sys.stderr,
            flush=True,
        )
        cluster.stop()
        os._exit(3)

    watchdog = threading.Timer(args.time_limit, give_up)
    watchdog.daemon = True
    watchdog.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return measure(cluster, args)
    finally:
        watchdog.cancel()
        cluster.stop()


def measure(cluster: Cluster, args: argparse.Namespace) -> int:
    began = time.perf_counter()
    print(
        f"Starting PostgreSQL (:{PG_PORT}), Redis (:{REDIS_PORT}), {args.servers} app servers "
        f"({args.workers} gunicorn workers each, :{APP_PORTS[0]}…) and HAProxy (:{HAPROXY_PORT}) …",
        flush=True,
    )
    started = time.perf_counter()
    cluster.start()
    print(
        f"  ready in {time.perf_counter() - started:.1f} s ({os.cpu_count()} cores on this machine; load average "
        f"{load_average()} before the run)",
        flush=True,
    )

    print(
        f"\nThroughput: {args.clients} visitors, whole questionnaires through HAProxy, {args.seconds:g} s each …",
        flush=True,
    )
    rows, throughput_stats, answered, per_flow, busiest = throughput(cluster, args.clients, args.seconds)
    print_table(
        f"Throughput with 1 and with {args.servers} app servers (whole questionnaires, 12 requests each)",
        [
            "servers",
            "workers",
            "flows",
            "flows/s",
            "req/s",
            "submit p50 ms",
            "submit p99 ms",
            "errors",
            "what",
        ],
        rows,
    )
    cores = os.cpu_count() or 1
    print(
        f"  This machine has {cores} cores for everything: the app servers, PostgreSQL, Redis, HAProxy and this "
        f"client. One server's {args.workers} workers already keep them busy, so more servers on the same "
        "cores cannot add throughput; they add redundancy. More throughput needs more machines (the app "
        "servers share nothing but PostgreSQL and Redis)."
    )
    statements = {
        kind: calls for kind, calls in per_flow.items() if kind not in ("WAL bytes", "flows/s", "connections")
    }
    print(
        f"  PostgreSQL's work per whole questionnaire ({args.servers} servers): "
        f"{sum(statements.values()):.1f} statements ("
        + ", ".join(
            f"{kind} {calls:.2f}" for kind, calls in sorted(statements.items(), key=lambda item: -item[1])
        )
        + f"), {per_flow.get('WAL bytes', 0) / 1024:.1f} kB of WAL"
    )
    with cluster.database() as connection:
        [(limit,)] = connection.execute("SHOW max_connections").fetchall()
    print(
        f"  PostgreSQL connections at the busiest moment: {per_flow['connections']:.0f} "
        f"(max_connections {limit}; {args.servers} servers × "
        f"{args.workers} workers)"
    )
    print_table(
        f"PostgreSQL's busiest statements ({args.servers} servers, {per_flow['flows/s']:.1f} flows/s)",
        ["statement", "per second", "per flow"],
        [[query, calls, calls / max(per_flow["flows/s"], 1e-9)] for query, calls in busiest],
    )
    print_table(
        f"Per page with {args.servers} servers (p50/p99 ms)",
        ["page", "requests", "req/s", "p50 ms", "p99 ms", "errors"],
        page_rows(throughput_stats, args.seconds),
    )

    print(
        f"\nFaults under load: {args.clients} visitors through HAProxy, one fault after the other …",
        flush=True,
    )
    for index in range(len(cluster.servers)):
        assert cluster.haproxy is not None
        cluster.haproxy.set_enabled(index, True)
    assert cluster.haproxy is not None
    cluster.haproxy.wait_until_up(range(len(cluster.servers)), timeout=15)
    stats, fault_answered, results, elapsed = run(
        under_load(
            cluster,
            args.clients,
            pause=args.pause,
            redis_down=args.redis_down,
            probe_seconds=DOCUMENTED_BOUND + 2.0,
            emails=args.emails,
        )
    )
    answered += fault_answered
    print_table(
        f"Per page during the faults: {len(fault_answered)} flows in {elapsed:.1f} s (p50/p99 ms)",
        ["page", "requests", "req/s", "p50 ms", "p99 ms", "errors"],
        page_rows(stats, elapsed),
    )
    activation = results["activation"]
    print_table(
        "Weight-set activation: what each server answered (its own port), seconds after the activation",
        ["server", "probes", "old answers", "last old answer sent at", "first new answer sent at"],
        [
            [
                svname,
                row["probes"],
                row["old answers"],
                f"{row['last old answer (sent at)']:.3f}",
                f"{row['new from']:.3f}" if row["new from"] is not None else "never",
            ]
            for svname, row in activation["per server"].items()
        ],
    )

    failures: dict[str, int] = {}
    for *_, kind in stats.failed:
        failures[kind] = failures.get(kind, 0) + 1
    windows = []
    for label, step_began, ended in results["steps"]:
        # A fault's window runs until the next pause is half over: errors it causes may show a little later.
        inside = [item for item in stats.failed if step_began <= item[0] <= ended + args.pause / 2]
        kinds: dict[str, int] = {}
        for _, _page, _status, kind in inside:
            kinds[kind] = kinds.get(kind, 0) + 1
        windows.append(
            [
                label,
                f"{ended - step_began:.1f}",
                len(inside),
                ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())) or "-",
            ]
        )
    outside = len(stats.failed) - sum(row[2] for row in windows)
    windows.append(["outside any fault", "", outside, ""])
    print_table(
        "Failed attempts by fault (a fault's window: the fault and half the pause after it)",
        ["fault", "s", "failed", "kind"],
        windows,
    )
    print(f"\nErrors seen by clients during the faults (retry rule: {RETRY_RULE}):")
    print(
        f"  failed attempts: {sum(failures.values())} "
        f"({', '.join(f'{kind}: {count}' for kind, count in sorted(failures.items())) or 'none'}); "
        f"retried: {stats.retried}; worked on a retry: {stats.recovered}; failed after every retry: {stats.gave_up}"
    )

    print(
        f"\nRate-limit burst: {args.burst} API calls from one address through HAProxy, limit {API_LIMIT} …",
        flush=True,
    )
    burst_result = run(burst(cluster, args.clients, args.burst))
    successes = burst_result["statuses"].get(200, 0)
    limited = burst_result["statuses"].get(429, 0)
    print(
        f"  {burst_result['elapsed']:.2f} s; statuses {dict(sorted(burst_result['statuses'].items()))}; "
        f"spread over the servers: {burst_result['per server']}"
    )

    with cluster.database() as connection:
        stored = [row[0] for row in connection.execute("SELECT token FROM questionnaire_response")]
        [(row_bytes,)] = connection.execute(
            "SELECT pg_total_relation_size('questionnaire_response') / greatest(count(*), 1) "
            "FROM questionnaire_response"
        ).fetchall()
    print(f"\nStored responses: {len(stored)}, {row_bytes:,} bytes each on disk (table, TOAST and indexes)")
    assert cluster.postgres is not None
    refused = (cluster.postgres.dir / "log").read_text(errors="replace").count("too many clients")
    print(f"Connections PostgreSQL refused for lack of room (max_connections): {refused}")
    losses = loss_report(answered, stored)
    tasks = results["tasks"]
    checks = [
        ["answered as saved", losses["answered as saved"], ""],
        ["stored", losses["stored"], ""],
        ["lost (answered, not stored)", losses["lost (answered, not stored)"], "must be 0"],
        ["duplicate rows stored", losses["duplicate rows stored"], "must be 0"],
        ["duplicated tokens answered", losses["duplicated tokens answered"], "must be 0"],
        [
            "stored, never answered",
            losses["stored, never answered"],
            "a submit whose answer was lost with its server",
        ],
        ["rate limit: configured", API_LIMIT, f"per address and hour, {args.burst} sent"],
        ["rate limit: 200 answers", successes, f"must be {API_LIMIT}"],
        ["rate limit: 429 answers", limited, f"must be {args.burst - API_LIMIT}"],
        [
            "activation reached every server (s)",
            f"{activation['propagation']:.2f}",
            f"bound {DOCUMENTED_BOUND:g} s",
        ],
        ["admin session on every server", "yes" if activation["sessions shared"] else "NO", ""],
        [
            "admin and API while Redis was away",
            "yes" if results["redis outage served"] else "NO",
            "login, admin page, API: 200",
        ],
    ]
    if tasks is None:
        checks.append(["email tasks done exactly once", "pending", "no email task in the project yet"])
    else:
        checks += [[label, value, note] for label, value, note in tasks["rows"]]
    print_table("Exact checks", ["check", "value", ""], checks)

    exact = (
        losses["lost (answered, not stored)"] == 0
        and losses["duplicate rows stored"] == 0
        and losses["duplicated tokens answered"] == 0
        and successes == API_LIMIT
        and limited == args.burst - API_LIMIT
        and activation["sessions shared"]
        and results["redis outage served"]
        and (tasks is None or tasks["exact"])
    )
    print(
        f"\n{'OK' if exact else 'FAILED'}: 0 lost and 0 duplicated: "
        f"{'yes' if losses['lost (answered, not stored)'] == 0 and losses['duplicate rows stored'] == 0 else 'NO'}; "
        f"rate limit exact: {'yes' if successes == API_LIMIT and limited == args.burst - API_LIMIT else 'NO'}; "
        f"email tasks once each: {'pending (no task yet)' if tasks is None else ('yes' if tasks['exact'] else 'NO')}; "
        f"activation everywhere within {DOCUMENTED_BOUND:g} s: {'yes' if activation['within bound'] else 'NO'}"
    )
    print(
        f"(whole run {time.perf_counter() - began:.0f} s; load average {load_average()}; stopping everything)",
        flush=True,
    )
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
