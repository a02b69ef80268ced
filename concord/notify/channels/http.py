"""HTTP for the channels that post (the SMS gateway, webhooks), with the standard library only:
one keep-alive connection per origin for a batch, a timeout on every request, and the rule that
an origin which failed (or asked us to slow down) is not tried again in the same batch."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

from concord.notify.channels import DeliveryError

USER_AGENT = "Concord-Notify/1"
_Origin = tuple[str, str, int]


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes


def check_url(url: str) -> None:
    """Raises a permanent DeliveryError unless ``url`` is an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        raise DeliveryError("not a valid URL", permanent=True) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise DeliveryError("only http:// and https:// URLs are posted to", permanent=True)


def check_key(key: str) -> None:
    """An idempotency key goes into a header: printable ASCII, at most 120 characters."""
    if not re.fullmatch(r"[\x21-\x7e]{1,120}", key):
        raise DeliveryError("the idempotency key must be 1-120 printable ASCII characters", permanent=True)


class HttpSession:
    """The connections of one batch; use as a context manager so that they are closed.

    ``hidden`` are strings (an API key) that must never appear in an error: they are replaced
    by ``***`` in any text taken from the other side."""

    def __init__(self, timeout: float, *, hidden: tuple[str, ...] = ()) -> None:
        self.timeout = timeout
        self.hidden = tuple(text for text in hidden if text)
        self._connections: dict[_Origin, http.client.HTTPConnection] = {}
        self._down: dict[_Origin, str] = {}

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Reply:
        """POST ``body``; the reply, whatever its status. Raises DeliveryError (retryable) on a
        timeout or a connection error, permanent for a URL or header we cannot send."""
        check_url(url)
        parts = urlsplit(url)
        host = parts.hostname or ""
        origin = (parts.scheme, host, parts.port or (443 if parts.scheme == "https" else 80))
        if origin in self._down:
            raise DeliveryError(f"{host}: not tried again in this batch ({self._down[origin]})")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json", **headers}
        for attempt in (1, 2):
            connection = self._connections.get(origin)
            reused = connection is not None
            if connection is None:
                connection = self._connect(origin)
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except ValueError as exc:  # http.client refuses a header value (a line break, not Latin-1)
                self._forget(origin)
                raise DeliveryError(f"cannot send this request: {type(exc).__name__}", permanent=True) from None
            except TimeoutError:
                self._forget(origin)
                self._down[origin] = "timed out"
                raise DeliveryError(f"{host}: no answer within {self.timeout:g} s") from None
            except (OSError, http.client.HTTPException) as exc:
                self._forget(origin)
                if reused and attempt == 1:
                    continue  # a kept-alive connection the server had closed: once more on a new one
                self._down[origin] = "unreachable"
                raise DeliveryError(f"{host}: cannot connect ({self.scrub(str(exc) or type(exc).__name__)})") from None
            if response.will_close:
                self._forget(origin)
            if response.status == 429 or response.status == 503:
                self._down[origin] = f"it answered {response.status}"  # it asked us to slow down
            return Reply(response.status, data)
        raise AssertionError("unreachable")  # pragma: no cover

    def check(self, reply: Reply, what: str) -> None:
        """Raises DeliveryError unless the reply is 2xx: 429 and 5xx retryable, the rest final."""
        if 200 <= reply.status < 300:
            return
        snippet = self.scrub(" ".join(reply.body[:200].decode("utf-8", "replace").split()))[:100]
        retryable = reply.status == 429 or reply.status >= 500
        raise DeliveryError(f"{what} answered {reply.status}: {snippet}".rstrip(": "), permanent=not retryable)

    def scrub(self, text: str) -> str:
        for secret in self.hidden:
            text = text.replace(secret, "***")
        return text

    def _connect(self, origin: _Origin) -> http.client.HTTPConnection:
        scheme, host, port = origin
        factory = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        connection = factory(host, port, timeout=self.timeout)
        self._connections[origin] = connection
        return connection

    def _forget(self, origin: _Origin) -> None:
        connection = self._connections.pop(origin, None)
        if connection is not None:
            connection.close()
