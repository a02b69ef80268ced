from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "concord.followup"
    label = "followup"
    verbose_name = _("Follow-up and rating")

    def ready(self) -> None:
        # The follow-up and rating steps declare themselves on the case workflow; every step that
        # resolves a case or reopens a resolved one is watched (visits scheduled, the resolution
        # marked reopened); the sweep learns the step for a visit overdue; the panel joins the
        # case page.
        from concord.cases.panels import register_events, register_panel
        from concord.followup import messages, rating, visits
        from concord.followup.panel import FOLLOW_UP_PANEL
        from concord.sla.services import register_overdue_step

        visits.watch_every_step()
        messages.register()
        register_overdue_step(visits.follow_up_overdue)
        register_panel(FOLLOW_UP_PANEL)
        register_events({**visits.EVENT_TITLES, **rating.EVENT_TITLES}, resident_lines=visits.RESIDENT_LINES)
