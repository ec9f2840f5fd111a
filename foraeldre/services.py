"""Writes for parents, consents, parent contacts, information events and the parents' guide.

Views, imports and the demo seeder call these, never .save() directly.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audited_bulk_add, audited_bulk_create
from fritidsjob.models import Youth
from fritidsjob.services import apply_fields, new_for_bulk, update_many_for_bulk

from .models import (
    Consent,
    GuideEdition,
    GuideLanguage,
    GuideSection,
    GuideSectionText,
    InformationEvent,
    Parent,
    ParentContact,
)

# Fields a form or an import may set directly.
PARENT_FIELDS = [
    "first_name",
    "last_name",
    "phone",
    "email",
    "relation",
    "has_custody",
    "language",
    "needs_interpreter",
    "has_jobcenter_case",
    "import_ref",
]
CONTACT_FIELDS = ["date", "kind", "staff", "note", "interpreter_used", "import_ref"]
CONSENT_FIELDS = ["kind", "given_by", "youth_consented", "given_on", "method", "document"]
EVENT_FIELDS = [
    "date",
    "title",
    "school",
    "place",
    "audience",
    "youth_count",
    "parent_count",
    "materials",
    "import_ref",
]


def _require_children(children) -> list[Youth]:
    children = list(children)
    if not children:
        raise ValidationError({"children": _("Vælg mindst én ung, som forælderen hører til.")})
    return children


# --- parents -------------------------------------------------------------------------------


@transaction.atomic
def parent_create(*, data: dict, children) -> Parent:
    children = _require_children(children)
    parent = Parent()
    apply_fields(parent, data, PARENT_FIELDS)
    parent.full_clean()
    parent.save()
    parent.children.set(children)
    return parent


def parent_new(*, data: dict) -> Parent:
    """A new parent, not saved yet, validated for parent_create_many (see new_for_bulk)."""
    return new_for_bulk(Parent(), data, PARENT_FIELDS)


@transaction.atomic
def parent_create_many(*, parents: list[Parent], children: list[list[Youth]]) -> list[Parent]:
    """Save many new parents (from parent_new), each with its children, in a few queries, all audited."""
    children = [_require_children(kids) for kids in children]
    created = audited_bulk_create(Parent, parents, batch_size=500)
    audited_bulk_add(list(zip(created, children, strict=True)), field="children")
    return created


@transaction.atomic
def parent_update(*, parent: Parent, data: dict, children=None) -> Parent:
    """Change a parent; `children` (when given) replaces the young people the parent is linked to."""
    apply_fields(parent, data, PARENT_FIELDS)
    parent.full_clean()
    parent.save()
    if children is not None:
        parent.children.set(_require_children(children))
    return parent


# --- consent -------------------------------------------------------------------------------


@transaction.atomic
def consent_record(*, youth: Youth, recorded_by, data: dict, digital: dict | None = None) -> Consent:
    """Record a consent; Consent.clean() (foraeldre.consent) refuses one the rules would not accept.

    `digital`: a consent given through the link (foraeldre/digital_consent.py): its text version,
    moment and channel.
    """
    consent = Consent(youth=youth, recorded_by=recorded_by)
    apply_fields(consent, data, CONSENT_FIELDS)
    apply_fields(consent, digital or {}, ["text_version", "given_at", "digital_channel"])
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consents_record(*, youth: Youth, recorded_by, kinds: list[str], data: dict) -> list[Consent]:
    """Record the same consent for several kinds at once (one paper form): all of them, or none."""
    consents = []
    for kind in kinds:
        if data.get("document"):
            data["document"].seek(0)  # each consent keeps its own copy of the scan
        consents.append(consent_record(youth=youth, recorded_by=recorded_by, data={**data, "kind": kind}))
    return consents


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: datetime.date | None = None) -> Consent:
    """Withdraw a consent from `withdrawn_on` (today): it stops counting on that day, so at once."""
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("Samtykket er allerede trukket tilbage.")})
    consent.withdrawn_on = withdrawn_on or timezone.localdate()
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on"])
    return consent


# --- parent contacts --------------------------------------------------------------------------


@transaction.atomic
def parent_contact_create(*, parent: Parent, data: dict) -> ParentContact:
    contact = ParentContact(parent=parent)
    apply_fields(contact, data, CONTACT_FIELDS)
    contact.full_clean()
    contact.save()
    return contact


def parent_contact_new(*, parent: Parent, data: dict) -> ParentContact:
    """A new contact, not saved yet, validated for parent_contact_create_many (see new_for_bulk)."""
    return new_for_bulk(ParentContact(parent=parent), data, CONTACT_FIELDS, stored=("parent",))


@transaction.atomic
def parent_contact_create_many(*, contacts: list[ParentContact]) -> list[ParentContact]:
    """Save many new contacts (from parent_contact_new) in a few queries, each with its audit entry."""
    return audited_bulk_create(ParentContact, contacts, batch_size=500)


@transaction.atomic
def parent_contact_update(*, contact: ParentContact, data: dict, parent: Parent | None = None) -> ParentContact:
    if parent is not None:
        contact.parent = parent
    apply_fields(contact, data, CONTACT_FIELDS)
    contact.full_clean()
    contact.save()
    return contact


def parent_contact_update_many(*, changes: list[tuple[ParentContact, dict, Parent]]) -> list[ParentContact]:
    """Change many contacts (contact, data, parent) as parent_contact_update would, in a few queries,
    each with its audit entry (see fritidsjob.services.update_many_for_bulk)."""
    return update_many_for_bulk(
        ParentContact,
        [(contact, data, {"parent": parent}) for contact, data, parent in changes],
        CONTACT_FIELDS,
        stored=("staff",),
    )


# --- information events ----------------------------------------------------------------------


@transaction.atomic
def information_event_create(*, data: dict, staff=()) -> InformationEvent:
    event = InformationEvent()
    apply_fields(event, data, EVENT_FIELDS)
    event.full_clean()
    event.save()
    event.staff.set(staff)
    return event


def information_event_new(*, data: dict) -> InformationEvent:
    """A new information meeting (no staff), not saved yet, validated for information_event_create_many."""
    return new_for_bulk(InformationEvent(), data, EVENT_FIELDS, stored=("school",))


@transaction.atomic
def information_event_create_many(*, events: list[InformationEvent]) -> list[InformationEvent]:
    """Save many new information meetings (from information_event_new) in a few queries, each audited."""
    return audited_bulk_create(InformationEvent, events, batch_size=500)


@transaction.atomic
def information_event_update(*, event: InformationEvent, data: dict, staff=None) -> InformationEvent:
    apply_fields(event, data, EVENT_FIELDS)
    event.full_clean()
    event.save()
    if staff is not None:
        event.staff.set(staff)
    return event


def information_event_update_many(*, changes: list[tuple[InformationEvent, dict]]) -> list[InformationEvent]:
    """Change many information meetings as information_event_update would (its staff left as they
    are), in a few queries, each with its audit entry (see fritidsjob.services.update_many_for_bulk)."""
    return update_many_for_bulk(
        InformationEvent,
        [
            (event, {k: v for k, v in data.items() if k != "school"}, {"school": data.get("school")})
            for event, data in changes
        ],
        EVENT_FIELDS,
    )


# --- the parents' guide -------------------------------------------------------------------------


@transaction.atomic
def guide_edition_save(*, language: str, title: str, introduction: str = "") -> GuideEdition:
    """Create or change the guide's edition in `language` (title and introduction)."""
    edition = GuideEdition.objects.filter(language=language).first() or GuideEdition(language=language)
    edition.title, edition.introduction = title, introduction
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def guide_section_create(*, title: str, body: str, by, position: int | None = None) -> GuideSection:
    """A new section, written in Danish first: every section has a Danish text."""
    if position is None:
        last = GuideSection.objects.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    section = GuideSection(position=position)
    section.full_clean()
    section.save()
    guide_section_text_save(section=section, language=GuideLanguage.DANISH, title=title, body=body, by=by)
    return section


@transaction.atomic
def guide_section_update(*, section: GuideSection, position: int) -> GuideSection:
    section.position = position
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def guide_section_text_save(*, section: GuideSection, language: str, title: str, body: str, by) -> GuideSectionText:
    """Write a section's text in one language; the language needs an edition first (Danish always has one)."""
    if not GuideEdition.objects.filter(language=language).exists():
        raise ValidationError(
            _("Opret først en udgave af guiden på %(language)s.") % {"language": GuideLanguage(language).label}
        )
    text = GuideSectionText.objects.filter(section=section, language=language).first()
    text = text or GuideSectionText(section=section, language=language)
    text.title, text.body, text.updated_by = title, body, by
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def guide_section_delete(*, section: GuideSection) -> None:
    section.delete()
