"""gunicorn settings for production: `gunicorn factcheck.wsgi` reads this file from the project folder.

Environment (all optional):
  PORT / GUNICORN_BIND   where to listen: GUNICORN_BIND (e.g. unix:/run/factcheck.sock or
                         127.0.0.1:8000) wins, else 0.0.0.0:$PORT, else 127.0.0.1:8000
  WEB_CONCURRENCY        worker processes; default 2 x CPU cores + 1
  GUNICORN_TIMEOUT       seconds a worker may stay silent; default 600 (see below)
  FORWARDED_ALLOW_IPS    (read by gunicorn itself) addresses of the proxies whose
                         X-Forwarded-Proto it believes; default 127.0.0.1,::1
"""

import os

_cores = os.cpu_count() or 1

if os.environ.get("GUNICORN_BIND"):
    bind = [os.environ["GUNICORN_BIND"]]
elif os.environ.get("PORT"):
    bind = [f"0.0.0.0:{os.environ['PORT']}"]
else:
    bind = ["127.0.0.1:8000"]

# Sync workers (the measured set-up: see the README's review and export figures). A worker
# serves one request at a time, so one is busy for as long as a CSV export streams; 2 x cores + 1
# keeps pages answering while a few exports run.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores + 1)

# A sync worker streaming a response does not check in with the master, which kills a worker
# silent for `timeout` seconds: 600 s lets a 1,000,000-row export (12 s here) reach even a slow
# client. Ordinary pages answer in milliseconds, so this only bounds a hung request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 600)
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then (bounded memory growth), not all at once.
max_requests = 2000
max_requests_jitter = 200

# Logs to stdout/stderr for the process manager; no control socket (none is used, and several
# servers on one machine would share its default path).
accesslog = "-"
errorlog = "-"
control_socket_disable = True
# the heartbeat file in memory, not on a possibly slow disk
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    """Each worker, once it has loaded the application: every view module imported now (Django
    imports them on the first request), then the objects of the loaded code frozen out of the
    garbage collector's view (``gc.freeze``). A full collection otherwise walks all ~125,000 of
    them: an 80 ms pause every few dozen requests, the slowest reply of a page's p95; frozen, a
    collection walks the ~10,000 objects requests create (bench/scale.py, README)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the attribute imports the view modules)
    gc.freeze()
    worker.log.debug("worker %s: %d objects frozen", worker.pid, gc.get_freeze_count())
