"""Erasure: who is anonymised, and what each app removes from its own records when they are.

A person who can be anonymised is a *subject* ("ung", "foraelder"), registered by the app
that owns the model. Every app registers, for each of its models that holds personal
data, an *anonymiser* per subject: a function that removes that subject's personal data
from the app's own rows and says what it touched (found at start-up with the app's
`anonymisers.py`, as core.panels finds `panels.py`)::

    from core import erasure

    @erasure.anonymiser(JournalEntry, subject="ung")
    def journal(run, youth):
        entries = JournalEntry.objects.filter(youth=youth)
        run.touched(entries)
        audited_update(entries, text=erasure.REMOVED)

A model that holds no personal data of the subjects, or keeps it on purpose (a mentor's
own details, a report's narrative), says so with `erasure.keep(model, why=...)`;
tests/test_erasure.py fails for a model with personal data (a link to a subject, a
free text) that has neither. The run itself (the audit trail, the files, the request and
approval) is fritidsjob.erasure's: it calls `run_anonymisers` inside one transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

# What a removed free text reads afterwards, where the field may not be empty.
REMOVED = "[anonymiseret]"

AnonymiseFn = Callable[["ErasureRun", Any], None]


@dataclass(frozen=True)
class Subject:
    kind: str  # as on the command line: anonymiser ung REF
    model: type[Model]
    label: str


@dataclass(frozen=True)
class Anonymiser:
    model: type[Model]
    subject: str
    anonymise: AnonymiseFn
    order: int


_subjects: dict[str, Subject] = {}
_anonymisers: list[Anonymiser] = []
_kept: dict[type[Model], str] = {}


def register_subject(kind: str, *, model: type[Model], label: str) -> None:
    if kind in _subjects and _subjects[kind].model is not model:
        raise ImproperlyConfigured(f"Two models registered as the erasure subject {kind!r}.")
    _subjects[kind] = Subject(kind=kind, model=model, label=label)


def subject(kind: str) -> Subject:
    return _subjects[kind]


def subjects() -> dict[str, Subject]:
    return dict(_subjects)


def subject_of(person: Model) -> Subject:
    for registered in _subjects.values():
        if isinstance(person, registered.model):
            return registered
    raise ImproperlyConfigured(f"{type(person).__name__} is no erasure subject.")


def anonymiser(model: type[Model], *, subject: str, order: int = 100) -> Callable[[AnonymiseFn], AnonymiseFn]:
    """Register `fn(run, person)`: removes `person`'s personal data from `model`'s rows."""

    def decorator(fn: AnonymiseFn) -> AnonymiseFn:
        if not any(a.anonymise is fn and a.subject == subject for a in _anonymisers):
            _anonymisers.append(Anonymiser(model=model, subject=subject, anonymise=fn, order=order))
            _anonymisers.sort(key=lambda a: a.order)
        return fn

    return decorator


def keep(model: type[Model], *, why: str) -> None:
    """`model` is left as it is when a person is anonymised, for the reason given."""
    _kept[model] = why


def anonymisers(kind: str) -> list[Anonymiser]:
    return [a for a in _anonymisers if a.subject == kind]


def covered() -> dict[type[Model], str]:
    """Every model with an anonymiser or a reason to be kept: model -> how."""
    result = {model: f"kept: {why}" for model, why in _kept.items()}
    for a in _anonymisers:
        result[a.model] = "anonymised"
    return result


@dataclass
class ErasureRun:
    """What one anonymisation has touched so far: persons, records, personal values and files.

    The anonymisers fill it in; afterwards the run scrubs the audit entries of every
    touched record, and of every entry naming one of `values`, and deletes `files`
    once the transaction has committed.
    """

    reason: str
    persons: list[Model] = field(default_factory=list)
    records: dict[type[Model], set] = field(default_factory=dict)
    values: set[str] = field(default_factory=set)
    files: list[tuple[Any, str]] = field(default_factory=list)

    def touched(self, rows: QuerySet | Iterable[Model]) -> None:
        """Records whose audit entries are scrubbed (read now: a row may be deleted next)."""
        if isinstance(rows, QuerySet):
            pks = list(rows.values_list("pk", flat=True))
            model = rows.model
            self.records.setdefault(model, set()).update(pks)
            return
        for row in rows:
            self.records.setdefault(type(row), set()).add(row.pk)

    def personal_values(self, *values: str) -> None:
        """Values that identify the person (a full name, a phone number, an e-mail address), removed
        from every audit entry that holds them, also entries about others' records.

        Not free texts: those are scrubbed in the entries of the records that hold them, and a
        common phrase ("Stoppede") would rewrite other people's entries too.
        """
        # Short values ("Ali", "12") would match unrelated entries.
        self.values.update(v.strip() for v in values if v and len(v.strip()) >= 5)

    def delete_file(self, file) -> None:
        if file:
            self.files.append((file.storage, file.name))

    def include(self, person: Model) -> None:
        """Anonymise `person` too in this run (a parent whose every child is anonymised)."""
        if any(type(p) is type(person) and p.pk == person.pk for p in self.persons):
            return
        self.persons.append(person)
        for a in anonymisers(subject_of(person).kind):
            a.anonymise(self, person)


def run_anonymisers(run: ErasureRun, person: Model) -> None:
    """Every app's anonymiser for `person`'s kind, in their order (the caller holds the transaction)."""
    if not anonymisers(subject_of(person).kind):
        raise ImproperlyConfigured(_("Ingen anonymisering registreret."))
    run.include(person)
