"""articles/fetch.py: the SSRF rules, redirects, limits, charsets, against a local HTTP server.

The server listens on 127.0.0.1, which the rules refuse; the tests allowlist that host name
(FACTCHECK_FETCH_ALLOWED_HOSTS), as a newsroom would its intranet. ``LocalServer`` is shared
with tests/test_intake.py and tests/test_webhooks.py.
"""

from __future__ import annotations

import gzip
import http.server
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from articles import fetch
from articles.fetch import FetchError

# ----------------------------------------------------------------------------- the local server


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    drip: float = 0.0  # seconds between bytes (a slow server)
    delay: float = 0.0  # seconds before answering


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class LocalServer:
    """A threaded HTTP server on 127.0.0.1: ``routes[path]`` is a Reply, or a function of the
    request (Seen) returning one; every request is kept in ``seen``."""

    def __init__(self):
        self.routes: dict[str, Reply | Callable[[Seen], Reply]] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                req = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                server.seen.append(req)
                route = server.routes.get(self.path.split("?", 1)[0])
                reply = route(req) if callable(route) else route
                if reply is None:
                    reply = Reply(404, b"not here", {"Content-Type": "text/plain"})
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                headers = dict(reply.headers)
                headers.setdefault("Content-Length", str(len(reply.body)))
                headers.setdefault("Connection", "close")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    if reply.drip:
                        for i in range(len(reply.body)):
                            self.wfile.write(reply.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(reply.drip)
                    else:
                        self.wfile.write(reply.body)
                except OSError:
                    pass
                self.close_connection = True

            do_GET = _serve
            do_POST = _serve

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(settings):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    s = LocalServer()
    yield s
    s.close()


def html(body: str, *, head: str = "", charset: str = "utf-8") -> bytes:
    return f"<!doctype html><html><head>{head}<title>T</title></head><body>{body}</body></html>".encode(charset)


# ----------------------------------------------------------------------------- fetching


def test_fetches_a_page_with_host_and_user_agent(server, settings):
    server.routes["/a"] = Reply(body=html("<p>Hello.</p>"))
    page = fetch.fetch_page(server.url("/a?x=1"))
    assert page.kind == "html" and page.content_type == "text/html" and "Hello." in page.text
    assert page.final_url == page.url == server.url("/a?x=1")
    req = server.seen[-1]
    assert req.path == "/a?x=1"
    assert req.headers["host"] == f"127.0.0.1:{server.port}"
    assert req.headers["user-agent"] == settings.FACTCHECK_FETCH_USER_AGENT


@pytest.mark.parametrize(
    ("body", "content_type", "charset"),
    [
        ("Café – “quoted” €5".encode("cp1252"), "text/html; charset=windows-1252", "cp1252"),
        ("Café déjà vu".encode("iso-8859-1"), "text/html; charset=ISO-8859-1", "cp1252"),
        (b"\xef\xbb\xbf" + "Café ✓".encode(), "text/html", "utf-8"),
        (b"\xef\xbb\xbf" + "Café ✓".encode(), "text/html; charset=iso-8859-1", "utf-8"),  # the BOM wins
        ("Café".encode(), "text/html", "utf-8"),
    ],
)
def test_charset_honoured(server, body, content_type, charset):
    server.routes["/c"] = Reply(body=body, headers={"Content-Type": content_type})
    page = fetch.fetch_page(server.url("/c"))
    assert page.charset == charset
    expected = body.removeprefix(b"\xef\xbb\xbf").decode("utf-8" if charset == "utf-8" else charset)
    assert page.text == expected


def test_meta_charset_when_the_header_has_none(server):
    body = html("<p>Ça coûte 5 €.</p>", head='<meta charset="windows-1252">', charset="cp1252")
    server.routes["/m"] = Reply(body=body, headers={"Content-Type": "text/html"})
    page = fetch.fetch_page(server.url("/m"))
    assert page.charset == "cp1252" and "Ça coûte 5 €." in page.text
    body = html("<p>Größe</p>", head='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', charset="latin-1")
    server.routes["/m2"] = Reply(body=body, headers={"Content-Type": "text/html"})
    assert "Größe" in fetch.fetch_page(server.url("/m2")).text


def test_undeclared_legacy_bytes_are_guessed_or_replaced(server):
    server.routes["/g"] = Reply(body="Le café était très bon, déjà.".encode("cp1252"), headers={"Content-Type": "text/plain"})
    page = fetch.fetch_page(server.url("/g"))
    assert page.kind == "text" and "caf" in page.text and page.charset  # decoded, never an exception


def test_plain_text_and_gzip(server):
    body = gzip.compress(b"A plain article.\n\nIt has text.")
    server.routes["/t"] = Reply(body=body, headers={"Content-Type": "text/plain; charset=utf-8", "Content-Encoding": "gzip"})
    page = fetch.fetch_page(server.url("/t"))
    assert page.kind == "text" and page.text.startswith("A plain article.")


def test_other_content_types_refused(server):
    server.routes["/p"] = Reply(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    with pytest.raises(FetchError, match="not a web page: the server sent application/pdf") as err:
        fetch.fetch_page(server.url("/p"))
    assert not err.value.transient


def test_size_cap(server, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1000
    server.routes["/big"] = Reply(body=b"x" * 5000, headers={"Content-Type": "text/plain"})
    with pytest.raises(FetchError, match="page is larger than 0.976562 KB|page is larger than"):
        fetch.fetch_page(server.url("/big"))
    # no Content-Length (read until the connection closes): the cap still holds while streaming
    server.routes["/big2"] = Reply(body=b"x" * 5000, headers={"Content-Type": "text/plain", "Content-Length": ""})
    with pytest.raises(FetchError, match="page is larger than"):
        fetch.fetch_page(server.url("/big2"))
    # a gzip bomb: the cap is on the decompressed size
    bomb = gzip.compress(b"x" * 1_000_000)
    server.routes["/bomb"] = Reply(body=bomb, headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="page is larger than"):
        fetch.fetch_page(server.url("/bomb"))


def test_size_cap_message_in_mb(server, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 10 * 1024 * 1024
    server.routes["/huge"] = Reply(body=b"", headers={"Content-Type": "text/plain", "Content-Length": str(11 * 1024 * 1024)})
    with pytest.raises(FetchError, match=r"^page is larger than 10 MB$"):
        fetch.fetch_page(server.url("/huge"))


def test_total_timeout_with_a_dripping_server(server, settings):
    settings.FACTCHECK_FETCH_TOTAL_TIMEOUT = 1.0
    server.routes["/slow"] = Reply(body=b"x" * 200, headers={"Content-Type": "text/plain"}, drip=0.05)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 1 s$") as err:
        fetch.fetch_page(server.url("/slow"))
    assert err.value.transient
    assert time.monotonic() - started < 2.5


def test_total_timeout_before_the_headers(server, settings):
    settings.FACTCHECK_FETCH_TOTAL_TIMEOUT = 0.5
    server.routes["/late"] = Reply(body=b"x", headers={"Content-Type": "text/plain"}, delay=2)
    with pytest.raises(FetchError, match="timed out after 0.5 s") as err:
        fetch.fetch_page(server.url("/late"))
    assert err.value.transient


def test_http_errors_and_which_are_transient(server):
    server.routes["/gone"] = Reply(404, b"no", {"Content-Type": "text/plain"})
    with pytest.raises(FetchError, match=r"^HTTP 404 Not Found$") as err:
        fetch.fetch_page(server.url("/gone"))
    assert not err.value.transient and err.value.status == 404
    for status in (429, 500, 503):
        server.routes["/busy"] = Reply(status, b"later", {"Content-Type": "text/plain"})
        with pytest.raises(FetchError, match=f"HTTP {status}") as err:
            fetch.fetch_page(server.url("/busy"))
        assert err.value.transient


def test_connection_refused_is_transient(settings):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect to 127.0.0.1: connection refused") as err:
        fetch.fetch_page(f"http://127.0.0.1:{port}/")
    assert err.value.transient


# ----------------------------------------------------------------------------- redirects


def test_redirects_followed_and_recorded(server):
    server.routes["/r1"] = Reply(301, headers={"Location": "/r2"})
    server.routes["/r2"] = Reply(302, headers={"Location": server.url("/final")})
    server.routes["/final"] = Reply(body=html("<p>Here.</p>"))
    page = fetch.fetch_page(server.url("/r1"))
    assert page.final_url == server.url("/final") and page.url == server.url("/r1")
    assert page.redirects == [server.url("/r2"), server.url("/final")]


def test_redirect_limit(server):
    for i in range(7):
        server.routes[f"/loop{i}"] = Reply(302, headers={"Location": f"/loop{i + 1}"})
    server.routes["/loop5"] = Reply(body=html("<p>five hops</p>"))
    assert "five hops" in fetch.fetch_page(server.url("/loop0")).text  # exactly 5: allowed
    server.routes["/loop5"] = Reply(302, headers={"Location": "/loop6"})
    server.routes["/loop6"] = Reply(body=html("<p>six hops</p>"))
    with pytest.raises(FetchError, match=r"^too many redirects \(more than 5\)$"):
        fetch.fetch_page(server.url("/loop0"))


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("http://10.0.0.5/admin", "refused: 10.0.0.5 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"),
        ("http://localhost:{port}/a", "refused: localhost resolves to"),
        ("http://[::1]:{port}/a", "refused: ::1 is a loopback address"),
        ("file:///etc/passwd", "refused: file scheme"),
        ("gopher://127.0.0.1:{port}/", "refused: gopher scheme"),
    ],
)
def test_redirect_to_a_refused_place_even_from_an_allowlisted_host(server, location, message):
    server.routes["/a"] = Reply(body=html("<p>x</p>"))
    server.routes["/go"] = Reply(302, headers={"Location": location.format(port=server.port)})
    with pytest.raises(FetchError, match=message.replace("(", r"\(").replace(".", r"\.")):
        fetch.fetch_page(server.url("/go"))
    assert [r.path for r in server.seen] == ["/go"]


# ----------------------------------------------------------------------------- refused addresses


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
        ("http://127.8.9.10:8080/", "refused: 127.8.9.10 is a loopback address"),
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        ("http://10.1.2.3/", "refused: 10.1.2.3 is a private address"),
        ("http://172.16.0.1/", "refused: 172.16.0.1 is a private address"),
        ("http://172.31.255.254/", "refused: 172.31.255.254 is a private address"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "refused: fd00:ec2::254 is a cloud metadata address"),
        ("http://169.254.1.1/", "refused: 169.254.1.1 is a link-local address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://0.1.2.3/", "refused: 0.1.2.3 is an unspecified address"),
        ("http://[::]/", "refused: :: is an unspecified address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://[ff02::1]/", "refused: ff02::1 is a multicast address"),
        ("http://[::ffff:127.0.0.1]/", "refused: ::ffff:127.0.0.1 is a loopback address"),
        ("http://[::ffff:10.0.0.1]/", "refused: ::ffff:10.0.0.1 is a private address"),
        ("http://[64:ff9b::a9fe:a9fe]/", "refused: 64:ff9b::a9fe:a9fe is a cloud metadata address"),
        ("http://[2002:c0a8:101::]/", "is a private address"),
        ("http://[fe80::1]/", "refused: fe80::1 is a link-local address"),
        ("http://[fc00::1]/", "refused: fc00::1 is a private address"),
        ("http://100.64.0.1/", "refused: 100.64.0.1 is a shared (carrier-grade NAT) address"),
        ("http://100.127.255.254/", "is a shared (carrier-grade NAT) address"),
        ("http://240.0.0.1/", "refused: 240.0.0.1 is a reserved address"),
        ("http://255.255.255.255/", "refused: 255.255.255.255 is"),
        ("http://198.18.0.1/", "refused: 198.18.0.1 is"),
        # numeric spellings the resolver accepts: what they resolve to is checked
        ("http://2130706433/", "refused: 2130706433 resolves to 127.0.0.1, a loopback address"),
        ("http://0177.0.0.1/", "refused: 0177.0.0.1 resolves to 127.0.0.1, a loopback address"),
        ("http://0x7f.1/", "resolves to 127.0.0.1, a loopback address"),
        ("http://127.1/", "resolves to 127.0.0.1, a loopback address"),
        ("http://017700000001/", "resolves to 127.0.0.1, a loopback address"),
        ("http://localhost/", "refused: localhost resolves to"),
        ("http://LOCALHOST./", "refused: localhost resolves to"),
    ],
)
def test_refused_addresses(url, message, settings):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")) as err:
        fetch.fetch_page(url)
    assert not err.value.transient
    assert fetch.destination_problem(url) == err.value.message


def _fake_dns(monkeypatch, answers: dict[str, list[str]]):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_host_name_resolving_to_loopback(monkeypatch, settings):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    _fake_dns(monkeypatch, {"news.example.com": ["127.0.0.1"], "mixed.example.com": ["93.184.215.14", "10.0.0.7"]})
    with pytest.raises(FetchError, match=r"^refused: news\.example\.com resolves to 127\.0\.0\.1, a loopback address$"):
        fetch.fetch_page("http://news.example.com/story")
    # one bad answer among good ones is enough to refuse (the connection could go to any)
    with pytest.raises(FetchError, match="mixed.example.com resolves to 10.0.0.7, a private address"):
        fetch.fetch_page("https://mixed.example.com/")


def test_the_connection_goes_to_the_checked_address(monkeypatch, server, settings):
    """DNS rebinding: the first answer is checked and connected to; a second lookup that would
    answer something else is never made."""
    server.routes["/p"] = Reply(body=html("<p>pinned</p>"))
    calls = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        if host == "rebind.test":
            answer = "127.0.0.1" if len(calls) == 1 else "10.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["rebind.test"]
    page = fetch.fetch_page(f"http://rebind.test:{server.port}/p")
    assert "pinned" in page.text
    assert calls.count("rebind.test") == 1  # resolved once; the socket went to that address
    assert server.seen[-1].headers["host"] == f"rebind.test:{server.port}"


def test_allowlist_is_exact_and_case_insensitive(server, settings):
    server.routes["/a"] = Reply(body=html("<p>ok</p>"))
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    assert "ok" in fetch.fetch_page(server.url("/a")).text
    for other in (f"http://2130706433:{server.port}/a", f"http://127.0.0.01:{server.port}/a", f"http://localhost:{server.port}/a"):
        with pytest.raises(FetchError, match="refused"):
            fetch.fetch_page(other)
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["LocalHost"]
    assert "ok" in fetch.fetch_page(f"http://LOCALHOST:{server.port}/a").text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/file", "refused: ftp scheme (only http and https URLs are fetched)"),
        ("file:///etc/passwd", "refused: file scheme"),
        ("javascript:alert(1)", "refused: javascript scheme"),
        ("//example.com/", "refused: no scheme"),
        ("http://user:pw@example.com/", "refused: the URL holds a user name or password"),
        ("http://user@example.com/", "refused: the URL holds a user name or password"),
        ("http://example.com@127.0.0.1/", "refused: the URL holds a user name or password"),
        ("http:///path", "the URL has no host"),
        ("http://example.com:99999/", "not a valid URL"),
        ("http://exa mple.com/\r\nX: y", "control characters"),
        ("http://example.com/" + "a" * 1000, "longer than 1000 characters"),
    ],
)
def test_bad_urls(url, message):
    with pytest.raises(FetchError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fetch.fetch_page(url)


# ----------------------------------------------------------------------------- posting


def test_post_json_sends_the_body_and_follows_no_redirect(server):
    server.routes["/hook"] = Reply(204, headers={})
    result = fetch.post_json(server.url("/hook"), b'{"a": 1}', headers={"X-Test": "1"})
    assert result.status == 204 and result.seconds >= 0
    req = server.seen[-1]
    assert req.method == "POST" and req.body == b'{"a": 1}'
    assert req.headers["content-type"] == "application/json" and req.headers["x-test"] == "1"
    server.routes["/moved"] = Reply(301, headers={"Location": "http://10.0.0.1/"})
    assert fetch.post_json(server.url("/moved"), b"{}", headers={}).status == 301
    assert [r.path for r in server.seen] == ["/hook", "/moved"]


def test_post_json_refuses_private_addresses(settings):
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="refused: 192.168.0.10 is a private address"):
        fetch.post_json("http://192.168.0.10/hook", b"{}", headers={})


def test_address_problem_passes_public_addresses():
    import ipaddress

    for a in ("93.184.215.14", "8.8.8.8", "2606:4700::1111", "1.1.1.1"):
        assert fetch.address_problem(ipaddress.ip_address(a)) is None


# ----------------------------------------------------------------------------- https: pinned IP, SNI and the certificate


@pytest.fixture(scope="module")
def tls_cert(tmp_path_factory):
    import shutil
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=news.fc-test.example",
         "-addext", "subjectAltName=DNS:news.fc-test.example", "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return d / "cert.pem", d / "key.pem"


@pytest.fixture
def tls_server(tls_cert, monkeypatch, settings):
    import ssl

    cert, key = tls_cert
    s = LocalServer()
    names: list[str | None] = []
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.sni_callback = lambda sock, name, _ctx: names.append(name)
    s.httpd.socket = ctx.wrap_socket(s.httpd.socket, server_side=True)
    s.sni = names
    _fake_dns(monkeypatch, {"news.fc-test.example": ["127.0.0.1"], "other.fc-test.example": ["127.0.0.1"]})
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["news.fc-test.example", "other.fc-test.example"]
    yield s
    s.close()


def test_https_to_the_pinned_address_with_sni_and_a_verified_certificate(tls_server, tls_cert, monkeypatch):
    tls_server.routes["/s"] = Reply(body=html("<p>secure</p>"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_cert[0]))  # trust the test certificate
    page = fetch.fetch_page(f"https://news.fc-test.example:{tls_server.port}/s")
    assert "secure" in page.text
    assert tls_server.sni[-1] == "news.fc-test.example"
    assert tls_server.seen[-1].headers["host"] == f"news.fc-test.example:{tls_server.port}"
    # the certificate must name the host asked for, whatever address it was reached at
    with pytest.raises(FetchError, match="secure connection to other.fc-test.example failed: the certificate does not name this host"):
        fetch.fetch_page(f"https://other.fc-test.example:{tls_server.port}/s")


def test_https_refuses_an_untrusted_certificate(tls_server):
    tls_server.routes["/s"] = Reply(body=html("<p>secure</p>"))
    with pytest.raises(FetchError, match="the secure connection to news.fc-test.example failed") as err:
        fetch.fetch_page(f"https://news.fc-test.example:{tls_server.port}/s")
    assert "certificate" in err.value.message and not err.value.transient
