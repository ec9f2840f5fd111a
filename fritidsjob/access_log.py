"""The access log a data protection officer reads (Adgangslog), and the daily flags of unusual access.

The entries are django-auditlog's access entries (core/audit.py): a page about a person,
an export, a search, an indsigt package. A young person's case counts as opened by a user
on a day when an access entry that is not an export names it (the case itself, or a record
carrying its youth id).

Unusual, checked each morning for the day before:
- one user opened more than ACCESS_LOG_DAILY_CASE_LIMIT cases in the day;
- a case outside the user's usual caseload: the user is not its responsible staff member
  and had not opened it in the ACCESS_LOG_USUAL_DAYS days before. Staff share all cases
  (fritidsjob.selectors.youth_list), so this is a prompt to look, not a breach: a new
  colleague's first weeks, or a stand-in, flag too. Mentors are left out: their pages
  show only their own mentees.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import short_date
from core.personal_data import subjects

from . import roles
from .models import AccessFlag, AccessFlagKind, Youth


def access_entries():
    """Every access entry, newest first, with what the log's rows show."""
    return (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def person_condition(name: str) -> Q:
    """Access entries about a person (young person or parent) whose name contains every word of `name`."""
    condition = Q(pk__in=[])
    for subject in subjects():
        people = subject.model._default_manager.all()
        for word in name.split():
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        ids = list(people.values_list("pk", flat=True)[:500])
        if ids:
            content_type = ContentType.objects.get_for_model(subject.model)
            key = f"additional_data__{subject.model._meta.model_name}_id__in"
            condition |= Q(content_type=content_type, object_id__in=ids) | Q(**{key: ids})
    return condition


class AccessPurpose(models.TextChoices):
    PAGE = "side", _("Side vist")
    EXPORT = "eksport", _("Udtræk af en liste")
    SEARCH = "soegning", _("Søgning")
    INSIGHT = "indsigt", _("Indsigtspakke")


def purpose_condition(purpose: str) -> Q:
    """Access entries of one purpose, by the key core/audit.py writes in additional_data."""
    search, export, insight = (Q(additional_data__has_key=key) for key in ("search", "export", "insight"))
    return {
        AccessPurpose.SEARCH: search,
        AccessPurpose.INSIGHT: insight,
        AccessPurpose.EXPORT: export & ~insight,
        # Entries from before pages were named have no key at all: they were pages too.
        AccessPurpose.PAGE: ~search & ~export & ~insight,
    }[purpose]


@dataclass(frozen=True)
class Person:
    label: str
    url: str
    record: object | None = None


def persons_of(entries) -> dict[int, Person]:
    """The person each entry is about, by entry id, in one query per kind of person."""
    wanted: dict[type, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_content_type = {ContentType.objects.get_for_model(s.model).pk: s for s in subjects()}
    for entry in entries:
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        subject = by_content_type.get(entry.content_type_id)
        if subject is not None and entry.object_id is not None:
            wanted[subject][entry.object_id].append(entry.pk)
            continue
        for candidate in subjects():
            person_id = data.get(f"{candidate.model._meta.model_name}_id")
            if isinstance(person_id, int):
                wanted[candidate][person_id].append(entry.pk)
                break
    found: dict[int, Person] = {}
    for subject, ids in wanted.items():
        people = subject.model._default_manager.in_bulk(list(ids))
        for person_id, entry_ids in ids.items():
            person = people.get(person_id)
            label = (
                f"{person} ({subject.label})"
                if person
                else _("Slettet %(label)s (id %(id)s)") % {"label": subject.label, "id": person_id}
            )
            url = person.get_absolute_url() if person and hasattr(person, "get_absolute_url") else ""
            for entry_id in entry_ids:
                found[entry_id] = Person(label, url, person)
    return found


# --- the daily check -----------------------------------------------------------------------


def _youth_of(content_type_id: int, object_id: int | None, data, youth_type_id: int) -> int | None:
    if content_type_id == youth_type_id and object_id is not None:
        return object_id
    youth_id = data.get("youth_id") if isinstance(data, dict) else None
    return youth_id if isinstance(youth_id, int) else None


def cases_opened(*, start: datetime.datetime, end: datetime.datetime, users=None, youth_ids=None) -> set[tuple]:
    """(user id, youth id) for every case a user opened in [start, end): pages and packages, not exports."""
    youth_type_id = ContentType.objects.get_for_model(Youth).pk
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor__isnull=False, timestamp__gte=start, timestamp__lt=end
    ).exclude(Q(additional_data__has_key="export") & ~Q(additional_data__has_key="insight"))
    if users is not None:
        entries = entries.filter(actor_id__in=users)
    if youth_ids is not None:
        entries = entries.filter(
            Q(content_type_id=youth_type_id, object_id__in=youth_ids) | Q(additional_data__youth_id__in=youth_ids)
        )
    opened = set()
    for actor_id, content_type_id, object_id, data in entries.values_list(
        "actor_id", "content_type_id", "object_id", "additional_data"
    ).iterator():
        youth_id = _youth_of(content_type_id, object_id, data, youth_type_id)
        if youth_id is not None:
            opened.add((actor_id, youth_id))
    return opened


def _flag(**fields) -> AccessFlag | None:
    # Idempotent in the database: a second run of the same day finds the flag and makes none.
    try:
        with transaction.atomic():
            return AccessFlag.objects.create(**fields)
    except IntegrityError:
        return None


def access_flags_create(*, day: datetime.date) -> list[AccessFlag]:
    """Flag the unusual access of `day` (see the module's docstring); returns the flags new this run."""
    start, end = _start_of(day), _start_of(day + datetime.timedelta(days=1))
    opened = cases_opened(start=start, end=end)
    per_user: dict[int, set[int]] = defaultdict(set)
    for user_id, youth_id in opened:
        per_user[user_id].add(youth_id)
    created = []
    limit = settings.ACCESS_LOG_DAILY_CASE_LIMIT
    for user_id, youth_ids in sorted(per_user.items()):
        if len(youth_ids) > limit:
            created.append(_flag(day=day, kind=AccessFlagKind.MANY_CASES, user_id=user_id, case_count=len(youth_ids)))
    if opened:
        responsible = dict(
            Youth.objects.filter(pk__in={youth_id for _user, youth_id in opened}).values_list(
                "pk", "responsible_staff_id"
            )
        )
        before = cases_opened(
            start=_start_of(day - datetime.timedelta(days=settings.ACCESS_LOG_USUAL_DAYS)),
            end=start,
            users=list(per_user),
            youth_ids=list(responsible),
        )
        # A mentor's pages show only their own mentees, a company contact's only their company's
        # candidates: never outside their caseload.
        mentors = set(
            get_user_model()
            .objects.filter(pk__in=list(per_user), groups__name__in=[roles.MENTOR, roles.COMPANY_CONTACT])
            .values_list("pk", flat=True)
        )
        for user_id, youth_id in sorted(opened):
            # A deleted case (no longer in `responsible`) is left to the many-cases count.
            if user_id in mentors or youth_id not in responsible:
                continue
            if responsible[youth_id] != user_id and (user_id, youth_id) not in before:
                created.append(_flag(day=day, kind=AccessFlagKind.OUTSIDE_CASELOAD, user_id=user_id, youth_id=youth_id))
    return [flag for flag in created if flag is not None]


FLAGS_SHOWN_DAYS = 30


def flags_for_log(*, today: datetime.date) -> list[AccessFlag]:
    """The flags of the last FLAGS_SHOWN_DAYS days, each with `youth` (None if the case is gone), in two queries."""
    flags = list(
        AccessFlag.objects.filter(day__gte=today - datetime.timedelta(days=FLAGS_SHOWN_DAYS)).select_related("user")
    )
    cases = Youth.objects.in_bulk([flag.youth_id for flag in flags if flag.youth_id])
    for flag in flags:
        flag.youth = cases.get(flag.youth_id)
    return flags


def flag_recipients() -> list[str]:
    """The administrators and the data protection officers (with an e-mail address)."""
    return sorted(
        set(
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[roles.ADMINISTRATOR, roles.DATA_PROTECTION_OFFICER])
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def access_flags_email(*, flags: list[AccessFlag]) -> int:
    """E-mail the new flags to the administrators and DPOs (no names of young people: ids and a link)."""
    pending = [flag for flag in flags if flag.emailed_at is None]
    recipients = flag_recipients()
    if not pending or not recipients:
        return 0
    lines = []
    for flag in pending:
        user = flag.user.get_full_name() or flag.user.username
        if flag.kind == AccessFlagKind.MANY_CASES:
            lines.append(
                _("%(user)s åbnede %(count)s sager den %(day)s.")
                % {"user": user, "count": flag.case_count, "day": short_date(flag.day)}
            )
        else:
            lines.append(
                _(
                    "%(user)s åbnede sag nr. %(youth)s den %(day)s uden at være ansvarlig eller have set den i %(days)s dage."
                )
                % {
                    "user": user,
                    "youth": flag.youth_id,
                    "day": short_date(flag.day),
                    "days": settings.ACCESS_LOG_USUAL_DAYS,
                }
            )
    link = settings.SITE_URL + reverse("access_log")
    body = "\n".join(
        [
            _("Den daglige kontrol af adgangsloggen har fundet usædvanlig adgang:"),
            "",
            *lines,
            "",
            _("Se adgangsloggen: %(link)s") % {"link": link},
        ]
    )
    send_mail(_("Usædvanlig adgang til personoplysninger"), body, settings.DEFAULT_FROM_EMAIL, recipients)
    AccessFlag.objects.filter(pk__in=[flag.pk for flag in pending]).update(emailed_at=timezone.now())
    return len(pending)
