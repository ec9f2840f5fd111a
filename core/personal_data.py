"""What the app stores about one person, gathered section by section for a right-of-access package.

Each app declares, in its own `personal_data.py` (found at start-up by `core.apps`), the
kinds of person it holds (`register_subject`: a young person, a parent) and what it stores
about them (`register`: one function per section, naming the models it covers), so no app
imports another and a new app adds its part in the same way::

    from core.personal_data import items_of, register

    @register(subject="ung", title=_("Journal"), covers=[JournalEntry], order=20)
    def journal(youth):
        return items_of(youth.journal_entries.select_related("author"))

A section function returns the section's Items (and may attach files with `attach`).
`core.insight` turns them into the package: a PDF a family can read and data.json.
tests/test_insight.py fails when a model with a foreign key to a person is covered by
no section (or declared `register_not_personal` with a reason).
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from .formatting import short_date, short_datetime
from .municipality import municipality_name

# --- the kinds of person a package can be about --------------------------------------


@dataclass(frozen=True)
class Subject:
    key: str  # on the command line and in data.json: "ung", "foraelder"
    label: str  # Danish, for the page and the PDF: "ung", "forælder"
    model: type[models.Model]


_subjects: dict[str, Subject] = {}


def register_subject(*, key: str, label: str, model: type[models.Model]) -> Subject:
    subject = Subject(key=key, label=label, model=model)
    _subjects.setdefault(key, subject)
    return _subjects[key]


def subjects() -> list[Subject]:
    return list(_subjects.values())


def subject(key: str) -> Subject:
    return _subjects[key]


def subject_of(person: models.Model) -> Subject:
    return next(item for item in _subjects.values() if isinstance(person, item.model))


class PersonNotFound(LookupError):
    pass


def find_person(subject_key: str, reference: str) -> models.Model:
    """A person by their import reference, or by the database id written `id:N`."""
    model = subject(subject_key).model
    reference = reference.strip()
    if reference.startswith("id:"):
        number = reference[3:]
        lookup = {"pk": int(number)} if number.isdigit() else None
    else:
        lookup = {"import_ref": reference} if reference else None
    person = model._default_manager.filter(**lookup).first() if lookup else None
    if person is None:
        raise PersonNotFound(reference)
    return person


# --- what is stored about them ---------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str  # the model field's name; data.json's key
    label: str  # its Danish verbose name
    value: Any  # as stored (an id for a link, a list of ids for several); data.json encodes it as Django does
    text: str  # as the PDF shows it


@dataclass
class Item:
    """One stored record: a journal entry, a consent, a message."""

    title: str
    model: str  # "fritidsjob.journalentry"
    pk: Any
    fields: list[Field]


@dataclass(frozen=True)
class Attachment:
    name: str  # the path inside the ZIP, e.g. "dokumenter/samtykke-12.pdf"
    content: bytes


@dataclass
class SectionContent:
    key: str
    title: str
    intro: str
    items: list[Item]
    files: list[Attachment] = field(default_factory=list)


SectionFunction = Callable[[Any], Iterable[Item]]


@dataclass(frozen=True)
class Section:
    subject: str
    key: str
    title: str
    intro: str
    covers: tuple[type[models.Model], ...]
    function: SectionFunction
    order: int


_sections: list[Section] = []
_not_personal: dict[type[models.Model], str] = {}


def register(
    *, subject: str, title: str, covers: Sequence[type[models.Model]], intro: str = "", order: int = 100
) -> Callable[[SectionFunction], SectionFunction]:
    def decorator(function: SectionFunction) -> SectionFunction:
        if not any(section.function is function for section in _sections):
            key = f"{function.__module__.split('.')[0]}.{function.__name__}"
            _sections.append(Section(subject, key, title, intro, tuple(covers), function, order))
            _sections.sort(key=lambda section: section.order)
        return function

    return decorator


def register_not_personal(model: type[models.Model], *, reason: str) -> None:
    """A model with a link to a person that holds nothing about them a package must show."""
    _not_personal[model] = reason


def sections(subject_key: str | None = None) -> list[Section]:
    return [section for section in _sections if subject_key is None or section.subject == subject_key]


def not_personal() -> dict[type[models.Model], str]:
    return dict(_not_personal)


# Files a section attaches while it runs, collected by gather().
_attachments: list[list[Attachment]] = []


def attach(name: str, content: bytes) -> None:
    """Put a file in the package (a consent's scanned document), from inside a section function."""
    _attachments[-1].append(Attachment(name=name, content=content))


def gather(person: models.Model) -> list[SectionContent]:
    """Every registered section about `person`, in order; empty sections are kept (they say "nothing")."""
    result = []
    for section in sections(subject_of(person).key):
        _attachments.append([])
        try:
            items = list(section.function(person))
        finally:
            files = _attachments.pop()
        result.append(SectionContent(section.key, str(section.title), str(section.intro), items, files))
    return result


# --- turning records into items --------------------------------------------------------


def _person_name(user) -> str:
    return user.get_full_name() or user.username


def _text(value: Any, model_field: models.Field | None = None) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.datetime):
        return short_datetime(value)
    if isinstance(value, datetime.date):
        return short_date(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, (list, tuple)):
        return (
            "; ".join(_text(part) for part in value)
            if any(isinstance(p, dict) for p in value)
            else (", ".join(_text(part) for part in value))
        )
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_text(part)}" for key, part in value.items())
    return str(value)


# Bookkeeping columns most models have without a Danish name of their own.
TECHNICAL_LABELS = {"created_at": _("oprettet i systemet"), "updated_at": _("sidst ændret i systemet")}


def field_of(record: models.Model, model_field: models.Field) -> Field:
    """One stored field of `record`: its value as stored (for data.json) and as a family reads it."""
    label = str(TECHNICAL_LABELS.get(model_field.name, model_field.verbose_name))
    if model_field.many_to_many:
        related = list(getattr(record, model_field.name).all())
        return Field(model_field.name, label, [item.pk for item in related], _text([str(item) for item in related]))
    if model_field.is_relation:
        pk = getattr(record, model_field.attname)
        try:
            target = getattr(record, model_field.name) if pk is not None else None
        except ObjectDoesNotExist:
            target = None
        if target is not None and model_field.related_model is _user_model():
            shown = _person_name(target)
        else:
            shown = str(target) if target is not None else None
        return Field(model_field.name, label, pk, _text(shown))
    value = getattr(record, model_field.attname)
    if isinstance(model_field, models.FileField):
        return Field(model_field.name, label, value.name or "", _text(value.name or ""))
    shown = getattr(record, f"get_{model_field.name}_display")() if model_field.choices else value
    return Field(model_field.name, label, value, _text(shown))


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def stored_fields(model: type[models.Model]) -> list[models.Field]:
    """A model's own stored fields: columns and many-to-many links (not reverse relations)."""
    return [f for f in model._meta.concrete_fields if not f.primary_key] + list(model._meta.many_to_many)


def item_of(
    record: models.Model,
    *,
    title: str | None = None,
    exclude: Iterable[str] = (),
    only: Iterable[str] | None = None,
    extra: Iterable[Field] = (),
    shown: dict[str, Any] | None = None,
) -> Item:
    """Every stored field of `record` but `exclude` (or `only` those named), then `extra`.

    `shown` gives a field's text where the stored value means little to a family (weekday numbers).
    """
    excluded, chosen, shown = set(exclude), None if only is None else set(only), shown or {}
    fields = [
        field_of(record, f)
        for f in stored_fields(type(record))
        if f.name not in excluded and (chosen is None or f.name in chosen)
    ]
    fields = [Field(f.name, f.label, f.value, _text(shown[f.name])) if f.name in shown else f for f in fields]
    return Item(
        title=str(title if title is not None else record),
        model=record._meta.label_lower,
        pk=record.pk,
        fields=[*fields, *extra],
    )


def items_of(records: Iterable[models.Model], **options) -> list[Item]:
    return [item_of(record, **options) for record in records]


def text_field(name: str, label: str, value: Any) -> Field:
    """A field that is not a column of the record (a masked CPR number, a count)."""
    return Field(name, str(label), value, _text(value))


# Where the package is delivered, as `settings.INSIGHT_ORGANISATION` names it (default below).
def organisation() -> str:
    return getattr(settings, "INSIGHT_ORGANISATION", "") or municipality_name() or str(_("Kommunen"))
