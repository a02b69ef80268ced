from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionConfig(AppConfig):
    name = "concord.resolution"
    verbose_name = _("Diversified resolution")

    def ready(self) -> None:
        # The resolution steps declare themselves on the case workflow; the panel joins the case
        # page; the sweep learns the step for a referral nobody answered and the terms' sweep.
        from concord.cases.panels import register_events, register_panel
        from concord.notify.residents import public_line, register_resident_message
        from concord.refcache import watch, watch_m2m
        from concord.resolution import fulfilment, joint, mediation, referrals  # noqa: F401
        from concord.resolution.events import EVENT_TITLES, RESIDENT_LINES, RESIDENT_MESSAGES
        from concord.resolution.models import ResolutionChannel
        from concord.resolution.panel import RESOLUTION_PANEL
        from concord.sla.services import register_overdue_step, register_sweep

        register_panel(RESOLUTION_PANEL)
        register_events(EVENT_TITLES, resident_lines=RESIDENT_LINES)
        for event in RESIDENT_MESSAGES:
            # The event's note is its line for the resident, in the case's language.
            register_resident_message(event, public_line)
        register_overdue_step(referrals.escalate_referral)
        register_sweep("agreement terms past due", fulfilment.sweep_terms)
        watch(ResolutionChannel)
        watch_m2m(ResolutionChannel.units.through, as_model=ResolutionChannel)
