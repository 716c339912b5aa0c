"""Slow clients: does `make serve` keep answering while connections trickle their request headers?

    .venv/bin/python -m bench.slowclients                       # 12 slow connections, 20 s
    .venv/bin/python -m bench.slowclients --slow 24 --env GUNICORN_WORKER_CLASS=sync

Starts `make serve` (like bench/load.py), opens N connections that send a request line and then one header
line every two seconds, never finishing, and meanwhile asks `/healthz` four times a second with a 5 s
timeout. Prints how many probes were answered and how fast. A server that gives each connection a worker
for as long as it takes to read the headers stops answering once the slow connections outnumber its workers.
"""

import argparse
import asyncio
import statistics
import sys
import time

from bench.common import Server, free_port, run


async def trickle(port: int, seconds: float) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    deadline = time.monotonic() + seconds
    index = 0
    try:
        while time.monotonic() < deadline and not reader.at_eof():
            await asyncio.sleep(2)
            writer.write(f"X-Slow-{index}: a\r\n".encode())
            await writer.drain()
            index += 1
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def probe(port: int) -> float | None:
    started = time.monotonic()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        status = await asyncio.wait_for(reader.readline(), 5)
        writer.close()
    except (TimeoutError, ConnectionError, OSError):
        return None
    return time.monotonic() - started if status.startswith(b"HTTP/1.1 200") else None


async def measure(port: int, slow: int, seconds: float) -> list[float | None]:
    tricklers = [asyncio.create_task(trickle(port, seconds)) for _ in range(slow)]
    await asyncio.sleep(1)  # every slow connection is in
    probes = []
    deadline = time.monotonic() + seconds - 1
    while time.monotonic() < deadline:
        probes.append(asyncio.create_task(probe(port)))
        await asyncio.sleep(0.25)
    results = await asyncio.gather(*probes)
    for task in tricklers:
        task.cancel()
    await asyncio.gather(*tricklers, return_exceptions=True)
    return list(results)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--slow", type=int, default=12, help="slow connections")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--port", type=int, default=None, help="loopback port (default: a free one in 8200-8229)"
    )
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for make serve (repeatable)")
    args = parser.parse_args()

    extra = dict(item.split("=", 1) for item in args.env)
    server = Server(port=args.port or free_port(), workers=args.workers, extra_env=extra)
    with server:
        results = run(measure(server.port, args.slow, args.seconds))
    answered = [seconds * 1000 for seconds in results if seconds is not None]
    settings = " ".join(args.env) or "defaults"
    print(f"{args.slow} slow connections, {args.workers} workers, {settings}:")
    if answered:
        print(
            f"  /healthz answered {len(answered)} of {len(results)} probes; "
            f"p50 {statistics.median(answered):.1f} ms, max {max(answered):.1f} ms"
        )
    else:
        print(f"  /healthz answered 0 of {len(results)} probes")
    return 0 if len(answered) == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
