"""The staff member's notification settings: a channel per kind, their mobile, quiet hours."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from concord.crypto import decrypt_value, normalise_phone
from concord.notify.kinds import STAFF_CHANNELS, STAFF_KINDS, Kind
from concord.notify.models import Channel, Preference
from concord.notify.services import chosen_channels

# Column headings of the settings table, short enough for a phone.
SHORT_LABELS = {Channel.INAPP: _("in the app"), Channel.EMAIL: _("e-mail"), Channel.SMS: _("SMS")}


def field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class PreferenceForm(forms.Form):
    phone = forms.CharField(
        label=_("My mobile number for text messages"),
        required=False,
        max_length=32,
        help_text=_("Only for your own notifications; leave empty for none."),
    )
    quiet_from = forms.TimeField(
        label=_("Quiet hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    quiet_until = forms.TimeField(
        label=_("until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args: Any, preference: Preference | None = None, **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        if preference is not None:
            initial = {
                "phone": decrypt_value(preference.phone_encrypted),
                "quiet_from": preference.quiet_from,
                "quiet_until": preference.quiet_until,
            }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Kind, list[tuple[str, forms.BoundField]]]] = []
        for kind in STAFF_KINDS:
            chosen = chosen_channels(preference, kind)
            cells: list[tuple[str, forms.BoundField]] = []
            for channel in STAFF_CHANNELS:
                name = field_name(kind.code, channel)
                self.fields[name] = forms.BooleanField(
                    label=f"{kind.label}: {Channel(channel).label}", required=False, initial=channel in chosen
                )
                cells.append((str(channel), self[name]))
            self.rows.append((kind, cells))

    @staticmethod
    def channel_columns() -> list[tuple[str, str, bool]]:
        """(code, label, set up on this server) of each channel a person may choose."""
        live = set(settings.CONCORD_NOTIFY_CHANNELS) | {Channel.INAPP}
        return [(channel, str(SHORT_LABELS[channel]), channel in live) for channel in STAFF_CHANNELS]

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if phone and not 7 <= len(phone) <= 15:
            raise forms.ValidationError(_("Please enter a phone number of 7 to 15 digits, or leave it empty."))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quiet_from") is None) != (data.get("quiet_until") is None):
            raise forms.ValidationError(_("Give both ends of the quiet hours, or neither."))
        return data

    def channels(self) -> dict[str, list[str]]:
        return {
            kind.code: [c for c in STAFF_CHANNELS if self.cleaned_data.get(field_name(kind.code, c))]
            for kind in STAFF_KINDS
        }
