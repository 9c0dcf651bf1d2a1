"""Production serving: settings with DEBUG off, `check --deploy`, the HTTPS switches, static files
from gunicorn, the gunicorn configuration and the Procfile. Each runs the real entry points
(manage.py, gunicorn) in their own processes with only the production environment."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pytest

from .test_deploy_support import (
    GUNICORN,
    PYTHON,
    ROOT,
    HttpSession,
    free_port,
    gunicorn,
    manage,
    production_env,
    run,
    server,
    settings_under,
)

HTTPS = (
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
)  # fmt: skip


# ------------------------------------------------------------------ settings and check --deploy


def test_check_deploy_is_clean_with_only_debug_secret_key_and_allowed_hosts(tmp_path):
    env = production_env(tmp_path, ALLOWED_HOSTS="factcheck.example.org")
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues" in done.stdout, done.stdout + done.stderr
    # silenced, on purpose: HSTS preload (the domain owner's decision) and console mail (the
    # default until EMAIL_BACKEND is set); either comes back when its variable is set
    assert "(2 silenced)" in done.stdout
    done = run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**env, "EMAIL_BACKEND": "console"},
    )
    assert done.returncode != 0 and "mail.E001" in done.stderr


def test_without_secret_key_and_debug_off_nothing_starts(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=None)
    done = run([PYTHON, "manage.py", "check"], env)
    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in done.stderr
    assert "secrets.token_urlsafe" in done.stderr  # says how to make one
    assert not (tmp_path / "var" / "secret_key").exists()  # no per-host key generated


def test_gunicorn_refuses_to_start_without_secret_key(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=None, GUNICORN_BIND="127.0.0.1:0", WEB_CONCURRENCY="1")
    done = run([GUNICORN, "--preload", "factcheck.wsgi"], env, timeout=60)
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stdout + done.stderr


def test_debug_keeps_a_generated_development_key(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=None, DEBUG="1")
    first = settings_under(env, "SECRET_KEY")["SECRET_KEY"]
    assert len(first) >= 50 and (tmp_path / "var" / "secret_key").read_text().strip() == first
    assert settings_under(env, "SECRET_KEY")["SECRET_KEY"] == first


def test_https_is_on_by_default_when_debug_is_off(tmp_path):
    s = settings_under(production_env(tmp_path), *HTTPS)
    assert s == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_https_settings_switch_by_environment(tmp_path):
    env = production_env(
        tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_HSTS_PRELOAD="1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
    )  # fmt: skip
    s = settings_under(env, *HTTPS, "SILENCED_SYSTEM_CHECKS")
    assert s["SECURE_SSL_REDIRECT"] is False and s["SECURE_HSTS_SECONDS"] == 0
    assert s["SECURE_HSTS_PRELOAD"] is True and "security.W021" not in s["SILENCED_SYSTEM_CHECKS"]
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SESSION_COOKIE_SECURE"] is True  # cookies stay Secure
    other = settings_under(
        production_env(tmp_path, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_SSL=on"), *HTTPS
    )
    assert other["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SSL", "on"]


def test_a_proxy_header_not_named_as_django_sees_it_is_refused(tmp_path):
    done = run(
        [PYTHON, "manage.py", "check"], production_env(tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    )
    assert done.returncode != 0 and "HTTP_X_FORWARDED_PROTO" in done.stderr


def test_debug_turns_the_https_settings_off(tmp_path):
    s = settings_under(production_env(tmp_path, DEBUG="1"), *HTTPS)
    assert not s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] == 0 and not s["SESSION_COOKIE_SECURE"]


def test_mail_backend_and_sender_from_environment(tmp_path):
    default = settings_under(production_env(tmp_path), "MAILERS", "DEFAULT_FROM_EMAIL")
    assert default["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    env = production_env(tmp_path, EMAIL_BACKEND="smtp", EMAIL_HOST="mail.example.org", EMAIL_PORT="587",
                         EMAIL_USE_TLS="1", DEFAULT_FROM_EMAIL="desk@example.org")  # fmt: skip
    smtp = settings_under(env, "MAILERS", "DEFAULT_FROM_EMAIL")
    assert smtp["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert smtp["MAILERS"]["default"]["OPTIONS"] | {"password": ""} == {
        "host": "mail.example.org", "port": 587, "username": "", "password": "", "use_tls": True,
        "use_ssl": False, "timeout": 30,
    }  # fmt: skip
    assert smtp["DEFAULT_FROM_EMAIL"] == "desk@example.org"


# ------------------------------------------------------------------ gunicorn with DEBUG off


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A production install: migrated SQLite database, static files collected, one user."""
    tmp = tmp_path_factory.mktemp("site")
    env = production_env(tmp, DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}", STATIC_ROOT=str(tmp / "static"))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": "deploy-test-pw-1"},
           "createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.org")  # fmt: skip
    return tmp, env


def test_templates_name_static_files_through_the_static_tag():
    literal = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for m in re.finditer(r"""(?:href|src)=["']/?static/[^"']*""", path.read_text())
    ]
    assert literal == []


def test_gunicorn_serves_the_static_files_pages_name(site):
    tmp, env = site
    with gunicorn({**env, "SECURE_SSL_REDIRECT": "0"}, tmp) as url:
        client = HttpSession(url)
        status, _, page = client.get("/accounts/login/")
        assert status == 200
        assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', page)
        names = {Path(a.decode()).name.split(".")[0] for a in assets}
        assert {"app", "htmx-2", "favicon"} <= names, assets  # htmx from django-htmx's own static files
        for asset in assets:
            status, headers, body = client.get(asset.decode(), headers={"Accept-Encoding": "gzip"})
            assert status == 200, asset
            assert re.search(r"\.[0-9a-f]{12}\.", asset.decode())  # content-hashed name
            assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
            if asset.endswith((b".css", b".js")):  # the gzip copy collectstatic made
                assert headers["Content-Encoding"] == "gzip"
                collected = tmp / "static" / asset.decode().removeprefix("/static/")
                assert gzip.decompress(body) == collected.read_bytes()
        status, _, _ = client.get("/static/no-such-file.css")
        assert status == 404


def test_gunicorn_redirects_http_to_https_and_sends_hsts_behind_a_proxy(site):
    tmp, env = site
    with gunicorn({**env, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}, tmp, workers=1) as url:
        client = HttpSession(url)
        status, headers, _ = client.get("/accounts/login/")
        assert status == 301 and headers["Location"].startswith("https://127.0.0.1")
        status, headers, _ = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        cookies = headers.get_all("Set-Cookie")
        assert cookies and all("; Secure" in c for c in cookies), cookies


def test_gunicorn_config(tmp_path):
    env = production_env(tmp_path, PORT="9876", WEB_CONCURRENCY="3")
    done = run([GUNICORN, "--print-config", "factcheck.wsgi"], env, timeout=60)
    assert done.returncode == 0, done.stderr
    config = dict(re.findall(r"^(\w+)\s+= (.*)$", done.stdout, re.MULTILINE))
    assert config["bind"] == "['0.0.0.0:9876']" and config["workers"] == "3"
    assert config["worker_class"] == "sync" and config["timeout"] == "600"  # streamed CSV exports
    assert config["accesslog"] == "-" and config["control_socket_disable"] == "True"


def test_the_procfile_starts_the_site_from_nothing(tmp_path):
    """release (migrate) on an empty database, then web (collectstatic, gunicorn) and a worker,
    which runs a job enqueued by the site's code and stops cleanly on SIGTERM."""
    procfile = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()
    )
    assert set(procfile) == {"release", "web", "worker"}
    port = free_port()
    env = production_env(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="0",
        GUNICORN_BIND=f"127.0.0.1:{port}",  # loopback only ($PORT binds every interface: see above)
        WEB_CONCURRENCY="1",
        PATH=f"{Path(PYTHON).parent}:{os.environ['PATH']}",  # the venv's python and gunicorn
    )
    done = run(["bash", "-c", procfile["release"]], env)
    assert done.returncode == 0, done.stdout + done.stderr
    with server(["bash", "-c", procfile["web"]], env, port, tmp_path / "web.log") as url:
        client = HttpSession(url)
        status, _, page = client.get("/accounts/login/")
        assert status == 200
        css = re.search(rb'href="(/static/app\.[0-9a-f]{12}\.css)"', page).group(1).decode()
        assert client.get(css)[0] == 200
    _worker_runs_a_job(procfile["worker"], env, tmp_path)


def _worker_runs_a_job(command: str, env: dict, tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    enqueue = (
        "from django.contrib.auth.models import Group, User\n"
        "from django.db import transaction\n"
        "from articles import jobs\n"
        "editor = User.objects.create_user('ed')\n"
        "editor.groups.add(Group.objects.get(name='Editors'))\n"
        "with transaction.atomic():\n"
        "    job = jobs.job_create(kind='import_urls', created_by=editor, items=['http://localhost:1/x'])\n"
        "print(job.pk)\n"
    )
    done = run([PYTHON, "manage.py", "shell", "-c", enqueue], env)
    assert done.returncode == 0, done.stdout + done.stderr
    job_id = int(done.stdout.split()[-1])
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(["bash", "-c", command], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        status = ""
        for _ in range(120):  # the job fails (a refused address) quickly; wait at most 30 s
            probe = run([PYTHON, "manage.py", "shell", "-c", f"from articles.models import Job; print(Job.objects.get(pk={job_id}).status)"], env)
            status = probe.stdout.split()[-1] if probe.stdout.split() else ""
            if status in ("succeeded", "failed"):
                break
            time.sleep(0.25)
            error = run([PYTHON, "manage.py", "shell", "-c", f"from articles.models import Job; print(Job.objects.get(pk={job_id}).error)"], env).stdout
        assert status == "succeeded", (status, error, (tmp_path / "worker.log").read_text())
        item = run([PYTHON, "manage.py", "shell", "-c", f"from articles.models import JobItem; print(JobItem.objects.get(job_id={job_id}).message)"], env).stdout
        assert "refused: localhost resolves to 127.0.0.1, a loopback address" in item  # the URL runner ran, with the address rules
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0
    finally:
        if worker.poll() is None:
            worker.kill()


def test_each_gunicorn_worker_imports_its_views_and_freezes_them_out_of_the_collector():
    """gunicorn.conf.py's post_worker_init: the view modules imported before the first request and
    the loaded code's objects frozen (gc.freeze): a full collection then walks the objects
    requests make, not the ~125,000 of the loaded code (an 80 ms pause in a page's p95)."""
    import gc
    import logging
    import runpy
    import types

    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    worker = types.SimpleNamespace(pid=os.getpid(), log=logging.getLogger("test.gunicorn"))
    before = gc.get_freeze_count()
    try:
        conf["post_worker_init"](worker)
        assert gc.get_freeze_count() > before + 10_000
    finally:
        gc.unfreeze()
