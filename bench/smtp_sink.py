"""An SMTP server that accepts everything and writes down what it received, for the notify
tests (the ``smtp_sink`` fixture uses ``SinkHandler``) and for benchmarks and crash tests of the
notify worker:

    python bench/smtp_sink.py --port 2525 --out var/sink.tsv

appends one line per received message and recipient, ``<message-id>\\t<recipient>``, flushed at
once, and runs until it is killed (on SIGTERM or SIGINT it prints ``{"messages_received": N}``).
It prints ``smtp_sink: listening on HOST:PORT`` when it is ready. The handler only scans the
headers for the Message-ID, so that it keeps up with several workers (aiosmtpd runs on asyncio).
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import re
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, TextIO

from aiosmtpd.controller import Controller

# A long Message-ID is folded onto the next line ("Message-ID:\r\n <...>").
_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(\S+)", re.IGNORECASE | re.MULTILINE)


@dataclass
class Received:
    """One message as the server accepted it."""

    message_id: str
    mail_from: str
    recipients: list[str]
    content: bytes = field(repr=False)

    def parsed(self) -> EmailMessage:
        """The whole message, decoded (headers and body), for tests."""
        message = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message

    def text(self) -> str:
        """The plain-text body, decoded, with the wire's CRLF line ends as ``\\n``."""
        return str(self.parsed().get_content()).replace("\r\n", "\n")


class SinkHandler:
    """aiosmtpd handler: accepts every message and hands it to ``on_message``. Tests can make it
    refuse a recipient (``refuse[address] = "550 5.1.1 No such user"`` or a 451) or drop the
    connection, with no answer, on the next ``drop_next`` messages."""

    def __init__(self, on_message: Callable[[Received], None]) -> None:
        self.on_message = on_message
        self.refuse: dict[str, str] = {}
        self.drop_next = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_next > 0:
            self.drop_next -= 1
            server.transport.abort()  # the connection breaks with the message in flight
            return "421 dropped"
        content = envelope.original_content or envelope.content
        head = content.split(b"\r\n\r\n", 1)[0]
        found = _MESSAGE_ID.search(head)
        message_id = found.group(1).decode("ascii", "replace") if found else ""
        self.on_message(Received(message_id, envelope.mail_from, list(envelope.rcpt_tos), content))
        return "250 OK queued"


def start_sink(handler: SinkHandler, host: str, port: int) -> Controller:
    controller = Controller(handler, hostname=host, port=port)
    controller.start()
    return controller


def _writer(out: TextIO) -> tuple[Callable[[Received], None], list[int]]:
    count = [0]

    def write(received: Received) -> None:
        for recipient in received.recipients:
            out.write(f"{received.message_id}\t{recipient}\n")
        out.flush()
        count[0] += 1

    return write, count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True, help="file to append '<message-id>\\t<recipient>' lines to")
    options = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with open(options.out, "a", encoding="utf-8") as out:
        write, count = _writer(out)
        controller = start_sink(SinkHandler(write), options.host, options.port)
        print(f"smtp_sink: listening on {options.host}:{options.port}", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        finally:
            controller.stop()
    print(json.dumps({"messages_received": count[0]}), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
