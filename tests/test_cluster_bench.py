"""bench/cluster.py's own rules: the visitors' retry rule and the HAProxy configuration it writes.

The whole cluster (PostgreSQL, Redis, app servers, HAProxy) runs in `python -m bench.cluster`, not here.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from pathlib import Path

from bench.cluster import ClusterStats, HAProxy, RetryingClient
from bench.common import Server, free_port

HAPROXY_502 = (
    b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
    b"<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>"
)
HAPROXY_503 = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
    b"<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>"
)
OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nok\n"


def answer_in_turn(answers: list[bytes]) -> tuple[ClusterStats, int | None, int]:
    """A GET by a retrying visitor against a server that gives `answers` one after the other (the last
    one from then on). Returns the visitor's stats, the status it ended with, and the requests made."""
    served: list[int] = []

    async def scenario() -> int | None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answers[min(len(served), len(answers) - 1)])
            served.append(1)
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            reply = await RetryingClient(f"http://127.0.0.1:{port}", stats).request("page", "GET", "/")
        return reply.status if reply is not None else None

    stats = ClusterStats()
    port = free_port()
    # In a thread of its own: the browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        status = thread.submit(asyncio.run, scenario()).result()
    return stats, status, len(served)


def test_a_visitor_sends_a_request_again_after_a_502_and_it_counts_as_recovered() -> None:
    stats, status, requests = answer_in_turn([HAPROXY_502, OK])

    assert (status, requests) == (HTTPStatus.OK, 2)
    assert (stats.retried, stats.recovered, stats.gave_up) == (1, 1, 0)
    assert [kind for *_, kind in stats.failed] == [
        "HAProxy 502 (the server closed the connection unanswered)"
    ]


def test_a_visitor_gives_up_after_two_retries() -> None:
    stats, status, requests = answer_in_turn([HAPROXY_503])

    assert (status, requests) == (HTTPStatus.SERVICE_UNAVAILABLE, 3)
    assert (stats.retried, stats.recovered, stats.gave_up) == (2, 0, 1)
    assert [kind for *_, kind in stats.failed] == ["HAProxy 503 (no server could take it)"] * 3


def test_a_successful_answer_is_not_retried() -> None:
    stats, status, requests = answer_in_turn([OK])

    assert (status, requests) == (HTTPStatus.OK, 1)
    assert (stats.retried, stats.recovered, stats.gave_up, stats.failed) == (0, 0, 0, [])


def test_haproxy_probes_readyz_and_lets_each_server_hold_as_many_requests_as_it_has_workers(
    tmp_path: Path,
) -> None:
    servers = [Server(port=8400, workers=3, home=tmp_path), Server(port=8401, workers=5, home=tmp_path)]

    config = HAProxy(tmp_path, servers).config().splitlines()

    assert "    option httpchk" in config
    assert "    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1" in config
    assert "    http-check expect status 200" in config
    assert [line for line in config if line.startswith("    server ")] == [
        "    server app1 127.0.0.1:8400 check maxconn 3",
        "    server app2 127.0.0.1:8401 check maxconn 5",
    ]
    assert "    bind 127.0.0.1:8440" in config
    assert "    option forwardfor" in config
