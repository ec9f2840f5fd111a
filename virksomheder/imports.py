"""Import kinds of the companies' app: `virksomheder`, `vejledninger` and `ansaettelser`.

The machinery (files, headers, all or nothing, line numbers) is core.importing;
the contract is shared/docs/kpi-and-import.md. References (`virksomhed_ref`, `ung_ref`)
name records by the `ref` they were imported with. The young-worker rules warn
about an imported placement but never reject it: history is imported as it was.
"""

import re
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core import postcodes
from core.importing import ImportKind, Key, Planned, Row, cell_text, choices_by_spelling, fold, register
from fritidsjob.models import Industry, Youth

from . import cvr as cvr_register
from . import rules_check, services
from .models import Company, Guidance, GuidanceForm, GuidanceTopic, Placement, cvr_is_valid

CHUNK = 500  # keep IN lists short for SQLite
MAX_HOURS = Decimal(40)


def _by_ref(queryset, refs: list[str]) -> dict[str, Any]:
    found = {}
    for start in range(0, len(refs), CHUNK):
        for record in queryset.filter(import_ref__in=refs[start : start + CHUNK]):
            found[record.import_ref] = record
    return found


def _company_refs() -> dict[str, Company]:
    return {c.import_ref: c for c in Company.objects.filter(import_ref__isnull=False).only("pk", "import_ref", "name")}


def _company(row: Row, companies: dict[str, Company]) -> Company | None:
    ref = row.text("virksomhed_ref", required=True)
    if not ref:
        return None
    if ref not in companies:
        row.error("virksomhed_ref", f'ingen virksomhed med ref "{ref}" – importér virksomhederne først (virksomheder)')
        return None
    return companies[ref]


@register
class CompanyImport(ImportKind):
    name = "virksomheder"
    order = 30  # the contract's import order (kpi-and-import.md)
    label = "Virksomheder"
    columns = ("ref", "navn", "cvr", "branche", "postnummer")
    required = frozenset({"ref", "navn", "cvr", "branche"})
    field_columns = {"import_ref": "ref", "name": "navn", "cvr": "cvr", "industry": "branche", "postcode": "postnummer"}

    def __init__(self):
        self.industries: dict[str, Industry] = {}
        # Why the CVR register could not be asked (then it is not asked again in this import).
        self.register_down = ""
        # CVR -> import ref of the company holding it (None: made in the app).
        self.cvr_owners: dict[str, str | None] = {}
        self.cvr_lines: dict[str, int] = {}  # CVR -> the file's line that has it

    def existing(self, keys: list[Key]) -> dict[Key, Company]:
        self.industries = {fold(industry.name): industry for industry in Industry.objects.all()}
        self.cvr_owners = dict(Company.objects.values_list("cvr", "import_ref"))
        companies = _by_ref(Company.objects.all(), [ref for (ref,) in keys])
        return {(ref,): company for ref, company in companies.items()}

    def parse(self, row: Row, instance: Company | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "name": row.text("navn", required=True, max_length=200),
            "cvr": self._cvr(row),
            "industry": self._industry(row),
        }
        if row.has("postnummer"):
            data["postcode"] = postcode = row.text("postnummer")
            # The contract promises any four digits (company-only postcodes are not in the table):
            # the town is filled where the table knows the postcode.
            if postcode and (instance is None or instance.postcode != postcode or not instance.city):
                # The file has no town column: the postcode's town (core/data/postnumre.csv).
                data["city"] = postcodes.town(postcode)
        if not row.errors:
            candidate = self.copy_for_validation(instance, Company)
            for field, value in data.items():
                setattr(candidate, field, value)
            # The industry is a stored one looked up for the file: checking it again costs a query per row.
            self.validate_model(row, candidate, exclude=["industry"])
        if not row.errors and instance is None:
            data.update(self._from_register(row, data))
        return data

    def _from_register(self, row: Row, data: dict[str, Any]) -> dict[str, Any]:
        """A new company's address, size, company form and industry code from the CVR register.

        What the file says wins. The register being down never fails the import: the
        companies are imported with what the file has, and the nightly refresh fills in later.
        """
        if not cvr_register.lookup_enabled() or self.register_down:
            return {}
        try:
            found = cvr_register.lookup(data["cvr"])
        except cvr_register.CvrNotFound as error:
            row.warn("cvr", f"{error} Virksomheden importeres med filens oplysninger.")
            return {}
        except cvr_register.CvrUnavailable as error:
            self.register_down = str(error)
            row.warn("cvr", f"{error} Virksomhederne importeres uden oplysninger fra CVR-registret.")
            return {}
        filled = cvr_register.company_fields(found)
        return {field: value for field, value in filled.items() if field not in data and field != "name"}

    def _cvr(self, row: Row) -> str | None:
        cvr = row.text("cvr", required=True)
        if not cvr:
            return None
        cvr = cvr.replace(" ", "")
        if not re.fullmatch(r"\d{8}", cvr):
            row.error("cvr", f'CVR-nummeret skal være otte cifre, ikke "{cvr}"')
            return None
        if not cvr_is_valid(cvr):
            row.error("cvr", f"{cvr} er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke)")
            return None
        if cvr in self.cvr_lines:
            row.error("cvr", f"CVR-nummeret {cvr} står allerede i linje {self.cvr_lines[cvr]}")
            return None
        self.cvr_lines[cvr] = row.line
        ref = cell_text(row.values.get("ref"))
        if cvr in self.cvr_owners and self.cvr_owners[cvr] != ref:
            row.error("cvr", f"der findes allerede en anden virksomhed med CVR-nummeret {cvr}")
            return None
        return cvr

    def _industry(self, row: Row) -> Industry | None:
        name = row.text("branche", required=True)
        if not name:
            return None
        industry = self.industries.get(fold(name))
        if industry is None:
            names = ", ".join(industry.name for industry in self.industries.values())
            row.error("branche", f'ukendt branche "{name}" – brug en af: {names}')
        return industry

    def is_unchanged(self, instance: Company, data: dict[str, Any]) -> bool:
        return all(getattr(instance, field) == value for field, value in data.items())

    def save(self, instance: Company | None, data: dict[str, Any]) -> Company:
        if instance is None:
            return services.company_create(data=data)
        return services.company_update(company=instance, data=data)

    def new(self, data: dict[str, Any]) -> Company:
        return services.company_new(data=data)

    def create_many(self, records: list[Company], planned: list[Planned]) -> None:
        services.company_create_many(companies=records)

    def update_many(self, planned: list[Planned]) -> None:
        services.company_update_many(changes=[(item.instance, item.data) for item in planned])


GUIDANCE_FORMS = choices_by_spelling(GuidanceForm)
GUIDANCE_TOPICS = choices_by_spelling(GuidanceTopic)


@register
class GuidanceImport(ImportKind):
    name = "vejledninger"
    order = 60  # the contract's import order (kpi-and-import.md)
    label = "Vejledninger af virksomheder"
    columns = ("ref", "virksomhed_ref", "dato", "form", "emne")
    required = frozenset({"ref", "virksomhed_ref", "dato"})
    field_columns = {
        "import_ref": "ref",
        "company": "virksomhed_ref",
        "date": "dato",
        "form": "form",
        "topic": "emne",
        "topic_text": "emne",
    }

    def __init__(self):
        self.companies: dict[str, Company] | None = None

    def existing(self, keys: list[Key]) -> dict[Key, Guidance]:
        self.companies = _company_refs()
        found = _by_ref(Guidance.objects.all(), [ref for (ref,) in keys])
        return {(ref,): guidance for ref, guidance in found.items()}

    def parse(self, row: Row, instance: Guidance | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "company": _company(row, self.companies),
            "date": row.date("dato", required=True),
        }
        if data["date"] and data["date"] > timezone.localdate():
            row.error("dato", "datoen ligger i fremtiden")
        if row.has("form"):
            allowed = "besoeg, telefon, moede, netvaerksmoede, webinar eller andet"
            data["form"] = row.choice("form", GUIDANCE_FORMS, allowed=allowed) or GuidanceForm.OTHER
        if row.has("emne"):
            # A known topic is stored as that topic; any other text is kept as written.
            text = row.text("emne", max_length=200) or ""
            topic = GUIDANCE_TOPICS.get(fold(text), "") if text else ""
            data["topic"], data["topic_text"] = topic, "" if topic else text
        return data

    def is_unchanged(self, instance: Guidance, data: dict[str, Any]) -> bool:
        if instance.company_id != data["company"].pk:
            return False
        return all(getattr(instance, field) == value for field, value in data.items() if field != "company")

    def save(self, instance: Guidance | None, data: dict[str, Any]) -> Guidance:
        fields = {field: value for field, value in data.items() if field != "company"}
        if instance is None:
            return services.guidance_create(company=data["company"], data=fields)
        return services.guidance_update(guidance=instance, data=fields, company=data["company"])

    def new(self, data: dict[str, Any]) -> Guidance:
        fields = {field: value for field, value in data.items() if field != "company"}
        return services.guidance_new(company=data["company"], data=fields)

    def create_many(self, records: list[Guidance], planned: list[Planned]) -> None:
        services.guidance_create_many(guidances=records)

    def update_many(self, planned: list[Planned]) -> None:
        changes = [(item.instance, item.data_without("company"), item.data["company"]) for item in planned]
        services.guidance_update_many(changes=changes)


@register
class PlacementImport(ImportKind):
    name = "ansaettelser"
    order = 70  # the contract's import order (kpi-and-import.md)
    label = "Ansættelser"
    columns = ("ref", "ung_ref", "virksomhed_ref", "startdato", "slutdato", "timer_pr_uge", "jobtitel")
    required = frozenset({"ref", "ung_ref", "virksomhed_ref", "startdato"})
    field_columns = {
        "import_ref": "ref",
        "youth": "ung_ref",
        "company": "virksomhed_ref",
        "opening": "virksomhed_ref",
        "start": "startdato",
        "end": "slutdato",
        "hours_per_week": "timer_pr_uge",
        "job_title": "jobtitel",
    }

    def __init__(self):
        self.companies: dict[str, Company] = {}
        self.youth: dict[str, Youth] = {}

    def existing(self, keys: list[Key]) -> dict[Key, Placement]:
        self.companies = _company_refs()
        self.youth = {y.import_ref: y for y in Youth.objects.filter(import_ref__isnull=False)}
        # The opening too: a changed placement's validation compares its company with the opening's.
        found = _by_ref(Placement.objects.select_related("youth", "company", "opening"), [ref for (ref,) in keys])
        return {(ref,): placement for ref, placement in found.items()}

    def parse(self, row: Row, instance: Placement | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "youth": self._youth(row),
            "company": _company(row, self.companies),
            "start": row.date("startdato", required=True),
        }
        if row.has("slutdato"):
            data["end"] = row.date("slutdato")
            if data["start"] and data["end"] and data["end"] < data["start"]:
                row.error("slutdato", "slutdatoen ligger før startdatoen")
        if row.has("timer_pr_uge"):
            data["hours_per_week"] = self._hours(row)
        if row.has("jobtitel"):
            data["job_title"] = row.text("jobtitel", max_length=200)
        if not row.errors:
            self._warn_about_rules(row, data, instance)
        return data

    def _youth(self, row: Row) -> Youth | None:
        ref = row.text("ung_ref", required=True)
        if ref and ref not in self.youth:
            row.error("ung_ref", f'ingen ung med ref "{ref}" – importér den unge først (unge)')
            return None
        return self.youth.get(ref) if ref else None

    @staticmethod
    def _hours(row: Row) -> Decimal | None:
        value = cell_text(row.values.get("timer_pr_uge"))
        if not value:
            return None
        number = value.replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d{1,2})?", number) or Decimal(number) > MAX_HOURS:
            row.error("timer_pr_uge", f'skal være et tal fra 0 til 40 med højst to decimaler, fx 7,5 – ikke "{value}"')
            return None
        return Decimal(number)

    @staticmethod
    def _warn_about_rules(row: Row, data: dict[str, Any], instance: Placement | None) -> None:
        hours = data.get("hours_per_week", instance.hours_per_week if instance else None)
        violations = rules_check.youth_violations(
            youth=data["youth"], start=data["start"], schedule=[], hours_per_week=hours, hazards=[]
        )
        for violation in violations:
            row.warn("timer_pr_uge", f"{violation.message} ({violation.source}) – importeres alligevel")

    def is_unchanged(self, instance: Placement, data: dict[str, Any]) -> bool:
        if instance.youth_id != data["youth"].pk or instance.company_id != data["company"].pk:
            return False
        return all(
            getattr(instance, field) == value for field, value in data.items() if field not in ("youth", "company")
        )

    def save(self, instance: Placement | None, data: dict[str, Any]) -> Placement:
        fields = {field: value for field, value in data.items() if field != "youth"}
        if instance is None:
            return services.placement_create(youth=data["youth"], data=fields, check_rules=False, history=True)
        instance.youth = data["youth"]
        return services.placement_update(placement=instance, data=fields, check_rules=False, history=True)

    def new(self, data: dict[str, Any]) -> Placement:
        fields = {field: value for field, value in data.items() if field != "youth"}
        return services.placement_new_from_history(youth=data["youth"], data=fields)

    def create_many(self, records: list[Placement], planned: list[Planned]) -> None:
        services.placement_create_many(placements=records)

    def update_many(self, planned: list[Planned]) -> None:
        changes = [(item.instance, item.data_without("youth"), item.data["youth"]) for item in planned]
        services.placement_update_many_from_history(changes=changes)
