"""A PostgreSQL restart costs no failed request: the pool checks each connection it hands out.

A throwaway PostgreSQL server (never the one on 5432), gunicorn with DEBUG off in front of it,
logged-in page requests before and after ``pg_ctl restart``. Runs in the SQLite suite too: it
brings its own server. About 15 s.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .test_deploy_support import (
    PYTHON,
    HttpSession,
    ThrowawayPostgres,
    gunicorn,
    manage,
    production_env,
    run,
    settings_under,
)


def test_the_pool_checks_each_connection_it_hands_out(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/none")
    db = settings_under(env, "DATABASES")["DATABASES"]["default"]
    assert db["CONN_HEALTH_CHECKS"] is True and db["CONN_MAX_AGE"] == 0 and db["OPTIONS"]["pool"]
    # Django 6.1 passes psycopg_pool's check for CONN_HEALTH_CHECKS (building the pool connects to nothing)
    code = (
        "import django; django.setup(); from django.db import connection; "
        "from psycopg_pool import ConnectionPool; "
        "print(connection.pool._check == ConnectionPool.check_connection)"
    )
    done = run([PYTHON, "-c", code], {**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"})
    assert done.stdout.strip() == "True", done.stderr


def test_no_failed_request_after_a_postgresql_restart(tmp_path):
    with ThrowawayPostgres() as pg:
        env = production_env(tmp_path, DATABASE_URL=pg.url, SECURE_SSL_REDIRECT="0", DB_POOL_MAX="4",
                             STATIC_ROOT=str(tmp_path / "static"))  # fmt: skip
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage({**env, "DJANGO_SUPERUSER_PASSWORD": "pool-test-pw-1"},
               "createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.org")  # fmt: skip

        with gunicorn(env, tmp_path, workers=2) as url:
            client = HttpSession(url)
            client.login("boss", "pool-test-pw-1")

            def page(_):
                return client.get("/articles/")[0]

            with ThreadPoolExecutor(4) as burst:  # both workers hold pooled connections
                assert set(burst.map(page, range(12))) == {200}

            pg.restart()  # every pooled connection is now dead

            with ThreadPoolExecutor(4) as burst:
                statuses = list(burst.map(page, range(20)))
            assert statuses == [200] * 20, statuses
