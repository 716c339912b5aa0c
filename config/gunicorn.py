"""gunicorn settings for `make serve`: asyncio (ASGI) workers on loopback unless told otherwise.

Why the ASGI worker (bench/slowclients.py, figures in bench/README.md): a sync worker, and a gthread worker's
thread, belongs to one connection until its request headers are in, so a dozen clients sending their
headers a byte at a time stopped the site; the ASGI worker reads every connection on its event loop and
hands Django only complete requests (200 trickling connections: every health probe answered in ms).
GUNICORN_WORKER_CLASS=sync (or gthread, with GUNICORN_THREADS) switches back, e.g. behind a buffering proxy.

PORT and WEB_CONCURRENCY override the port and the worker count; HOST the address (0.0.0.0 behind a
proxy or in a container). Each worker is a separate process with its own database connection, so app
servers stay stateless: admin sessions and rate-limit counters live in the database or Redis, visitors'
answers in progress in a signed cookie.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "asgi")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
wsgi_app = "config.asgi:application" if worker_class == "asgi" else "config.wsgi:application"
# Load Django once in the master: workers fork ready (fast restarts when one dies) and share memory.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# No control socket: nothing to leave behind in $HOME, nothing to secure.
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-Proto and friends are trusted only from the proxy named here (its address, comma-separated);
# without one, from nobody: gunicorn's own default trusts any client on this machine to say "https".
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
