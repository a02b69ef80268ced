"""The outbox: who is told of what, by which channel, when; residents' messages and their stop
link; retries, dead letters and the administrators' page; the bell."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.utils import timezone

from concord.accounts.models import AuditLog, Membership, Role
from concord.cases.models import Case, PartyRole
from concord.cases.services import accept_case
from concord.crypto import decrypt_value
from concord.intake.services import PartyInput, Report, submit_report
from concord.notify import delivery
from concord.notify.actions import save_preference
from concord.notify.channels import TRANSPORTS, DeliveryError, Message, Transport
from concord.notify.delivery import claim, deliver_pending
from concord.notify.models import Audience, Channel, Notification, ResidentStop, State, WebhookEndpoint
from concord.notify.reminders import remind_deadlines
from concord.notify.residents import stop_token
from concord.testing import World
from concord.workflow.kernel import Notice
from conftest import login

pytestmark = pytest.mark.django_db


def resident_rows(case: Case) -> list[Notification]:
    return list(Notification.objects.filter(case=case, audience=Audience.RESIDENT).order_by("id"))


def report(world: World, *, language: str = "en", anonymous: bool = False, phone: str = "13800138000") -> Case:
    return submit_report(
        Report(
            region=world.grid_a1a1,
            category=world.noise,
            description="Loud music every night after midnight.",
            language=language,
            anonymous=anonymous,
            parties=(PartyInput(role=PartyRole.REPORTER, name="" if anonymous else "Wang Fang", phone=phone),),
        )
    )


class Recorder(Transport):
    """A channel that accepts everything, or fails each message as told."""

    name = "recorder"

    def __init__(self, error: DeliveryError | None = None) -> None:
        self.sent: list[Message] = []
        self.error = error

    def send_many(self, messages, done, failed):  # type: ignore[no-untyped-def]
        for message in messages:
            if self.error is not None:
                failed(message, self.error)
            else:
                self.sent.append(message)
                done(message)


# -- what is queued ------------------------------------------------------------------------------


def test_a_report_tells_its_worker_in_the_app_and_its_resident_by_the_phone_they_gave(world: World) -> None:
    case = report(world)
    staff = Notification.objects.get(case=case, audience=Audience.STAFF)
    assert (staff.recipient_user, staff.channel, staff.state) == (case.assignee, Channel.INAPP, State.SENT)
    assert staff.kind == "case.reported" and staff.link == f"/staff/cases/{case.pk}"
    (resident,) = resident_rows(case)
    # SMS is not set up in tests: the message goes to the log, and is still a message to send.
    assert (resident.channel, resident.state, resident.language) == (Channel.CONSOLE, State.PENDING, "en")
    assert decrypt_value(resident.address_encrypted) == "13800138000"
    assert "13800138000" not in resident.address_encrypted
    assert case.receipt in resident.body and f"/t/{case.receipt}" in resident.body and "/n/stop/" in resident.body
    assert case.unit.name in resident.body


def test_the_resident_is_written_to_in_the_language_they_reported_in(world: World) -> None:
    english, chinese = report(world, language="en"), report(world, language="zh-hans")
    assert resident_rows(english)[0].body.startswith("Concord has your report")
    body = resident_rows(chinese)[0].body
    assert chinese.receipt in body and "Concord has your report" not in body


def test_an_anonymous_report_sends_the_resident_nothing(world: World) -> None:
    case = report(world, anonymous=True, phone="")
    assert resident_rows(case) == []
    assert Notification.objects.filter(case=case, audience=Audience.STAFF).exists()


def test_signing_for_tells_the_resident_and_a_note_does_not(world: World) -> None:
    case = report(world)
    accept_case(case, actor=world.grid_worker)
    rows = resident_rows(case)
    assert [row.kind for row in rows] == ["case.reported", "case.accepted"]
    assert "has taken up your report" in rows[1].body


def test_a_unit_notice_reaches_every_active_member_and_each_chosen_channel(world: World) -> None:
    case = report(world)
    colleague = User.objects.create_user("colleague", email="colleague@example.org")
    Membership.objects.create(user=colleague, unit=world.community_office, role=Role.MEDIATOR)
    gone = User.objects.create_user("gone", email="gone@example.org", is_active=False)
    Membership.objects.create(user=gone, unit=world.community_office, role=Role.MEDIATOR)
    save_preference(colleague, {"new_case": ["inapp", "email"]}, phone="", quiet_from=None, quiet_until=None)
    from concord.notify.services import queue_event

    event = case.events.get()
    Notification.objects.all().delete()
    queue_event(case, event, [Notice(subject="new", units=[world.community_office])])
    rows = Notification.objects.filter(recipient_user__isnull=False)
    got = {(row.recipient_user.username, row.channel) for row in rows}
    assert ("colleague", Channel.INAPP) in got and ("colleague", Channel.CONSOLE) in got  # e-mail not set up here
    assert not any(name == "gone" for name, _ in got)
    assert decrypt_value(rows.get(recipient_user=colleague, channel=Channel.CONSOLE).address_encrypted) == (
        "colleague@example.org"
    )


def test_a_unit_with_nobody_in_it_is_logged_not_dropped(world: World) -> None:
    case = report(world)
    Notification.objects.all().delete()
    from concord.notify.services import queue_event

    Membership.objects.filter(unit=world.street_committee).delete()
    queue_event(case, case.events.get(), [Notice(subject="nobody home", units=[world.street_committee])])
    row = Notification.objects.get(audience=Audience.STAFF)
    assert (row.recipient_unit, row.channel, row.state) == (world.street_committee, Channel.CONSOLE, State.PENDING)


def test_quiet_hours_hold_back_email_but_not_the_bell_and_not_an_urgent_case(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_NOTIFY_CHANNELS = ["email"]
    case = report(world)
    world.grid_worker.email = "worker@example.org"
    world.grid_worker.save()
    everything = {"new_case": ["inapp", "email"], "high_risk": ["inapp", "email"]}
    save_preference(world.grid_worker, everything, phone="", quiet_from=time(22, 0), quiet_until=time(7, 0))
    from concord.notify.services import queue_event

    Notification.objects.all().delete()
    night = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: night)
        ordinary_and_urgent = [
            Notice(subject="new", users=[world.grid_worker]),
            Notice(subject="urgent", users=[world.grid_worker], kind="case.urgent"),
        ]
        queue_event(case, case.events.get(), ordinary_and_urgent)
    ordinary = Notification.objects.get(subject="new", channel=Channel.EMAIL)
    assert timezone.localtime(ordinary.due_at, ZoneInfo("Asia/Shanghai")) == datetime(
        2026, 12, 2, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert Notification.objects.get(subject="new", channel=Channel.INAPP).state == State.SENT
    assert Notification.objects.get(subject="urgent", channel=Channel.EMAIL).due_at == night


def test_a_webhook_endpoint_gets_the_kinds_and_the_unit_it_asked_for(world: World) -> None:
    case = report(world)
    from concord.notify.services import queue_event

    everything = WebhookEndpoint.objects.create(name="all", url="https://example.org/all")
    WebhookEndpoint.objects.create(name="alerts", url="https://example.org/alerts", kinds=["alert"])
    WebhookEndpoint.objects.create(name="street", url="https://example.org/street", unit=world.street_committee)
    Notification.objects.all().delete()
    queue_event(case, case.events.get(), [Notice(subject="new", units=[world.community_office])])
    (row,) = Notification.objects.filter(audience=Audience.SYSTEM)
    assert row.endpoint == everything and row.channel == Channel.CONSOLE


def test_a_step_rolled_back_queues_nothing(world: World) -> None:
    case = report(world)
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        accept_case(case, actor=world.grid_worker)
        raise RuntimeError("the caller failed after the step")
    assert Notification.objects.count() == before


# -- the resident's stop link --------------------------------------------------------------------


def test_the_stop_link_asks_then_stops_and_cancels_what_waits(world: World, client: Client) -> None:
    case = report(world)
    url = f"/n/stop/{stop_token(case)}"
    page = client.get(url)
    assert page.status_code == 200 and case.receipt in page.content.decode()
    assert not ResidentStop.objects.filter(case=case).exists()  # a GET (a mail scanner) stops nothing
    assert client.post(url).status_code == 200
    assert ResidentStop.objects.filter(case=case).exists()
    assert resident_rows(case)[0].state == State.CANCELLED
    accept_case(case, actor=world.grid_worker)
    assert len(resident_rows(case)) == 1  # nothing new for them


def test_a_forged_stop_link_is_not_found(world: World, client: Client) -> None:
    case = report(world)
    token = stop_token(case)
    assert client.get(f"/n/stop/{token[:-2]}xx").status_code == 404
    assert client.post(f"/n/stop/{case.pk}").status_code == 404


# -- delivery ------------------------------------------------------------------------------------


def test_delivery_sends_each_once_and_keeps_the_key(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    monkeypatch.setitem(TRANSPORTS, "console", recorder)
    case = report(world)
    assert deliver_pending() == 1
    assert deliver_pending() == 0
    (message,) = recorder.sent
    row = resident_rows(case)[0]
    assert message.key == row.key and message.to == "13800138000"
    assert row.state == State.SENT and row.sent_at is not None and row.attempts == 1


def test_a_failure_is_retried_with_backoff_then_becomes_a_dead_letter(world: World, monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_NOTIFY_MAX_ATTEMPTS = 3
    monkeypatch.setitem(TRANSPORTS, "console", Recorder(DeliveryError("gateway down")))
    case = report(world)
    waits = []
    for attempt in range(1, 4):
        assert deliver_pending() == 0
        row = resident_rows(case)[0]
        assert row.attempts == attempt and row.last_error == "gateway down"
        if attempt < 3:
            waits.append((row.due_at - timezone.now()).total_seconds())
            assert deliver_pending() == 0  # not due yet
            Notification.objects.filter(pk=row.pk).update(due_at=timezone.now())
    assert row.state == State.FAILED
    assert 20 < waits[0] < 40 and 45 < waits[1] < 75  # 30 s, then 60 s, each ±20 %


def test_a_permanent_failure_is_a_dead_letter_at_once(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(TRANSPORTS, "console", Recorder(DeliveryError("no such number", permanent=True)))
    case = report(world)
    deliver_pending()
    row = resident_rows(case)[0]
    assert (row.state, row.attempts) == (State.FAILED, 1)


def test_a_channel_that_crashes_leaves_nothing_leased(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class Crashing(Transport):
        def send_many(self, messages, done, failed):  # type: ignore[no-untyped-def]
            raise KeyError("bug")

    monkeypatch.setitem(TRANSPORTS, "console", Crashing())
    case = report(world)
    deliver_pending()
    row = resident_rows(case)[0]
    assert row.state == State.PENDING and row.leased_until is None and "KeyError" in row.last_error


def test_two_workers_never_claim_the_same_row_while_its_lease_runs(world: World) -> None:
    case = report(world)
    now = timezone.now()
    assert [row.case_id for row in claim(10, "worker-a", now)] == [case.pk]
    assert claim(10, "worker-b", now) == []
    # worker-a died: once its lease has expired the row is worker-b's, and worker-a's late
    # word that it sent it is ignored.
    later = now + delivery.lease() + timedelta(seconds=1)
    (taken,) = claim(10, "worker-b", later)
    assert taken.lease_token == "worker-b" and taken.attempts == 2


# -- the administrators' dead letters ------------------------------------------------------------


def test_dead_letters_are_listed_for_administrators_and_sent_again(world: World, as_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(TRANSPORTS, "console", Recorder(DeliveryError("550 no such user", permanent=True)))
    case = report(world)
    deliver_pending()
    row = resident_rows(case)[0]
    assert as_user(world.grid_worker).get("/staff/notifications/failed").status_code == 403
    admin = User.objects.create_superuser("root", password="correct-horse-battery")
    client = as_user(admin)
    page = client.get("/staff/notifications/failed")
    assert page.status_code == 200 and "550 no such user" in page.content.decode()
    assert client.post("/staff/notifications/failed", {"id": [row.pk]}).status_code == 302
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.PENDING, 0)
    assert AuditLog.objects.filter(action="notification.retried", actor=admin).exists()


# -- the bell ------------------------------------------------------------------------------------


def bell(page: str) -> str:
    """The unread count on the bell of a staff page ("" when there is none)."""
    found = re.search(r'<a class="bell"[^>]*>(.*?)</a>', page, re.S)
    assert found is not None, "the page has no bell"
    count = re.search(r'class="count">(\d+)<', found.group(1))
    return count.group(1) if count else ""


def test_the_bell_counts_unread_and_reading_one_goes_to_its_case(world: World, client: Client) -> None:
    case = report(world)
    login(client, world.grid_worker)
    assert bell(client.get("/staff/").content.decode()) == "1"
    listing = client.get("/staff/notifications/").content.decode()
    assert case.receipt in listing
    mine = Notification.objects.get(recipient_user=world.grid_worker, channel=Channel.INAPP)
    answer = client.post("/staff/notifications/read", {"id": mine.pk, "next": mine.link})
    assert answer.status_code == 302 and answer["Location"] == f"/staff/cases/{case.pk}"
    assert bell(client.get("/staff/").content.decode()) == ""


def test_nobody_reads_or_marks_another_persons_notifications(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    case = report(world)
    mine = Notification.objects.get(recipient_user=world.grid_worker, channel=Channel.INAPP)
    other = as_user(world.street_lead)
    assert case.receipt not in other.get("/staff/notifications/").content.decode()
    other.post("/staff/notifications/read", {"id": mine.pk})
    other.post("/staff/notifications/read", {})
    mine.refresh_from_db()
    assert mine.read_at is None


def test_preferences_page_saves_channels_phone_and_quiet_hours(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user(world.grid_worker)
    assert client.get("/staff/notifications/settings").status_code == 200
    data = {"new_case__inapp": "on", "new_case__sms": "on", "phone": "138 0013 8001", "quiet_from": "22:00"}
    half = client.post("/staff/notifications/settings", data)
    assert half.status_code == 400  # one end of the quiet hours only
    data["quiet_until"] = "07:00"
    assert client.post("/staff/notifications/settings", data).status_code == 302
    preference = world.grid_worker.notify_preference
    assert preference.channels["new_case"] == ["inapp", "sms"] and preference.channels["alert"] == []
    assert decrypt_value(preference.phone_encrypted) == "13800138001"
    assert (preference.quiet_from, preference.quiet_until) == (time(22, 0), time(7, 0))


# -- deadline reminders --------------------------------------------------------------------------


def test_a_deadline_coming_up_is_reminded_once(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_DUE_SOON_HOURS = 24
    case = report(world)
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(due_at=now + timedelta(hours=30))
    remind_deadlines(now)
    assert not Notification.objects.filter(kind="case.deadline_near").exists()
    later = now + timedelta(hours=7)  # the deadline is now 23 hours away
    remind_deadlines(later)
    remind_deadlines(later + timedelta(minutes=1))
    (reminder,) = Notification.objects.filter(kind="case.deadline_near")
    assert reminder.recipient_user == case.assignee and case.receipt in reminder.subject


# -- end to end through the real channels ------------------------------------------------------


def test_a_report_reaches_the_worker_by_email_and_the_resident_by_sms_through_real_servers(  # type: ignore[no-untyped-def]
    world: World, settings, smtp_sink, http_receiver
) -> None:
    settings.CONCORD_NOTIFY_CHANNELS = ["email", "sms", "webhook"]
    settings.CONCORD_SMS_GATEWAY_URL = http_receiver.url("/sms")
    settings.CONCORD_SMS_GATEWAY_KEY = "gateway-key-1"
    world.grid_worker.email = "worker@example.org"
    world.grid_worker.save()
    save_preference(world.grid_worker, {"new_case": ["inapp", "email"]}, phone="", quiet_from=None, quiet_until=None)
    hook = WebhookEndpoint.objects.create(name="city", url=http_receiver.url("/hook"))
    case = report(world)
    assert deliver_pending() == 3
    (mail,) = smtp_sink.messages
    row = Notification.objects.get(recipient_user=world.grid_worker, channel=Channel.EMAIL)
    from concord.notify.channels.email import message_id

    assert mail.recipients == ["worker@example.org"] and mail.message_id == message_id(row.key)
    assert f"/staff/cases/{case.pk}" in mail.parsed().get_content()
    by_path = {request.path: request for request in http_receiver.requests}
    sms = by_path["/sms"].json()
    assert sms["to"] == "13800138000" and case.receipt in sms["text"]
    assert by_path["/sms"].headers["authorization"] == "Bearer gateway-key-1"
    from concord.notify.channels.webhook import verify_signature

    signed = by_path["/hook"]
    assert verify_signature(
        hook.secret,
        signed.headers["x-concord-timestamp"],
        signed.body,
        signed.headers["x-concord-signature"],
        now=int(signed.headers["x-concord-timestamp"]),
    )
    payload = signed.body.decode()
    # The case by its id (the staff API's), the subject line as staff see it, and no names.
    assert signed.json()["case"] == case.pk and "Wang Fang" not in payload and "13800138000" not in payload
    assert deliver_pending() == 0


def test_an_unreachable_mail_server_is_retried_not_lost(world: World, settings, smtp_sink) -> None:  # type: ignore[no-untyped-def]
    from concord.notify.tests.conftest import closed_port

    settings.CONCORD_NOTIFY_CHANNELS = ["email"]
    settings.EMAIL_PORT = closed_port()
    world.grid_worker.email = "worker@example.org"
    world.grid_worker.save()
    save_preference(world.grid_worker, {"new_case": ["email"]}, phone="", quiet_from=None, quiet_until=None)
    report(world)
    assert deliver_pending() == 1  # the resident's message (SMS not set up: the log)
    row = Notification.objects.get(channel=Channel.EMAIL)
    assert row.state == State.PENDING and row.attempts == 1 and row.due_at > timezone.now() and row.last_error


# -- what review found ---------------------------------------------------------------------------


def test_residents_are_not_texted_at_night_except_for_the_receipt(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_RESIDENT_QUIET_HOURS = (time(21, 0), time(8, 0))
    night = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: night)
        case = report(world)
        accept_case(case, actor=world.grid_worker, now=night)
    receipt, signed_for = resident_rows(case)
    assert receipt.due_at == night
    assert signed_for.due_at == datetime(2026, 12, 2, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_a_dead_letter_is_never_sent_again_to_a_resident_who_stopped(world: World, client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(TRANSPORTS, "console", Recorder(DeliveryError("gateway said no", permanent=True)))
    case = report(world)
    deliver_pending()
    row = resident_rows(case)[0]
    assert row.state == State.FAILED
    client.post(f"/n/stop/{stop_token(case)}")
    row.refresh_from_db()
    assert row.state == State.CANCELLED
    Notification.objects.filter(pk=row.pk).update(state=State.FAILED)  # failed again after the stop
    admin = User.objects.create_superuser("root", password="correct-horse-battery")
    assert delivery.retry([row.pk], admin) == 0


def test_a_deactivated_recipient_is_not_sent_what_waits(world: World, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    monkeypatch.setitem(TRANSPORTS, "console", recorder)
    world.grid_worker.email = "worker@example.org"
    world.grid_worker.save()
    save_preference(world.grid_worker, {"new_case": ["email"]}, phone="", quiet_from=None, quiet_until=None)
    case = report(world)
    world.grid_worker.is_active = False
    world.grid_worker.save()
    deliver_pending()
    mine = Notification.objects.get(recipient_user=world.grid_worker)
    assert mine.state == State.CANCELLED and [m.key for m in recorder.sent] == [resident_rows(case)[0].key]


def test_an_address_no_key_opens_is_a_dead_letter_and_the_rest_goes(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    monkeypatch.setitem(TRANSPORTS, "console", recorder)
    first, second = report(world), report(world)
    Notification.objects.filter(pk=resident_rows(first)[0].pk).update(address_encrypted="not-a-fernet-token")
    assert deliver_pending() == 1
    assert resident_rows(first)[0].state == State.FAILED
    assert [m.key for m in recorder.sent] == [resident_rows(second)[0].key]


def test_an_error_keeps_no_address(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    refusal = DeliveryError("550 5.1.1 <13800138000>: no such subscriber, call +86 138 0013 8000", permanent=True)
    monkeypatch.setitem(TRANSPORTS, "console", Recorder(refusal))
    case = report(world)
    deliver_pending()
    error = resident_rows(case)[0].last_error
    assert "550 5.1.1" in error and "138" not in error


def test_a_long_batch_keeps_its_lease(world: World, monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_NOTIFY_LEASE_SECONDS = 3
    clock = [1000.0]
    monkeypatch.setattr(delivery.time, "monotonic", lambda: clock[0])
    leases = []

    class Slow(Transport):
        def send_many(self, messages, done, failed):  # type: ignore[no-untyped-def]
            for message in messages:
                clock[0] += 2  # each message takes 2 s: the batch outlives one lease
                done(message)
                waiting = Notification.objects.filter(state=State.PENDING)
                leases.append(list(waiting.values_list("leased_until", flat=True)))

    monkeypatch.setitem(TRANSPORTS, "console", Slow())
    for _ in range(3):
        report(world)
    assert deliver_pending() == 3
    # After the first message the lease of the two still to send was extended.
    later = timezone.now() + timedelta(seconds=2)
    assert len(leases[0]) == 2 and all(until is not None and until > later for until in leases[0])


def test_a_strange_id_is_not_a_server_error(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user(world.grid_worker)
    assert client.post("/staff/notifications/read", {"id": "²"}).status_code == 302
    admin = User.objects.create_superuser("root", password="correct-horse-battery")
    strange = {"id": ["²", "99999999999999999999999"]}
    assert as_user(admin).post("/staff/notifications/failed", strange).status_code == 302
