"""Fetching pages (intake by URL) and posting webhooks without server-side request forgery.

Every request this application makes on a user's behalf goes through this module. The rules
(README: intake by URL):

- **http and https only**; no user name or password in the URL; any port.
- **Every address is checked before it is used.** The host is resolved here (``getaddrinfo``)
  and the request is refused when *any* of its addresses is not a public unicast address:
  loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10),
  multicast, reserved, unspecified and "this network" (0.0.0.0/8), shared CGNAT space
  (100.64/10), the cloud metadata endpoints (169.254.169.254, fd00:ec2::254, 100.100.100.200),
  and IPv6 addresses that carry one of those IPv4 addresses (IPv4-mapped ``::ffff:a.b.c.d``,
  NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo). Numeric host spellings that the system
  resolver accepts (``2130706433``, ``0177.0.0.1``, ``0x7f.1``) resolve to the address they
  stand for, and that address is what is checked.
- **The connection goes to the address that was checked** (the IP is pinned: the socket is
  opened to it, with the page's host in the ``Host`` header and, for https, in SNI and in the
  certificate check), so a DNS answer that changes between the check and the connection
  (DNS rebinding) changes nothing. No proxy from the environment is used.
- **Redirects are followed here, at most FACTCHECK_FETCH_MAX_REDIRECTS (5)**, and each new
  location is checked like the first URL (scheme, user info, every address). Webhook posts
  follow no redirect.
- **Bounded**: a connect timeout, a total deadline for the whole fetch (redirects included,
  enforced by a watchdog that closes the socket, so a server dripping bytes cannot hold a
  worker), and a size cap on the (decompressed) body.
- ``FACTCHECK_FETCH_ALLOWED_HOSTS`` lists host names (exact, case-insensitive) whose addresses
  are not checked (a newsroom's intranet, the tests' local server). It allows those names only:
  a redirect from an allowed host to another host is checked as usual.

Failures raise :class:`FetchError`, whose message is meant for the editor ("refused: 10.0.0.5
is a private address", "timed out after 20 s", "HTTP 404 Not Found") and whose ``transient``
flag says whether trying again later may help (timeouts, connection errors, 429, 5xx).
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext, gettext_noop
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, SSLError
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.util.ssl_match_hostname import CertificateError as HostnameMismatch

__all__ = ["FetchError", "Page", "PostResult", "address_problem", "destination_problem", "fetch_page", "post_json"]

MAX_URL_LENGTH = 1000  # the length of Article.url / Webhook.url
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024

# cloud metadata endpoints (AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba): named in messages
METADATA = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """A fetch or post that did not succeed; ``message`` is for a person, ``transient`` says
    whether a later attempt may succeed; ``status`` is the HTTP status when there was one."""

    def __init__(
        self,
        message: str,
        *,
        transient: bool = False,
        status: int | None = None,
        msgid: str | None = None,
        params: dict | None = None,
    ):
        super().__init__(message)
        self.message = message  # English: logs, job items, webhook deliveries ("refused..." is tested)
        self.transient = transient
        self.status = status
        self.msgid = msgid  # the translatable text ``message`` was made from, when there is one
        self.params = params or {}

    def __str__(self) -> str:
        return self.message

    def localized(self) -> str:
        """``message`` in the active language (the form that shows a refused URL)."""
        if self.msgid is None:
            return self.message
        return gettext(self.msgid) % self.params


def _refused(msgid: str, **params: object) -> FetchError:
    """A FetchError whose English message is ``msgid % params`` and which can be shown translated."""
    return FetchError(msgid % params, msgid=msgid, params=params)


@dataclass(slots=True)
class Page:
    """A fetched page, decoded."""

    url: str  # the URL asked for
    final_url: str  # where the page was found, after redirects
    kind: str  # "html" or "text"
    content_type: str  # e.g. "text/html"
    charset: str  # the codec used to decode it
    text: str
    status: int = 200
    redirects: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PostResult:
    """The endpoint's answer to a POST (any status: the caller decides what counts)."""

    status: int
    reason: str
    seconds: float


# ----------------------------------------------------------------------------- addresses


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, translate=None) -> str | None:
    """Why a request must not go to ``ip`` ("a loopback address"...), or None for a public
    unicast address. In English, or through ``translate`` (e.g. ``gettext``) for a person."""
    _ = translate or _english
    if ip in METADATA:
        return _(gettext_noop("a cloud metadata address"))
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = address_problem(embedded, translate)
            if inner:
                return _(gettext_noop("%(problem)s (IPv4 %(ipv4)s inside IPv6)")) % {
                    "problem": inner,
                    "ipv4": embedded,
                }
        if ip.scope_id:
            return _(gettext_noop("a scoped (link-local) address"))
    if ip.is_unspecified or (ip.version == 4 and ip in _THIS_NETWORK):
        return _(gettext_noop("an unspecified address"))
    if ip.is_loopback:
        return _(gettext_noop("a loopback address"))
    if ip.is_link_local:
        return _(gettext_noop("a link-local address"))
    if ip.is_multicast:
        return _(gettext_noop("a multicast address"))
    if ip.version == 4 and ip in _CGNAT:
        return _(gettext_noop("a shared (carrier-grade NAT) address"))
    if ip.is_reserved:
        return _(gettext_noop("a reserved address"))
    if ip.is_private:
        return _(gettext_noop("a private address"))
    if not ip.is_global:
        return _(gettext_noop("not a public address"))
    return None


def _english(text: str) -> str:
    return text


def _allowed_host(host: str) -> bool:
    return host.lower() in {h.lower() for h in settings.FACTCHECK_FETCH_ALLOWED_HOSTS}


@dataclass(slots=True)
class _Target:
    scheme: str
    host: str  # as in the URL, lower case, IDNA-encoded (ASCII)
    port: int
    target: str  # the request target: path and query
    host_header: str


def _target(url: str) -> _Target:
    """The parts of ``url`` a request needs, or FetchError saying what is wrong with it."""
    if not isinstance(url, str) or not url.strip():
        raise _refused(gettext_noop("no URL"))
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise _refused(gettext_noop("the URL is longer than %(limit)s characters"), limit=MAX_URL_LENGTH)
    if any(c in url for c in "\r\n\t\x00") or any(ord(c) < 32 for c in url):
        raise _refused(gettext_noop("the URL holds control characters"))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise _refused(gettext_noop("not a valid URL (%(error)s)"), error=err) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _refused(
            gettext_noop("refused: %(scheme)s scheme (only http and https URLs are fetched)"),
            scheme=parts.scheme or "no",
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise _refused(gettext_noop("refused: the URL holds a user name or password"))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise _refused(gettext_noop("the URL has no host"))
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError:
        raise _refused(gettext_noop("%(host)s is not a valid host name"), host=repr(host)) from None
    if port == 0:
        raise _refused(gettext_noop("port 0 is not a port"))
    default = 443 if scheme == "https" else 80
    port = port or default
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    target = path + (f"?{query}" if query else "")
    shown = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    host_header = shown if port == default else f"{shown}:{port}"
    return _Target(scheme=scheme, host=ascii_host, port=port, target=target, host_header=host_header)


def _resolve(host: str, port: int) -> list[str]:
    """The host's addresses, every one of them checked (unless the host is allowlisted)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        transient = err.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", -11))
        raise FetchError(f"could not find the host {host} ({err.strerror})", transient=transient) from None
    except (UnicodeError, ValueError):
        raise _refused(gettext_noop("%(host)s is not a valid host name"), host=repr(host)) from None
    addresses: list[str] = []
    for family, _, _, _, sockaddr in answers:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        addr = sockaddr[0]
        if addr not in addresses:
            addresses.append(addr)
    if not addresses:
        raise FetchError(f"could not find the host {host} (no address)")
    if _allowed_host(host):
        return addresses
    for addr in addresses:
        try:
            ip = ipaddress.ip_address(addr.split("%", 1)[0])
        except ValueError:
            raise FetchError(f"refused: {addr} is not an address") from None
        problem = address_problem(ip) if "%" not in addr else "a scoped (link-local) address"
        if problem:
            if _is_ip(host):
                raise FetchError(f"refused: {addr} is {problem}")
            raise FetchError(f"refused: {host} resolves to {addr}, {problem}")
    return addresses


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def destination_problem(url: str) -> str | None:
    """Why ``url`` may not be fetched or posted to (its form, its scheme, or any address its host
    resolves to), or None. For forms: registering a webhook, typing URLs to import."""
    try:
        t = _target(url)
        _resolve(t.host, t.port)
    except FetchError as err:
        return err.message
    return None


# ----------------------------------------------------------------------------- one request


class _Deadline:
    """The whole fetch's time limit: a watchdog closes the socket in use when it passes."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self._fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    @property
    def expired(self) -> bool:
        """Whether the time is up, by the clock: on a busy machine the socket's own timeout (set to
        the time remaining) can fire before the watchdog thread has run."""
        return self._fired or time.monotonic() >= self.end

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def error(self) -> FetchError:
        return FetchError(f"timed out after {self.seconds:g} s", transient=True)

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
        if self._timer is None:
            self._timer = threading.Timer(max(self.end - time.monotonic(), 0), self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._fired = True
            if self._sock is not None:
                try:
                    self._sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _connect(t: _Target, deadline: _Deadline) -> HTTPConnection:
    """An open connection to one of the host's checked addresses (the first that answers)."""
    addresses = _resolve(t.host, t.port)
    last: Exception | None = None
    for addr in addresses:
        timeout = min(settings.FACTCHECK_FETCH_CONNECT_TIMEOUT, deadline.remaining())
        if t.scheme == "https":
            conn: HTTPConnection = HTTPSConnection(
                addr,
                t.port,
                timeout=timeout,
                server_hostname=t.host,
                assert_hostname=t.host,
                cert_reqs="CERT_REQUIRED",
            )
        else:
            conn = HTTPConnection(addr, t.port, timeout=timeout)
        try:
            conn.connect()
        except (SSLError, ssl.SSLError, ssl.CertificateError, HostnameMismatch) as err:
            conn.close()
            raise FetchError(f"the secure connection to {t.host} failed: {_tls_message(err)}") from None
        except (TimeoutError, ConnectTimeoutError) as err:
            if isinstance(err, NewConnectionError):  # urllib3's connection errors subclass its timeout
                conn.close()
                last = FetchError(f"could not connect to {t.host}: {_short(err)}", transient=True)
                continue
            conn.close()
            last = FetchError(
                f"could not connect to {t.host} within {timeout:g} s (timed out)", transient=True
            )
            continue
        except (OSError, Urllib3Error) as err:
            conn.close()
            last = FetchError(f"could not connect to {t.host}: {_short(err)}", transient=True)
            continue
        conn.sock.settimeout(deadline.remaining())
        deadline.watch(conn.sock)
        return conn
    assert last is not None
    if deadline.expired:
        raise deadline.error()
    raise last


def _tls_message(err: BaseException) -> str:
    inner = err
    while inner is not None and not isinstance(inner, ssl.SSLError | ssl.CertificateError | HostnameMismatch):
        inner = inner.__cause__ or inner.__context__
    verify = getattr(inner, "verify_message", None)
    if verify:
        return f"certificate verify failed: {verify}"
    if isinstance(inner, ssl.CertificateError | HostnameMismatch) or "match" in str(err):
        return "the certificate does not name this host"
    text = str(getattr(inner, "reason", None) or inner or err)
    return re.sub(r"\s*\(_ssl\.c:\d+\)", "", text)[:200]


def _short(err: BaseException) -> str:
    cause = err.__cause__ or err.__context__
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror[0].lower() + cause.strerror[1:]
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]
    text = str(getattr(err, "reason", None) or err) or type(err).__name__
    text = re.sub(r"<urllib3\.[^>]*>:?\s*", "", text)
    return text.splitlines()[0][:200] if text else type(err).__name__


def _headers(t: _Target, extra: dict[str, str]) -> dict[str, str]:
    return {"Host": t.host_header, "User-Agent": settings.FACTCHECK_FETCH_USER_AGENT, **extra}


def _status_error(status: int, reason: str) -> FetchError:
    transient = status in (408, 425, 429) or status >= 500
    return FetchError(f"HTTP {status} {reason}".strip(), transient=transient, status=status)


# ----------------------------------------------------------------------------- fetch a page


_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# labels that browsers read as windows-1252 (WHATWG Encoding): its extra characters in 0x80-0x9f
# (curly quotes, dashes, the euro sign) are what such pages mean
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "iso_8859-1", "cp819"}


def _codec_name(label: str | bytes | None) -> str | None:
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_body(data: bytes, content_type: str, *, html: bool) -> tuple[str, str]:
    """(text, codec used): a byte-order mark first (as browsers do), then the charset of the
    Content-Type header, then, for HTML, a ``<meta charset>`` in the first 4 KB; otherwise
    UTF-8 when the bytes are valid UTF-8, else charset-normalizer's guess; undecodable bytes
    become U+FFFD."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, "replace"), name
    declared = _codec_name(m.group(1)) if (m := _CT_CHARSET.search(content_type or "")) else None
    if declared is None and html:
        declared = _codec_name(m.group(1)) if (m := _META_CHARSET.search(data[:4096])) else None
        if declared in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            declared = "utf-8"  # a meta tag that can be read is ASCII-compatible (HTML spec)
    if declared:
        return data.decode(declared, "replace"), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        name = _codec_name(best.encoding) if best is not None else None
    except Exception:  # noqa: BLE001 - a guess that fails is no guess
        name = None
    name = name or "utf-8"
    return data.decode(name, "replace"), name


def _kind(content_type: str, data: bytes) -> str | None:
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in HTML_TYPES:
        return "html"
    if mime in TEXT_TYPES:
        return "text"
    if not mime:  # no Content-Type: look at the bytes
        head = data[:1024].lstrip().lower()
        return "html" if head.startswith((b"<!doctype html", b"<html", b"<?xml")) else "text"
    return None


def _mb(n: int) -> str:
    return f"{n / 1048576:g} MB" if n >= 1048576 else f"{n / 1024:g} KB"


def fetch_page(url: str) -> Page:
    """GET ``url`` under the rules of this module: an HTML or plain-text page, decoded."""
    cap = settings.FACTCHECK_FETCH_MAX_BYTES
    max_redirects = settings.FACTCHECK_FETCH_MAX_REDIRECTS
    deadline = _Deadline(settings.FACTCHECK_FETCH_TOTAL_TIMEOUT)
    current = url.strip() if isinstance(url, str) else url
    redirects: list[str] = []
    try:
        while True:
            t = _target(current)
            conn = _connect(t, deadline)
            try:
                try:
                    conn.request(
                        "GET",
                        t.target,
                        headers=_headers(
                            t,
                            {
                                "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
                                "Accept-Encoding": "gzip, deflate",
                            },
                        ),
                        preload_content=False,
                    )
                    resp = conn.getresponse()
                except (OSError, Urllib3Error) as err:
                    if deadline.expired:
                        raise deadline.error() from None
                    raise FetchError(f"the connection to {t.host} failed: {_short(err)}", transient=True) from None
                status = resp.status
                if status in REDIRECTS:
                    location = resp.headers.get("Location", "").strip()
                    if not location:
                        raise FetchError(f"HTTP {status} redirect without a Location", status=status)
                    if len(redirects) >= max_redirects:
                        raise FetchError(f"too many redirects (more than {max_redirects})")
                    current = urljoin(current, location)
                    redirects.append(current)
                    continue
                if not 200 <= status < 300:
                    raise _status_error(status, resp.reason or "")
                content_type = resp.headers.get("Content-Type", "")
                if _kind(content_type, b"") is None:
                    mime = content_type.split(";", 1)[0].strip()
                    raise FetchError(
                        f"not a web page: the server sent {mime} (only HTML and plain text pages are imported)"
                    )
                length = resp.headers.get("Content-Length", "")
                if length.isascii() and length.isdecimal() and int(length) > cap and "gzip" not in resp.headers.get("Content-Encoding", ""):
                    raise FetchError(f"page is larger than {_mb(cap)}")
                data = _read_capped(resp, cap, deadline)
            finally:
                conn.close()
            kind = _kind(content_type, data)
            assert kind is not None
            text, charset = decode_body(data, content_type, html=kind == "html")
            return Page(
                url=url,
                final_url=current,
                kind=kind,
                content_type=content_type.split(";", 1)[0].strip().lower() or ("text/html" if kind == "html" else "text/plain"),
                charset=charset,
                text=text,
                status=status,
                redirects=redirects,
            )
    finally:
        deadline.cancel()


def _read_capped(resp, cap: int, deadline: _Deadline) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            deadline.remaining()
            chunk = resp.read(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:
                raise FetchError(f"page is larger than {_mb(cap)}")
            chunks.append(chunk)
    except FetchError:
        raise
    except (OSError, Urllib3Error, ValueError) as err:
        if deadline.expired:
            raise deadline.error() from None
        raise FetchError(f"the connection broke while reading the page: {_short(err)}", transient=True) from None
    if deadline.expired:
        raise deadline.error()
    return b"".join(chunks)


# ----------------------------------------------------------------------------- post (webhooks)


def post_json(url: str, body: bytes, *, headers: dict[str, str], timeout: float | None = None) -> PostResult:
    """POST ``body`` (JSON) to ``url`` under the same address rules; no redirect is followed
    (a 3xx is returned like any other status). Raises FetchError when no answer came."""
    deadline = _Deadline(timeout if timeout is not None else settings.FACTCHECK_FETCH_TOTAL_TIMEOUT)
    started = time.monotonic()
    try:
        t = _target(url)
        conn = _connect(t, deadline)
        try:
            try:
                conn.request(
                    "POST",
                    t.target,
                    body=body,
                    headers=_headers(t, {"Content-Type": "application/json", **headers}),
                    preload_content=False,
                )
                resp = conn.getresponse()
                _read_capped(resp, 64 * 1024, deadline) if resp.status != 204 else None
            except FetchError as err:
                if "larger than" not in err.message:
                    raise
            except (OSError, Urllib3Error) as err:
                if deadline.expired:
                    raise deadline.error() from None
                raise FetchError(f"the connection to {t.host} failed: {_short(err)}", transient=True) from None
        finally:
            conn.close()
        return PostResult(status=resp.status, reason=resp.reason or "", seconds=time.monotonic() - started)
    finally:
        deadline.cancel()
