from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "concord.notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every step's notices go to the outbox, in the step's own transaction.
        from concord.notify.services import queue_notices
        from concord.workflow.kernel import connect_outbox

        connect_outbox(queue_notices)
