"""gunicorn settings for `make serve`: sync workers on loopback unless told otherwise.

PORT and WEB_CONCURRENCY override the port and the worker count; HOST the address (0.0.0.0 behind a
proxy or in a container). Each worker is a separate process with its own database connection, so app
servers stay stateless: admin sessions and rate-limit counters live in the database or Redis, visitors'
answers in progress in a signed cookie.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
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
