"""Reminder rules: small classes in code, found by key; the machinery in services.py runs them.

Adding a rule (phase 2 rules live in their own app, e.g. ``virksomheder/reminders.py``;
every installed app's ``reminders`` module is imported by ``autodiscover()``)::

    from opgaver.registry import Due, Plan, Rule, TaskPlan, Window, register

    @register
    class SixMonthFollowUp(Rule):
        key = "seks_maaneders_opfoelgning"
        name = _("Opfølgning 6 måneder efter jobstart")
        description = _("Opgave til den ansvarlige 7 dage før; frist på datoen.")
        default_lead_days = 7

        def due(self, window: Window):
            # Over-fetch a little where date arithmetic is not exact (month ends);
            # the machinery keeps only due dates inside the window.
            for placement in Placement.objects.filter(...).select_related("youth__responsible_staff"):
                yield Due(record=placement, due_date=placement.start + relativedelta(months=6), youth=placement.youth)

        def plan(self, due: Due) -> Plan:
            return Plan(task=TaskPlan(title=_("Opfølgning: er jobbet fastholdt?"),
                                      assignee=due.youth.responsible_staff, concerning=due.record))

That's all: the admin gets an on/off switch and a lead time for it after the
next migrate (or run), beat runs it, and the machinery guarantees the rest:

- Exactly once: one Reminder per (rule, record, due date) by a unique constraint.
- Windows: it asks for due dates in [earliest, today + lead days]. ``earliest`` is
  the rule's "aktiv fra" date, or today minus ``max_days_late`` when that is set
  (a message about tomorrow's session is pointless once the session is over).
- Imported history never triggers a reminder: a due date before the record came
  into the system is dropped. When it came is ``Due.known_since``, by default the
  local date of the record's ``created_at`` (an import sets that to the import's
  day). A record without ``created_at`` must give ``known_since`` itself.
- Tasks: one per reminder, to ``TaskPlan.assignee`` (None: unassigned, the team
  leader sees it), e-mailed to the assignee with a link and no personal data.
- Messages: ``MessagePlan`` renders ``templates/opgaver/<channel>/<template>`` now and
  is sent by the worker with retries; SMS never between 20:00 and 08:00.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import Channel, RecipientKind


@dataclass(frozen=True)
class Window:
    """The due dates a run looks for, both ends included."""

    today: datetime.date
    earliest: datetime.date
    latest: datetime.date

    def contains(self, day: datetime.date) -> bool:
        return self.earliest <= day <= self.latest


@dataclass(frozen=True)
class Due:
    """One record that is due for a rule on a date. (rule, record, due_date) is the reminder's identity."""

    record: models.Model
    due_date: datetime.date
    youth: Any = None  # fritidsjob.models.Youth the reminder concerns, if any
    known_since: datetime.date | None = None  # default: the record's created_at (local date)
    context: dict = field(default_factory=dict, compare=False)  # whatever plan() wants from due()

    def first_known(self) -> datetime.date:
        if self.known_since is not None:
            return self.known_since
        created_at = getattr(self.record, "created_at", None)
        if created_at is None:
            raise TypeError(
                f"{type(self.record).__name__} has no created_at: give Due(known_since=...) so that "
                "imported history is not reminded about"
            )
        return timezone.localdate(created_at)


@dataclass(frozen=True)
class TaskPlan:
    title: str  # shown in the inbox and in the e-mail: no names, the link leads to the case
    assignee: Any = None  # a user, or None (unassigned: the team leader sees it)
    description: str = ""
    concerning: models.Model | None = None  # another record the task is about, shown as a link
    notify: bool = True  # e-mail the assignee about the new task


@dataclass(frozen=True)
class MessagePlan:
    """A message to someone: rendered from templates/opgaver/<channel>/<template>(.txt|.html|_subject.txt)."""

    channel: str  # Channel.EMAIL or Channel.SMS
    to: str  # e-mail address or phone number
    recipient_kind: str  # RecipientKind
    template: str
    context: dict = field(default_factory=dict)
    responsible: Any = None  # staff member told if it fails for good (default: the task's assignee)
    # The recipient asked for it this minute (a one-time code): it goes at once, also in quiet hours.
    requested: bool = False


@dataclass(frozen=True)
class Plan:
    task: TaskPlan | None = None
    messages: list[MessagePlan] = field(default_factory=list)


class Rule:
    """Subclass, set the class attributes, implement due() and plan(), decorate with @register."""

    key: ClassVar[str]
    name: ClassVar[str]  # Danish, shown in the admin
    description: ClassVar[str] = ""
    default_lead_days: ClassVar[int] = 0
    # None: a late reminder is still useful (tasks). 0: only on or before the due date.
    max_days_late: ClassVar[int | None] = None

    def due(self, window: Window) -> Iterable[Due]:
        """Records due in the window. May yield more; the machinery filters by window and known_since."""
        raise NotImplementedError

    def plan(self, due: Due) -> Plan:
        """What to create for one due record."""
        raise NotImplementedError


_rules: dict[str, Rule] = {}


def register(rule_class: type[Rule]) -> type[Rule]:
    key = rule_class.key
    if key in _rules and type(_rules[key]) is not rule_class:
        raise ValueError(f"Two reminder rules with key {key!r}")
    _rules[key] = rule_class()
    return rule_class


def autodiscover() -> None:
    """Import every installed app's reminders module, which registers its rules."""
    autodiscover_modules("reminders")


def all_rules() -> dict[str, Rule]:
    return dict(_rules)


__all__ = [
    "Channel",
    "Due",
    "MessagePlan",
    "Plan",
    "RecipientKind",
    "Rule",
    "TaskPlan",
    "Window",
    "all_rules",
    "autodiscover",
    "register",
]
