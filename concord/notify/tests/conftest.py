"""Servers the notification channels talk to in tests: a real SMTP server (aiosmtpd, the handler
of bench/smtp_sink.py) and a local HTTP server that plays the SMS gateway and webhook receivers.
Neither needs the database."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bench.smtp_sink import Received, SinkHandler, start_sink


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpSink:
    """What the SMTP server received; ``refuse``/``defer`` a recipient, ``drop_next`` connections."""

    handler: SinkHandler
    host: str
    port: int
    messages: list[Received] = field(default_factory=list)

    def refuse(self, address: str) -> None:
        self.handler.refuse[address.lower()] = "550 5.1.1 No such user here"

    def defer(self, address: str) -> None:
        self.handler.refuse[address.lower()] = "451 4.3.0 Mailbox busy, try again later"

    def drop_next(self, count: int = 1) -> None:
        self.handler.drop_next = count

    def reset(self) -> None:
        self.messages.clear()
        self.handler.refuse.clear()
        self.handler.drop_next = 0


@pytest.fixture(scope="session")
def _smtp_server() -> Iterator[SmtpSink]:
    messages: list[Received] = []
    handler = SinkHandler(messages.append)
    port = closed_port()
    controller = start_sink(handler, "127.0.0.1", port)
    yield SmtpSink(handler, "127.0.0.1", port, messages)
    controller.stop()


@pytest.fixture
def smtp_sink(_smtp_server: SmtpSink, settings: Any) -> Iterator[SmtpSink]:
    """A running SMTP server that records every message; the e-mail settings point at it."""
    _smtp_server.reset()
    settings.EMAIL_HOST = _smtp_server.host
    settings.EMAIL_PORT = _smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield _smtp_server
    _smtp_server.reset()


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    client: tuple[str, int]  # the client's address: one per connection

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b'{"ok": true}'
    delay: float = 0.0  # seconds to wait before answering
    echo_headers: bool = False  # answer with the request's Authorization header in the body (a careless gateway)


@dataclass
class HttpReceiver:
    """A local HTTP server: records every POST and answers as told per path (200 by default)."""

    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, path: str, status: int, **options: Any) -> None:
        self.answers[path] = Answer(status, **options)


def _handler_for(receiver: HttpReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real gateway

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            receiver.requests.append(Recorded(self.path, headers, body, self.client_address))
            answer = receiver.answers.get(self.path.split("?")[0], Answer())
            if answer.delay and receiver.release.wait(answer.delay):
                return  # the test is over
            echo = {"error": "rejected", "authorization": headers.get("authorization", "")}
            content = json.dumps(echo).encode() if answer.echo_headers else answer.body
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout test) is not an error here


@pytest.fixture
def http_receiver() -> Iterator[HttpReceiver]:
    """A running HTTP server on 127.0.0.1 playing the SMS gateway and webhook endpoints."""
    receiver = HttpReceiver()
    server = _QuietServer(("127.0.0.1", 0), _handler_for(receiver))
    receiver.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield receiver
    receiver.release.set()
    server.shutdown()
    server.server_close()


@dataclass
class Outcome:
    """What a transport reported through ``done`` and ``failed``, in order."""

    done: list[str] = field(default_factory=list)
    failed: dict[str, Any] = field(default_factory=dict)  # key -> DeliveryError
    order: list[str] = field(default_factory=list)

    def on_done(self, message: Any) -> None:
        self.done.append(message.key)
        self.order.append(message.key)

    def on_failed(self, message: Any, error: Any) -> None:
        self.failed[message.key] = error
        self.order.append(message.key)


@pytest.fixture
def outcome() -> Outcome:
    return Outcome()
