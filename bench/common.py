"""Shared by bench/load.py and bench/faults.py: start `make serve` on loopback, a small HTTP/1.1 client on
asyncio (one connection per request, like gunicorn's sync workers want), the questionnaire flow, and
checks against the database.

No third-party HTTP client: a few lines on asyncio are enough. The event loop is uvloop (a dev dependency):
the client shares the 2 cores with the server, and on uvloop it costs about a third less CPU per request,
which the server's figures would otherwise lose.
"""

import asyncio
import os
import random
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import uvloop

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
# Loopback ports set aside for benchmarks; BENCH_PORTS=8320-8339 picks another range.
_first, _, _last = os.environ.get("BENCH_PORTS", "8200-8229").partition("-")
BENCH_PORTS = range(int(_first), int(_last) + 1)
REQUEST_TIMEOUT = 30.0

STAGES = ["idea", "new", "growing", "established"]
HORIZONS = ["weeks", "months", "half_year", "long_term"]
EXPERIENCE = ["none", "basic", "intermediate", "advanced"]
PROFILES = ["none", "partial", "optimized"]
GOALS = ["awareness", "traffic", "leads", "sales"]
AUDIENCES = ["unknown", "rough", "clear"]
REACHES = ["local", "regional", "national", "global"]


def random_answers(rng: random.Random) -> dict[str, str]:
    """A plausible set of answers, as a person would type them into the forms."""
    return {
        "stage": rng.choice(STAGES),
        "experience": rng.choice(EXPERIENCE),
        "monthly_budget": str(rng.choice([0, 50, 150, 400, 900, 2500, 8000])),
        "horizon": rng.choice(HORIZONS),
        "profiles": rng.choice(PROFILES),
        "audience": rng.choice(AUDIENCES),
        "goal": rng.choice(GOALS),
        "reach": rng.choice(REACHES),
        "weekly_hours": str(rng.choice([0, 2, 5, 10, 20])),
    }


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run the client on uvloop."""
    return uvloop.run(main)


def free_port(ports: range = BENCH_PORTS) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


# The server --------------------------------------------------------------------------------------------


@dataclass
class Server:
    """`make serve` (production settings, gunicorn sync workers) in its own process group."""

    port: int
    workers: int
    database_url: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)
    home: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="advisor-bench-")))
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sqlite_path(self) -> Path:
        return self.home / "db.sqlite3"

    def env(self) -> dict[str, str]:
        env = {
            key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "RATE_LIMIT"))
        }
        env.pop("DATABASE_URL", None)
        env.update(
            {
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_STATIC_ROOT": str(self.home / "static"),
                "SQLITE_PATH": str(self.sqlite_path),
                "PORT": str(self.port),
                "WEB_CONCURRENCY": str(self.workers),
                "RATE_LIMITS": "off",
                "GUNICORN_LOG_LEVEL": "warning",
                "DJANGO_LOG_LEVEL": "CRITICAL",  # expected failures (a killed database) would flood the output
                **self.extra_env,
            }
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def start(self, timeout: float = 90) -> "Server":
        log = (self.home / "serve.log").open("w")
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve exited:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) == self.workers:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"make serve did not answer in {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        return (self.home / "serve.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def master_pid(self) -> int:
        """gunicorn's master: the first gunicorn process below make (its shell may also run other
        processes beside it, such as the task worker)."""
        assert self.process is not None
        pending = children_of(self.process.pid)
        while pending:
            pid = pending.pop(0)
            # The program (or the script python runs), not a shell whose script mentions gunicorn.
            if any(b"gunicorn" in part for part in command_line(pid).split(b"\0")[:2]):
                return pid
            pending += children_of(pid)
        raise RuntimeError("gunicorn master not found")

    def worker_pids(self) -> list[int]:
        try:
            return children_of(self.master_pid())
        except RuntimeError:
            return []

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


# The client --------------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower(), [])
        return values[0] if values else ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Stats:
    """Latencies and outcomes per page label."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Server errors by what their body was: our 503 page (or JSON), another page, or a traceback.
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def record(self, label: str, seconds: float, status: int, ok: bool) -> None:
        self.latencies[label].append(seconds)
        self.statuses[label][status] += 1
        if not ok:
            self.errors[label] += 1

    def count(self, label: str) -> int:
        return len(self.latencies[label])

    def percentile(self, label: str, fraction: float) -> float:
        values = sorted(self.latencies[label])
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(fraction * len(values)))]


class Client:
    """One visitor: a cookie jar and a connection per request."""

    def __init__(self, base: str, stats: Stats) -> None:
        parts = urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def build(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        json_body: bytes | None = None,
        use_cookies: bool = True,
    ) -> bytes:
        """The raw request, with this visitor's cookies."""
        body = b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        if form is not None:
            body = urlencode(form).encode()
            lines.append("Content-Type: application/x-www-form-urlencoded")
        elif json_body is not None:
            body = json_body
            lines.append("Content-Type: application/json")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        if use_cookies and self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def request(
        self,
        label: str,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        json_body: bytes | None = None,
        expect: tuple[int, ...] = (200,),
        use_cookies: bool = True,
    ) -> Reply | None:
        raw = self.build(method, path, form=form, json_body=json_body, use_cookies=use_cookies)
        return await self.send(label, raw, expect=expect, use_cookies=use_cookies)

    async def send(
        self, label: str, raw: bytes, *, expect: tuple[int, ...] = (200,), use_cookies: bool = True
    ) -> Reply | None:
        """Send a built request (see ``build``), record how it went, keep the cookies it sets."""
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                reply = await self._exchange(raw)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            self.stats.record(label, time.perf_counter() - started, 0, ok=False)
            self.stats.failures["no answer (connection reset or refused)"] += 1
            return None
        self.stats.record(label, time.perf_counter() - started, reply.status, ok=reply.status in expect)
        if reply.status >= 500:
            self.stats.failures[failure_kind(reply)] += 1
        if use_cookies:
            for cookie in reply.headers.get("set-cookie", []):
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return reply

    async def _exchange(self, raw: bytes) -> Reply:
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[bytes] = loop.create_future()
        transport, _ = await loop.create_connection(lambda: Exchange(raw, answered), self.host, self.port)
        try:
            data = await answered
        finally:
            transport.close()
        head, _, body = data.partition(b"\r\n\r\n")
        head_lines = head.decode("latin-1").split("\r\n")
        status = int(head_lines[0].split()[1])
        headers: dict[str, list[str]] = defaultdict(list)
        for line in head_lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()].append(value.strip())
        if headers.get("transfer-encoding") == ["chunked"]:
            body = dechunk(body)
        return Reply(status, headers, body)


class Exchange(asyncio.Protocol):
    """One request on its own connection: send it, collect everything until the server closes.

    A bare protocol rather than asyncio's streams: the client shares the 2 cores with the server, and
    streams cost it about a third more CPU per request, which the server's figures then lose.
    """

    def __init__(self, raw: bytes, answered: "asyncio.Future[bytes]") -> None:
        self.raw = raw
        self.answered = answered
        self.chunks: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.raw)  # type: ignore[attr-defined]  # a TCP transport (asyncio's or uvloop's)

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)

    def eof_received(self) -> bool:
        return False  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answered.done():
            return
        if exc is not None:
            self.answered.set_exception(exc)
        else:
            self.answered.set_result(b"".join(self.chunks))


def failure_kind(reply: Reply) -> str:
    if b"Traceback" in reply.body or b"File &quot;" in reply.body:
        return f"{reply.status} with a traceback"
    if reply.status == 503 and (b"briefly unavailable" in reply.body or b'"errors"' in reply.body):
        return "503, our page"
    return f"{reply.status}, other"


def dechunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2 :]
    return bytes(out)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DIGEST_INPUT = re.compile(r'name="digest" value="([^"]+)"')
RESULT_PATH = re.compile(r"/r/([A-Za-z0-9_-]{20,})/$")


def location_path(reply: Reply) -> str:
    return urlsplit(reply.header("Location")).path


# The questionnaire flow --------------------------------------------------------------------------------
# landing → each step (GET, POST) → review → submit → result → the share link opened by someone else.
# Steps are followed by their redirects, so adding or renaming a step needs no change here.

LANDING = "/"
FLOW_START = "/q/"
REVIEW_PATH = "/q/review/"
SUBMIT_PATH = "/q/submit/"
MAX_STEPS = 10


async def run_flow(
    base: str, stats: Stats, rng: random.Random, client_class: type[Client] = Client
) -> str | None:
    """One visitor's whole questionnaire. Returns the share token the server answered with, or None.

    ``client_class`` lets a caller add a retry rule (bench/cluster.py)."""
    client = client_class(base, stats)
    answers = random_answers(rng)
    if await client.request("landing", "GET", LANDING) is None:
        return None
    reply = await client.request("start", "GET", FLOW_START, expect=(302, 303))
    if reply is None or reply.status not in (302, 303):
        return None
    path = location_path(reply)
    for _ in range(MAX_STEPS):
        if path == REVIEW_PATH:
            break
        page = await client.request("step GET", "GET", path)
        if page is None or page.status != 200:
            return None
        token = CSRF_INPUT.search(page.text)
        if token is None:
            stats.errors["step GET"] += 1
            return None
        reply = await client.request(
            "step POST",
            "POST",
            path,
            form={"csrfmiddlewaretoken": token.group(1), "go": "next", **answers},
            expect=(302, 303),
        )
        if reply is None or reply.status not in (302, 303):
            return None
        path = location_path(reply)
    review = await client.request("review", "GET", REVIEW_PATH)
    if review is None or review.status != 200:
        return None
    token = CSRF_INPUT.search(review.text)
    digest = DIGEST_INPUT.search(review.text)
    if token is None or digest is None:
        stats.errors["review"] += 1
        return None
    reply = await client.request(
        "submit",
        "POST",
        SUBMIT_PATH,
        form={"csrfmiddlewaretoken": token.group(1), "digest": digest.group(1)},
        expect=(302, 303),
    )
    if reply is None or reply.status not in (302, 303):
        return None
    result_path = location_path(reply)
    match = RESULT_PATH.search(result_path)
    if match is None:
        stats.errors["submit"] += 1
        return None
    share_token = match.group(1)
    # From here on the response is stored: the token counts as answered-as-saved even if a read fails.
    await client.request("result", "GET", result_path)
    await client_class(base, stats).request("share", "GET", result_path, use_cookies=False)
    return share_token


# The database ------------------------------------------------------------------------------------------


def stored_tokens(server: Server) -> list[str]:
    query = "SELECT token FROM questionnaire_response"
    if server.database_url:
        import psycopg

        with psycopg.connect(server.database_url) as connection:
            return [row[0] for row in connection.execute(query)]
    with sqlite3.connect(f"file:{server.sqlite_path}?mode=ro", uri=True) as connection:
        return [row[0] for row in connection.execute(query)]


def loss_report(answered: list[str], stored: list[str]) -> dict[str, int]:
    """answered: tokens the server gave back as saved; stored: tokens in the database."""
    stored_set = set(stored)
    return {
        "answered as saved": len(answered),
        "stored": len(stored),
        "lost (answered, not stored)": len(set(answered) - stored_set),
        "duplicated tokens answered": len(answered) - len(set(answered)),
        "duplicate rows stored": len(stored) - len(stored_set),
        "stored, never answered": len(stored_set - set(answered)),
    }


def print_table(title: str, header: list[str], rows: list[list[object]]) -> None:
    cells = [header, *[[format_cell(cell) for cell in row] for row in rows]]
    widths = [max(len(row[index]) for row in cells) for index in range(len(header))]
    print(f"\n{title}")
    for number, row in enumerate(cells):
        print(
            "  "
            + "  ".join(
                cell.rjust(width) if i else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
        if number == 0:
            print("  " + "  ".join("-" * width for width in widths))


def format_cell(cell: object) -> str:
    if isinstance(cell, float):
        return "-" if cell != cell else f"{cell:,.1f}"
    return str(cell)
