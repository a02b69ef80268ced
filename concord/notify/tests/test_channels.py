"""The real channels against real servers on 127.0.0.1: e-mail to an SMTP server, SMS to an
HTTP gateway, signed webhooks. No database: a channel never touches it (pytest-django would
refuse the query)."""

from __future__ import annotations

import logging
import re
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from concord.notify.channels import TRANSPORTS, DeliveryError, Message, masked_address
from concord.notify.channels.email import EmailTransport, message_id
from concord.notify.channels.sms import SmsTransport
from concord.notify.channels.webhook import WebhookTransport, signature, verify_signature, webhook_body
from concord.notify.tests.conftest import HttpReceiver, Outcome, SmtpSink, closed_port
from concord.settings import parse_mail_domain

GATEWAY_KEY = "sk-live-3f9a8c1d7e"


def mail(key: str, to: str, subject: str = "Case accepted", body: str = "Your case was accepted.", **kw) -> Message:  # type: ignore[no-untyped-def]
    return Message(key=key, to=to, subject=subject, body=body, kind=kw.pop("kind", "case.accepted"), **kw)


def send(transport, messages: list[Message], outcome: Outcome) -> Outcome:  # type: ignore[no-untyped-def]
    transport.send_many(messages, outcome.on_done, outcome.on_failed)
    return outcome


def test_the_four_channels_are_registered() -> None:
    assert set(TRANSPORTS) == {"console", "email", "sms", "webhook"}
    assert all(name == transport.name for name, transport in TRANSPORTS.items())


# --- e-mail -------------------------------------------------------------------------------


def test_email_in_chinese_and_english_with_the_key_in_the_message_id(
    smtp_sink: SmtpSink, settings, outcome: Outcome
) -> None:  # type: ignore[no-untyped-def]
    settings.DEFAULT_FROM_EMAIL = "Concord 调解 <noreply@mediate.example.org>"
    settings.CONCORD_MAIL_DOMAIN = "mediate.example.org"
    messages = [
        mail(
            "case.accepted:c-17:user:4:email",
            "wang@example.org",
            "您的纠纷已签收",
            "王芳：您的纠纷已由网格员签收。",
            language="zh-hans",
        ),
        mail(
            "case.accepted:c-17:user:5:email",
            "li@example.org",
            "Your dispute was signed for",
            "Dear Li Ming,\nhello.",
            language="en",
        ),
    ]
    send(EmailTransport(), messages, outcome)
    assert outcome.done == [m.key for m in messages] and not outcome.failed
    assert len(smtp_sink.messages) == 2
    for sent, received in zip(messages, smtp_sink.messages, strict=True):
        parsed = received.parsed()
        assert received.recipients == [sent.to]
        assert received.message_id == parsed["Message-ID"] == message_id(sent.key)
        assert parsed["Message-ID"].endswith("@mediate.example.org>")
        assert parsed["From"] == "Concord 调解 <noreply@mediate.example.org>"
        assert parsed["Subject"] == sent.subject
        assert received.text().rstrip("\n") == sent.body
        assert parsed["X-Concord-Kind"] == "case.accepted"
        assert parsed["Content-Language"] == sent.language


def test_message_ids_are_stable_distinct_and_valid(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_MAIL_DOMAIN = "concord.localhost"
    assert message_id("case.accepted:c-17:u4") == message_id("case.accepted:c-17:u4")
    assert message_id("a:b") != message_id("a.b") != message_id("a=3Ab")
    assert re.fullmatch(r"<[A-Za-z0-9_=-]+@concord\.localhost>", message_id("n:7:user:4 x/y@z.email"))


def test_a_refused_recipient_is_final_and_the_rest_of_the_batch_is_delivered(
    smtp_sink: SmtpSink, outcome: Outcome
) -> None:
    smtp_sink.refuse("gone@example.org")
    keys = ["k1", "k2", "k3"]
    send(
        EmailTransport(),
        [mail(k, to) for k, to in zip(keys, ["a@example.org", "gone@example.org", "c@example.org"], strict=True)],
        outcome,
    )
    assert outcome.done == ["k1", "k3"]
    assert outcome.order == keys
    assert outcome.failed["k2"].permanent
    assert "550" in outcome.failed["k2"].reason
    assert [m.recipients for m in smtp_sink.messages] == [["a@example.org"], ["c@example.org"]]


def test_a_451_is_retried_later(smtp_sink: SmtpSink, outcome: Outcome) -> None:
    smtp_sink.defer("busy@example.org")
    send(EmailTransport(), [mail("k1", "busy@example.org"), mail("k2", "ok@example.org")], outcome)
    assert outcome.done == ["k2"]
    assert not outcome.failed["k1"].permanent
    assert "451" in outcome.failed["k1"].reason


def test_an_invalid_address_is_final_without_trying(smtp_sink: SmtpSink, outcome: Outcome) -> None:
    send(EmailTransport(), [mail("k1", "not an address"), mail("k2", "ok@example.org", subject="Two\nlines")], outcome)
    assert outcome.failed["k1"].permanent and outcome.failed["k2"].permanent
    assert smtp_sink.messages == []


def test_smtp_server_down_fails_every_message_retryable(settings, outcome: Outcome) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    send(EmailTransport(), [mail("k1", "a@example.org"), mail("k2", "b@example.org")], outcome)
    assert outcome.done == []
    assert set(outcome.failed) == {"k1", "k2"}
    assert not any(error.permanent for error in outcome.failed.values())


def test_a_dropped_connection_is_reopened_once_and_the_batch_goes_on(smtp_sink: SmtpSink, outcome: Outcome) -> None:
    first = mail("k1", "a@example.org")
    send(EmailTransport(), [first], outcome)
    smtp_sink.drop_next(1)
    send(EmailTransport(), [mail("k2", "b@example.org"), mail("k3", "c@example.org")], outcome)
    assert outcome.done == ["k1", "k2", "k3"] and not outcome.failed
    assert [m.message_id for m in smtp_sink.messages] == [message_id(k) for k in ("k1", "k2", "k3")]


def test_a_connection_that_drops_twice_fails_the_rest_retryable(smtp_sink: SmtpSink, outcome: Outcome) -> None:
    smtp_sink.drop_next(2)
    send(EmailTransport(), [mail("k1", "a@example.org"), mail("k2", "b@example.org")], outcome)
    assert outcome.done == []
    assert outcome.order == ["k1", "k2"]
    assert not any(error.permanent for error in outcome.failed.values())
    assert smtp_sink.messages == []


def test_mail_domain_comes_from_the_from_address() -> None:
    assert parse_mail_domain("Concord <noreply@Concord.Example.org>") == "concord.example.org"
    assert parse_mail_domain("noreply@localhost") == "localhost"
    for wrong in ("Concord", "Concord <noreply@>", "<@example.org>"):
        with pytest.raises(ImproperlyConfigured):
            parse_mail_domain(wrong)


# --- SMS -----------------------------------------------------------------------------------


@pytest.fixture
def gateway(http_receiver: HttpReceiver, settings) -> HttpReceiver:  # type: ignore[no-untyped-def]
    settings.CONCORD_SMS_GATEWAY_URL = http_receiver.url("/v1/messages")
    settings.CONCORD_SMS_GATEWAY_KEY = GATEWAY_KEY
    settings.CONCORD_SMS_SENDER = "Concord"
    settings.CONCORD_SMS_TIMEOUT_SECONDS = 0.5
    return http_receiver


def test_sms_is_off_until_a_gateway_url_is_set(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_SMS_GATEWAY_URL = ""
    assert not TRANSPORTS["sms"].configured()
    settings.CONCORD_SMS_GATEWAY_URL = "https://sms.example.org/send"
    assert TRANSPORTS["sms"].configured()


def test_sms_accepted_with_bearer_key_reference_and_idempotency_key(gateway: HttpReceiver, outcome: Outcome) -> None:
    messages = [
        mail("case.accepted:c-1:party:9:sms", "+86 138-0013-8000", body="您的纠纷已签收，回执号 A1B2。"),
        mail("case.accepted:c-2:party:3:sms", "13900139000", body="Your case was signed for."),
    ]
    send(SmsTransport(), messages, outcome)
    assert outcome.done == [m.key for m in messages] and not outcome.failed
    assert len(gateway.requests) == 2
    for sent, request in zip(messages, gateway.requests, strict=True):
        assert request.path == "/v1/messages"
        assert request.headers["authorization"] == f"Bearer {GATEWAY_KEY}"
        assert request.headers["idempotency-key"] == sent.key
        assert request.headers["content-type"] == "application/json"
        assert request.json() == {
            "to": re.sub(r"[ -]", "", sent.to),
            "text": sent.body,
            "reference": sent.key,
            "sender": "Concord",
        }
        assert sent.subject.encode() not in request.body
    assert len({request.client for request in gateway.requests}) == 1  # one kept-alive connection


@pytest.mark.parametrize(("status", "permanent"), [(500, False), (502, False), (429, False), (400, True), (401, True)])
def test_sms_gateway_answers(gateway: HttpReceiver, outcome: Outcome, status: int, permanent: bool) -> None:
    gateway.answer("/v1/messages", status, echo_headers=True)  # the answer repeats our Authorization header
    send(SmsTransport(), [mail("k1", "13800138000")], outcome)
    error = outcome.failed["k1"]
    assert error.permanent is permanent
    assert str(status) in error.reason
    assert GATEWAY_KEY not in error.reason and GATEWAY_KEY not in repr(error)


def test_a_429_stops_the_batch_without_further_requests(gateway: HttpReceiver, outcome: Outcome) -> None:
    gateway.answer("/v1/messages", 429)
    send(SmsTransport(), [mail("k1", "13800138000"), mail("k2", "13900139000")], outcome)
    assert outcome.done == [] and len(gateway.requests) == 1
    assert not outcome.failed["k1"].permanent and not outcome.failed["k2"].permanent


def test_sms_gateway_too_slow_is_retryable_after_about_the_timeout(
    gateway: HttpReceiver, outcome: Outcome, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    gateway.answer("/v1/messages", 200, delay=30)
    started = time.monotonic()
    send(SmsTransport(), [mail("k1", "13800138000"), mail("k2", "13900139000")], outcome)
    # Well before the gateway's 30 s: the 0.5 s timeout, and the second message is not tried.
    assert time.monotonic() - started < 10
    assert outcome.done == []
    assert not outcome.failed["k1"].permanent and not outcome.failed["k2"].permanent
    assert "0.5 s" in outcome.failed["k1"].reason
    assert len(gateway.requests) == 1
    assert GATEWAY_KEY not in caplog.text


def test_sms_gateway_unreachable_fails_every_message_retryable(settings, outcome: Outcome) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_SMS_GATEWAY_URL = f"http://127.0.0.1:{closed_port()}/send"
    settings.CONCORD_SMS_GATEWAY_KEY = GATEWAY_KEY
    send(SmsTransport(), [mail("k1", "13800138000"), mail("k2", "13900139000")], outcome)
    assert outcome.done == [] and set(outcome.failed) == {"k1", "k2"}
    assert not any(error.permanent or GATEWAY_KEY in error.reason for error in outcome.failed.values())


def test_not_a_phone_number_is_final_and_not_sent(gateway: HttpReceiver, outcome: Outcome) -> None:
    send(SmsTransport(), [mail("k1", "wang@example.org"), mail("k2", "13800138000")], outcome)
    assert outcome.failed["k1"].permanent and outcome.done == ["k2"]
    assert len(gateway.requests) == 1


# --- webhooks ------------------------------------------------------------------------------

SECRET = "whsec-7d1c0e"
PAYLOAD = {"event": "case.accepted", "case": "C-2026-0017", "region": "510101", "note": "已签收", "n": 3}


def hook(key: str, url: str, **kw) -> Message:  # type: ignore[no-untyped-def]
    return Message(
        key=key,
        to=url,
        subject="",
        body="",
        kind="case.accepted",
        secret=kw.pop("secret", SECRET),
        payload=kw.pop("payload", PAYLOAD),
        **kw,
    )


def test_webhook_is_signed_and_the_signature_verifies(http_receiver: HttpReceiver, outcome: Outcome) -> None:
    send(
        WebhookTransport(clock=lambda: 1_780_000_000.7),
        [hook("case.accepted:c-17:hook:2", http_receiver.url("/hooks/in?source=concord"))],
        outcome,
    )
    assert outcome.done == ["case.accepted:c-17:hook:2"]
    (request,) = http_receiver.requests
    assert request.path == "/hooks/in?source=concord"
    assert request.body == webhook_body(PAYLOAD)
    assert (
        request.body.decode()
        == '{"case":"C-2026-0017","event":"case.accepted","n":3,"note":"已签收","region":"510101"}'
    )
    headers = request.headers
    assert headers["content-type"] == "application/json"
    assert headers["idempotency-key"] == "case.accepted:c-17:hook:2"
    assert headers["x-concord-event"] == "case.accepted"
    assert headers["x-concord-timestamp"] == "1780000000"
    header, timestamp = headers["x-concord-signature"], headers["x-concord-timestamp"]
    assert re.fullmatch(r"sha256=[0-9a-f]{64}", header)
    assert verify_signature(SECRET, timestamp, request.body, header, now=1_780_000_100)
    assert not verify_signature(
        SECRET, timestamp, request.body.replace(b"510101", b"510102"), header, now=1_780_000_100
    )
    assert not verify_signature("another-secret", timestamp, request.body, header, now=1_780_000_100)
    assert not verify_signature(SECRET, "1780000001", request.body, header, now=1_780_000_100)  # another time
    assert not verify_signature(SECRET, timestamp, request.body, header, now=1_780_000_301)  # too old
    assert not verify_signature(SECRET, timestamp, request.body, "", now=1_780_000_000)


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert signature("s3cret", 1700000000, b"{}") == f"sha256={expected}"


@pytest.mark.parametrize(
    ("status", "permanent"), [(410, True), (404, True), (301, True), (500, False), (503, False), (429, False)]
)
def test_webhook_answers(http_receiver: HttpReceiver, outcome: Outcome, status: int, permanent: bool) -> None:
    http_receiver.answer("/hook", status)
    send(WebhookTransport(), [hook("k1", http_receiver.url("/hook")), hook("k2", http_receiver.url("/other"))], outcome)
    assert outcome.failed["k1"].permanent is permanent
    if status in (429, 503):  # the server asked us to slow down: nothing more to it in this batch
        assert outcome.done == [] and not outcome.failed["k2"].permanent
        assert [request.path for request in http_receiver.requests] == ["/hook"]
    else:  # another endpoint on the same server is not held up
        assert outcome.done == ["k2"]


def test_webhook_timeout_is_retryable_and_other_endpoints_still_get_theirs(
    http_receiver: HttpReceiver, settings, outcome: Outcome
) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_WEBHOOK_TIMEOUT_SECONDS = 0.5
    http_receiver.answer("/slow", 200, delay=30)
    started = time.monotonic()
    elsewhere = http_receiver.url("/fast").replace("127.0.0.1", "localhost")  # another origin
    send(WebhookTransport(), [hook("k1", http_receiver.url("/slow")), hook("k2", elsewhere)], outcome)
    assert time.monotonic() - started < 10  # well before the endpoint's 30 s
    assert not outcome.failed["k1"].permanent
    assert "0.5 s" in outcome.failed["k1"].reason
    assert outcome.done == ["k2"]


@pytest.mark.parametrize(
    "message",
    [
        hook("k1", "ftp://example.org/hook"),
        hook("k1", "file:///etc/passwd"),
        hook("k1", "http://127.0.0.1:notaport/x"),
        hook("k1", "https://example.org/hook", secret=""),
        hook("k1", "https://example.org/hook", payload={"when": float("nan")}),
        hook("bad\nkey", "https://example.org/hook"),
    ],
)
def test_webhooks_that_cannot_be_sent_are_final(message: Message, outcome: Outcome) -> None:
    send(WebhookTransport(), [message], outcome)
    assert outcome.failed[message.key].permanent


# --- console -------------------------------------------------------------------------------


def test_console_logs_a_line_per_message_without_subject_body_or_full_address(caplog, outcome: Outcome) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="concord.notify")
    messages = [
        mail("k1", "13800138000", body="王芳 说邻居每晚吵闹"),
        mail("k2", "wang.fang@example.org", body="Wang Fang"),
    ]
    send(TRANSPORTS["console"], messages, outcome)
    assert outcome.done == ["k1", "k2"]
    lines = [record.getMessage() for record in caplog.records if record.name == "concord.notify"]
    assert len(lines) == 2
    assert "key=k1" in lines[0] and "Case accepted" not in lines[0]  # nor the subject (a receipt)
    assert not any(word in caplog.text for word in ("王芳", "Wang Fang", "13800138000", "wang.fang@"))


def test_masked_address() -> None:
    assert masked_address("+8613800138000") == "***8000"
    assert masked_address("wang@example.org") == "w***@example.org"
    assert masked_address("https://user:pw@hooks.example.org/x?token=1") == "hooks.example.org"


def test_delivery_error_says_whether_to_retry() -> None:
    assert DeliveryError("x").permanent is False
    assert DeliveryError("x", permanent=True).permanent is True
    assert str(DeliveryError("gateway down")) == "gateway down"


# --- bench/smtp_sink.py ----------------------------------------------------------------------


def test_the_standalone_sink_writes_a_line_per_message(tmp_path, settings, outcome: Outcome) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys
    from pathlib import Path

    port, out = closed_port(), tmp_path / "sink.tsv"
    script = Path(__file__).resolve().parents[3] / "bench" / "smtp_sink.py"
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, str(script), "--port", str(port), "--out", str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert sink.stdout is not None
        assert sink.stdout.readline().strip() == f"smtp_sink: listening on 127.0.0.1:{port}"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        send(EmailTransport(), [mail("n:1:user:4", "a@example.org"), mail("n:2:user:5", "b@example.org")], outcome)
        assert outcome.done == ["n:1:user:4", "n:2:user:5"]
        lines = out.read_text().splitlines()  # flushed as received, before the sink stops
        assert lines == [f"{message_id('n:1:user:4')}\ta@example.org", f"{message_id('n:2:user:5')}\tb@example.org"]
    finally:
        sink.terminate()
        printed, _ = sink.communicate(timeout=10)
    assert json.loads(printed.strip().splitlines()[-1]) == {"messages_received": 2}
