"""The extra questions (Open311 "attributes") every dispute service asks, and reading the answers.

One set for every category: who the dispute is with, how many people it touches, since
when, what help the resident wants. The answers about the other party become a Party;
the rest is kept on the case's first event, where workers see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.cases.models import PartyKind
from concord.dates import parse_moment


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is translated."""


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string, number, datetime, text, singlevaluelist, multivaluelist
    description: Promise
    required: bool = False
    values: tuple[tuple[str, Promise], ...] = ()
    max_length: int = 200

    def clean(self, raw: list[str]) -> Any:
        """The answer as a Python value (None when not given); raises AnswerError."""
        given = [value.strip() for value in raw if value.strip()]
        if not given:
            if self.required:
                raise AnswerError(_("Please answer: %(question)s") % {"question": self.description})
            return None
        if self.datatype == "multivaluelist":
            return [self._key(value) for value in dict.fromkeys(given)]
        value = given[-1]
        if self.datatype == "singlevaluelist":
            return self._key(value)
        if self.datatype == "number":
            return self._number(value)
        if self.datatype == "datetime":
            moment = parse_moment(value)
            if moment is None:
                raise AnswerError(
                    _("%(question)s: please give a date such as 2026-05-01.") % {"question": self.description}
                )
            return timezone.localtime(moment).isoformat()
        if len(value) > self.max_length:
            raise AnswerError(
                _("%(question)s: please keep it under %(limit)d characters.")
                % {"question": self.description, "limit": self.max_length}
            )
        return value

    def _key(self, value: str) -> str:
        if value not in {key for key, _name in self.values}:
            raise AnswerError(
                _("%(question)s: choose one of %(keys)s.")
                % {"question": self.description, "keys": ", ".join(key for key, _name in self.values)}
            )
        return value

    def _number(self, value: str) -> int | float:
        try:
            number = float(value)
        except ValueError:
            raise AnswerError(_("%(question)s: please give a number.") % {"question": self.description}) from None
        if not 0 <= number < 1e9:
            raise AnswerError(_("%(question)s: please give a number.") % {"question": self.description})
        return int(number) if number.is_integer() else number


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "other_party",
        "string",
        gettext_lazy("Who is the dispute with? (a name is enough)"),
        max_length=120,
    ),
    Attribute(
        "other_party_kind",
        "singlevaluelist",
        gettext_lazy("Is the other party a person or an organisation?"),
        values=(
            (PartyKind.PERSON.value, gettext_lazy("a person")),
            (PartyKind.ORGANISATION.value, gettext_lazy("an organisation")),
        ),
    ),
    Attribute("people_affected", "number", gettext_lazy("How many people are affected?")),
    Attribute("started_on", "datetime", gettext_lazy("Since when has this been going on?")),
    Attribute(
        "help_wanted",
        "multivaluelist",
        gettext_lazy("What help would you like?"),
        values=(
            ("mediation", gettext_lazy("mediation")),
            ("legal_advice", gettext_lazy("legal advice")),
            ("counselling", gettext_lazy("counselling")),
            ("information", gettext_lazy("information only")),
        ),
    ),
    Attribute(
        "desired_outcome",
        "text",
        gettext_lazy("What outcome would you like?"),
        max_length=1000,
    ),
)
BY_CODE = {attribute.code: attribute for attribute in ATTRIBUTES}


def clean_answers(raw: dict[str, list[str]]) -> tuple[dict[str, Any], dict[str, str]]:
    """(answers by code, errors by code) for the submitted ``attribute[code]`` values.

    Unknown codes are an error: a client that sends them has the wrong service definition.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for code in raw:
        if code not in BY_CODE:
            errors[code] = _("Unknown attribute %(code)s.") % {"code": code}
    for attribute in ATTRIBUTES:
        try:
            value = attribute.clean(raw.get(attribute.code, []))
        except AnswerError as error:
            errors[attribute.code] = str(error)
            continue
        if value is not None:
            answers[attribute.code] = value
    return answers, errors


def describe_answers(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(question, answer) pairs in the order of the questions, for the staff case page."""
    described = []
    for attribute in ATTRIBUTES:
        if attribute.code not in answers:
            continue
        value = answers[attribute.code]
        names = {key: str(name) for key, name in attribute.values}
        if isinstance(value, list):
            text = ", ".join(names.get(str(item), str(item)) for item in value)
        elif attribute.datatype == "datetime":
            text = str(value)[:10]
        else:
            text = names.get(str(value), str(value))
        described.append((str(attribute.description), text))
    return described


# The languages the staff pages are shown in: the answers are rendered in each when a report
# arrives, so that the case page shows them without knowing Open311's questions.
SHOWN_LANGUAGES = ("zh-hans", "en")


def answers_shown(answers: dict[str, Any]) -> dict[str, list[list[str]]]:
    """The (question, answer) pairs in every language of the staff pages, as kept on the
    report's first event (``answers_shown``)."""
    shown: dict[str, list[list[str]]] = {}
    for language in SHOWN_LANGUAGES:
        with translation.override(language):
            shown[language] = [[question, answer] for question, answer in describe_answers(answers)]
    return shown
