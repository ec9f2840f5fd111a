"""Import kinds of the parents' app: `foraeldre`, `foraeldrekontakter` and `informationsmoeder`.

The machinery (files, headers, all or nothing, line numbers) is core.importing;
the contract is shared/docs/kpi-and-import.md. References (`boern`, `foraelder_ref`)
name records by their import reference, i.e. the `ref` they were imported with.
"""

import re
from typing import Any

from django.utils import timezone

from core.importing import REQUIRED, ImportKind, Key, Planned, Row, cell_text, fold, register
from fritidsjob.models import School, Youth

from . import services
from .models import ContactKind, InformationEvent, Parent, ParentContact

CHUNK = 500  # keep IN lists short for SQLite
MAX_COUNT = 2**31 - 1  # what the database column holds


def _by_ref(queryset, refs: list[str]) -> dict[str, Any]:
    found = {}
    for start in range(0, len(refs), CHUNK):
        for record in queryset.filter(import_ref__in=refs[start : start + CHUNK]):
            found[record.import_ref] = record
    return found


def _not_in_future(row: Row, column: str, date) -> None:
    if date and date > timezone.localdate():
        row.error(column, "datoen ligger i fremtiden")


@register
class ParentImport(ImportKind):
    name = "foraeldre"
    order = 20  # the contract's import order (kpi-and-import.md)
    label = "Forældre"
    columns = ("ref", "fornavn", "efternavn", "telefon", "email", "sag_i_jobcenter", "boern")
    required = frozenset({"ref", "fornavn", "efternavn", "sag_i_jobcenter", "boern"})
    field_columns = {
        "import_ref": "ref",
        "first_name": "fornavn",
        "last_name": "efternavn",
        "phone": "telefon",
        "email": "email",
        "has_jobcenter_case": "sag_i_jobcenter",
        "children": "boern",
    }

    def __init__(self):
        self.youth_ids: dict[str, int] | None = None  # youth import ref -> id, loaded on first use

    def existing(self, keys: list[Key]) -> dict[Key, Parent]:
        parents = _by_ref(Parent.objects.prefetch_related("children"), [ref for (ref,) in keys])
        return {(ref,): parent for ref, parent in parents.items()}

    def parse(self, row: Row, instance: Parent | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "first_name": row.text("fornavn", required=True, max_length=100),
            "last_name": row.text("efternavn", required=True, max_length=100),
            "has_jobcenter_case": row.yes_no("sag_i_jobcenter", required=True),
        }
        # An optional column the file does not have leaves the field alone; a blank cell clears it.
        if row.has("telefon"):
            data["phone"] = row.text("telefon", max_length=20)
        if row.has("email"):
            data["email"] = row.text("email", max_length=254)
        data["children"] = self._children(row)
        if not row.errors:
            candidate = self.copy_for_validation(instance, Parent)
            for field, value in data.items():
                if field != "children":
                    setattr(candidate, field, value)
            self.validate_model(row, candidate)
        return data

    def _children(self, row: Row) -> list[int]:
        raw = cell_text(row.values.get("boern"))
        if not raw:
            row.error("boern", REQUIRED)
            return []
        refs = list(dict.fromkeys(ref.strip() for ref in raw.split("|") if ref.strip()))
        if not refs:
            row.error("boern", "skriv mindst én ungs ref; flere adskilles med |")
            return []
        if self.youth_ids is None:
            self.youth_ids = dict(Youth.objects.filter(import_ref__isnull=False).values_list("import_ref", "pk"))
        unknown = [ref for ref in refs if ref not in self.youth_ids]
        for ref in unknown:
            row.error("boern", f'ukendt ung "{ref}" – importér de unge først')
        return sorted(self.youth_ids[ref] for ref in refs if ref in self.youth_ids)

    def is_unchanged(self, instance: Parent, data: dict[str, Any]) -> bool:
        for field, value in data.items():
            if field == "children":
                if sorted(child.pk for child in instance.children.all()) != value:
                    return False
            elif getattr(instance, field) != value:
                return False
        return True

    def save(self, instance: Parent | None, data: dict[str, Any]) -> Parent:
        fields = {field: value for field, value in data.items() if field != "children"}
        if instance is None:
            # The spreadsheets hold neither relation nor custody: both stay "not known" until
            # staff fill them in, so nobody imported can consent before custody is confirmed.
            return services.parent_create(
                data={**fields, "relation": "", "has_custody": None}, children=data["children"]
            )
        return services.parent_update(parent=instance, data=fields, children=data["children"])

    def new(self, data: dict[str, Any]) -> Parent:
        fields = {field: value for field, value in data.items() if field != "children"}
        # As save(): relation and custody stay "not known" until staff fill them in.
        return services.parent_new(data={**fields, "relation": "", "has_custody": None})

    def create_many(self, records: list[Parent], planned: list[Planned]) -> None:
        youth = Youth.objects.in_bulk(sorted({pk for item in planned for pk in item.data["children"]}))
        children = [[youth[pk] for pk in item.data["children"]] for item in planned]
        services.parent_create_many(parents=records, children=children)


CONTACT_TYPES = {"vejledning": ContactKind.GUIDANCE, "introduktion": ContactKind.INTRODUCTION}


@register
class ParentContactImport(ImportKind):
    name = "foraeldrekontakter"
    order = 80  # the contract's import order (kpi-and-import.md)
    label = "Forældrekontakter"
    columns = ("ref", "foraelder_ref", "dato", "type", "note")
    required = frozenset({"ref", "foraelder_ref", "dato", "type"})
    field_columns = {"import_ref": "ref", "parent": "foraelder_ref", "date": "dato", "kind": "type", "note": "note"}

    def __init__(self):
        self.parents: dict[str, Parent] | None = None  # parent import ref -> parent, loaded on first use

    def existing(self, keys: list[Key]) -> dict[Key, ParentContact]:
        contacts = _by_ref(ParentContact.objects.all(), [ref for (ref,) in keys])
        return {(ref,): contact for ref, contact in contacts.items()}

    def parse(self, row: Row, instance: ParentContact | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "date": row.date("dato", required=True),
            "kind": row.choice("type", CONTACT_TYPES, allowed="vejledning eller introduktion", required=True),
        }
        _not_in_future(row, "dato", data["date"])
        if row.has("note"):
            data["note"] = row.text("note")
        data["parent"] = self._parent(row)
        return data

    def _parent(self, row: Row) -> Parent | None:
        ref = row.text("foraelder_ref", required=True)
        if not ref:
            return None
        if self.parents is None:
            self.parents = {
                p.import_ref: p for p in Parent.objects.filter(import_ref__isnull=False).only("pk", "import_ref")
            }
        if ref not in self.parents:
            row.error("foraelder_ref", f'ukendt forælder "{ref}" – importér forældrene først')
            return None
        return self.parents[ref]

    def is_unchanged(self, instance: ParentContact, data: dict[str, Any]) -> bool:
        if instance.parent_id != data["parent"].pk:
            return False
        return all(getattr(instance, field) == value for field, value in data.items() if field != "parent")

    def save(self, instance: ParentContact | None, data: dict[str, Any]) -> ParentContact:
        fields = {field: value for field, value in data.items() if field != "parent"}
        if instance is None:
            return services.parent_contact_create(parent=data["parent"], data=fields)
        return services.parent_contact_update(contact=instance, data=fields, parent=data["parent"])

    def new(self, data: dict[str, Any]) -> ParentContact:
        fields = {field: value for field, value in data.items() if field != "parent"}
        return services.parent_contact_new(parent=data["parent"], data=fields)

    def create_many(self, records: list[ParentContact], planned: list[Planned]) -> None:
        services.parent_contact_create_many(contacts=records)

    def update_many(self, planned: list[Planned]) -> None:
        changes = [(item.instance, item.data_without("parent"), item.data["parent"]) for item in planned]
        services.parent_contact_update_many(changes=changes)


@register
class InformationEventImport(ImportKind):
    name = "informationsmoeder"
    order = 90  # the contract's import order (kpi-and-import.md)
    label = "Informationsmøder"
    columns = ("ref", "dato", "sted", "antal_unge", "antal_foraeldre")
    required = frozenset(columns)
    field_columns = {
        "import_ref": "ref",
        "date": "dato",
        "place": "sted",
        "school": "sted",
        "youth_count": "antal_unge",
        "parent_count": "antal_foraeldre",
    }

    def __init__(self):
        self.schools: dict[str, School] = {}

    def existing(self, keys: list[Key]) -> dict[Key, InformationEvent]:
        self.schools = {fold(school.name): school for school in School.objects.all()}
        events = _by_ref(InformationEvent.objects.all(), [ref for (ref,) in keys])
        return {(ref,): event for ref, event in events.items()}

    def parse(self, row: Row, instance: InformationEvent | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "date": row.date("dato", required=True),
            "youth_count": self._count(row, "antal_unge"),
            "parent_count": self._count(row, "antal_foraeldre"),
        }
        _not_in_future(row, "dato", data["date"])
        place = row.text("sted", required=True, max_length=200)
        # A place that names a known school is that school, so the list by school includes it.
        school = self.schools.get(fold(place)) if place else None
        data["school"], data["place"] = (school, "") if school else (None, place or "")
        return data

    @staticmethod
    def _count(row: Row, column: str) -> int | None:
        value = cell_text(row.values.get(column))
        if not value:
            row.error(column, REQUIRED)
            return None
        if not re.fullmatch(r"\d+", value) or int(value) > MAX_COUNT:
            row.error(column, f'skal være et helt tal på 0 eller mere, ikke "{value}"')
            return None
        return int(value)

    def is_unchanged(self, instance: InformationEvent, data: dict[str, Any]) -> bool:
        if instance.school_id != (data["school"].pk if data["school"] else None):
            return False
        return all(getattr(instance, field) == value for field, value in data.items() if field != "school")

    def save(self, instance: InformationEvent | None, data: dict[str, Any]) -> InformationEvent:
        if instance is None:
            return services.information_event_create(data=data)
        return services.information_event_update(event=instance, data=data)

    def new(self, data: dict[str, Any]) -> InformationEvent:
        return services.information_event_new(data=data)

    def create_many(self, records: list[InformationEvent], planned: list[Planned]) -> None:
        services.information_event_create_many(events=records)

    def update_many(self, planned: list[Planned]) -> None:
        services.information_event_update_many(changes=[(item.instance, item.data) for item in planned])
