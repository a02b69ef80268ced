from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "concord.notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every step's event and notices go to the outbox, in the step's own transaction.
        from concord.notify import reminders  # noqa: F401  (registers the deadline reminders)
        from concord.notify.models import Preference, WebhookEndpoint
        from concord.notify.services import queue_event
        from concord.refcache import watch
        from concord.workflow.kernel import connect_outbox

        connect_outbox(queue_event)
        watch(WebhookEndpoint)
        watch(Preference)
