"""Helpers for the production-serving tests: settings, manage.py, gunicorn and a throwaway PostgreSQL
in their own processes, configured the way production is (DEBUG off, a SECRET_KEY from the
environment), each bounded in time and cleaned up. No tests here."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Self
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

# what the test run sets for its own process (pyproject's [tool.pytest_env], DJANGO_* such as the
# e2e tests' DJANGO_ALLOW_ASYNC_UNSAFE) and what a developer's shell may have: never passed on to
# the "production" processes started here
_NOT_INHERITED = {
    "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER", "SECURE_COOKIES", "STATIC_MANIFEST",
    "STATIC_ROOT", "DATABASE_URL", "TEST_DATABASE_NAME", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE",
    "EMAIL_BACKEND", "GUNICORN_BIND", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "DB_POOL",
    "DB_POOL_MAX", "TRUSTED_PROXY_COUNT", "LOGIN_FAILURE_LIMIT", "LOGIN_COOLOFF_MINUTES",
}  # fmt: skip


def production_env(tmp: Path, **overrides: str | None) -> dict[str, str]:
    """Environment of a production process: only DEBUG=0, SECRET_KEY and ALLOWED_HOSTS set (plus
    its own var/ folder and database under ``tmp``); ``overrides`` add to it, None removes."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED and not k.startswith("DJANGO_")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        FACTCHECK_VAR_DIR=str(tmp / "var"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str], *, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python manage.py ARGS`` in its own process; fails the test with its output on an error."""
    done = run([PYTHON, "manage.py", *args], env, timeout=timeout)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def settings_under(env: dict[str, str], *names: str) -> dict:
    """The named settings as a fresh process with ``env`` sees them (JSON-able values)."""
    code = (
        "import json, os, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({n: getattr(settings, n) for n in os.environ['_NAMES'].split()}, default=str))"
    )
    done = run(
        [PYTHON, "-c", code],
        {**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "_NAMES": " ".join(names)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, deadline: float, what: str, log: Path) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited ({proc.returncode}):\n{log.read_text()[-4000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on {port} in time:\n{log.read_text()[-4000:]}")


@contextmanager
def server(args: list[str], env: dict[str, str], port: int, log: Path, *, timeout: float = 60):
    """A server process (its own process group) listening on ``port``; yields its base URL and
    stops the whole group afterwards."""
    with log.open("w") as out:
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_port(port, proc, time.monotonic() + timeout, args[0], log)
        yield f"http://127.0.0.1:{port}"
    finally:
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue


@contextmanager
def gunicorn(env: dict[str, str], log_dir: Path, *, workers: int = 2, timeout: float = 60):
    """gunicorn with the project's gunicorn.conf.py on a free loopback port; yields its base URL."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    with server(
        [GUNICORN, "factcheck.wsgi"], env, port, log_dir / f"gunicorn-{port}.log", timeout=timeout
    ) as url:
        yield url


class HttpSession:
    """A tiny HTTP client with a cookie jar (Secure cookies included: the server is on loopback)."""

    def __init__(self, base_url: str):
        self.host, port = base_url.removeprefix("http://").split(":")
        self.port = int(port)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        hdrs = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=hdrs)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def login(self, username: str, password: str) -> None:
        status, _, page = self.get("/accounts/login/")
        assert status == 200, status
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, _, _ = self.request(
            "POST", "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": ""},
        )  # fmt: skip
        assert status == 302, f"log-in refused ({status})"


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    assert found, (
        "PostgreSQL's server binaries are missing: `make test` installs them (apt-get install postgresql)"
    )
    return found[-1].parent


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own in a temporary folder, on a free loopback port, run as the
    ``postgres`` user when we are root (PostgreSQL refuses to run as root). Never the server on 5432."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="fc-test-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.dir, "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        cmd = [str(self.bin / tool), *args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.dir, check=False)
        assert done.returncode == 0, f"{tool} failed:\n{done.stdout}\n{done.stderr}\n{self._tail()}"

    def _tail(self) -> str:
        try:
            return self.log.read_text()[-3000:]
        except OSError:
            return ""

    def _pg_ctl(self, action: str) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-m", "fast",
                  "-o", options, action)  # fmt: skip

    def start(self) -> Self:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self._pg_ctl("start")
        return self

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        if self.data.exists():
            try:
                self._pg_ctl("stop")
            except (AssertionError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Self:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
