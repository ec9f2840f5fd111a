"""Import kinds of the fritidsjob app: `unge` (see core.importing for the machinery)."""

import functools
import re
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.importing import ImportKind, Key, Planned, Row, choices_by_spelling, fold, register

from . import services
from .models import Gender, ReferralSource, School, Youth

# The import takes history as it was: only impossible birth dates are rejected, not
# ages the app would warn about (the contract: future, or more than 30 years back).
MAX_YEARS_BACK = 30

GENDERS = choices_by_spelling(Gender)
REFERRALS = choices_by_spelling(ReferralSource)


@functools.cache  # asked for on every row: the Danish labels of a choice do not change
def _allowed(choices) -> str:
    labels = [str(label) if str(label).isupper() else str(label).lower() for label in choices.labels]
    return ", ".join(labels[:-1]) + " eller " + labels[-1]


@register
class YouthImport(ImportKind):
    name = "unge"
    order = 10  # the contract's import order (kpi-and-import.md)
    label = "Unge"
    columns = (
        "ref",
        "fornavn",
        "efternavn",
        "foedselsdato",
        "maalgruppe",
        "koen",
        "skole",
        "postnummer",
        "henvist_af",
        "oprettet",
    )
    required = frozenset({"ref", "fornavn", "efternavn", "foedselsdato", "maalgruppe"})
    field_columns = {
        "import_ref": "ref",
        "first_name": "fornavn",
        "last_name": "efternavn",
        "birth_date": "foedselsdato",
        "in_target_group": "maalgruppe",
        "target_group_level": "maalgruppe",
        "gender": "koen",
        "school": "skole",
        "postcode": "postnummer",
        "referral_source": "henvist_af",
        "registered_on": "oprettet",
    }

    def __init__(self):
        self.schools: dict[str, School] = {}  # folded name -> school, filled by existing()
        # ref -> the new case parse() had the service validate, which new() then hands on:
        # validating and building each of thousands of new cases once, not twice.
        self.validated_new: dict[str, Youth] = {}

    def existing(self, keys: list[Key]) -> dict[Key, Youth]:
        self.schools = {fold(school.name): school for school in School.objects.all()}
        refs = [ref for (ref,) in keys]
        found = {}
        for start in range(0, len(refs), 500):  # keep IN lists short for SQLite
            for youth in Youth.objects.select_related("school").filter(import_ref__in=refs[start : start + 500]):
                found[(youth.import_ref,)] = youth
        return found

    @functools.cached_property
    def today(self):
        return timezone.localdate()  # once per import, not once per row

    @functools.cached_property
    def earliest_birth_date(self):
        return self.today - relativedelta(years=MAX_YEARS_BACK)

    def parse(self, row: Row, instance: Youth | None) -> dict[str, Any]:
        today = self.today
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "first_name": row.text("fornavn", required=True, max_length=100),
            "last_name": row.text("efternavn", required=True, max_length=100),
            "birth_date": row.date("foedselsdato", required=True),
            "in_target_group": row.yes_no("maalgruppe", required=True),
        }
        birth_date = data["birth_date"]
        if birth_date and birth_date > today:
            row.error("foedselsdato", "fødselsdatoen ligger i fremtiden")
        elif birth_date and birth_date < self.earliest_birth_date:
            row.error("foedselsdato", f"fødselsdatoen ligger mere end {MAX_YEARS_BACK} år tilbage")

        # An optional column the file does not have leaves that field of a stored record alone;
        # a blank cell in a column it has clears the field (koen: sets uoplyst).
        if row.has("koen"):
            data["gender"] = row.choice("koen", GENDERS, allowed=_allowed(Gender)) or Gender.UNKNOWN
        if row.has("skole"):
            name = row.text("skole", max_length=School._meta.get_field("name").max_length)
            # A school not known yet is created when saving (never in a dry run), validated as the admin's form does.
            school = (self.schools.get(fold(name)) or School(name=name)) if name else None
            if school is not None and school.pk is None:
                try:
                    school.full_clean(validate_unique=False)
                except ValidationError as error:
                    for message in error.message_dict.get("name", error.messages):
                        row.error("skole", message)
                    school = None
            data["school"] = school
        if row.has("postnummer"):
            postcode = row.text("postnummer")
            if postcode and not re.fullmatch(r"\d{4}", postcode):
                row.error("postnummer", f'postnummeret skal være fire cifre, ikke "{postcode}"')
            data["postcode"] = postcode
        if row.has("henvist_af"):
            data["referral_source"] = row.choice("henvist_af", REFERRALS, allowed=_allowed(ReferralSource)) or ""
        if row.has("oprettet"):
            registered_on = row.date("oprettet")
            if registered_on and registered_on > today:
                row.error("oprettet", "oprettelsesdatoen ligger i fremtiden")
            # Blank keeps the stored date on an update, and means today (the default) on a create.
            if registered_on:
                data["registered_on"] = registered_on

        if not row.errors and instance is None:
            # A new case is validated by the service that makes it for the bulk write (the school,
            # perhaps not saved yet, is a stored reference it leaves out).
            try:
                self.validated_new[data["import_ref"]] = services.youth_new(
                    data={field: value for field, value in data.items() if field != "school"}
                )
            except ValidationError as error:
                self.row_errors(row, error)
        elif not row.errors:
            # As youth_update_many would validate it (which is then told so, not to do it twice).
            candidate = self.copy_for_validation(instance, Youth)
            for field, value in data.items():
                if field != "school":
                    setattr(candidate, field, value)
            self.validate_model(row, candidate, exclude=list(services.YOUTH_STORED))
        return data

    def is_unchanged(self, instance: Youth, data: dict[str, Any]) -> bool:
        for field, value in data.items():
            if field == "school":
                # An unsaved (new) school (pk None) always differs from what is stored.
                if value is None and instance.school_id is not None:
                    return False
                if value is not None and (value.pk is None or value.pk != instance.school_id):
                    return False
            elif getattr(instance, field) != value:
                return False
        return True

    def save(self, instance: Youth | None, data: dict[str, Any]) -> Youth:
        data = self._with_saved_school(data)
        if instance is None:
            return services.youth_create(data=data)
        return services.youth_update(youth=instance, data=data)

    def new(self, data: dict[str, Any]) -> Youth:
        data = self._with_saved_school(data)
        youth = self.validated_new.pop(data["import_ref"], None)
        if youth is None:
            return services.youth_new(data=data)
        if "school" in data:
            youth.school = data["school"]
        return youth

    def create_many(self, records: list[Youth], planned: list[Planned]) -> None:
        services.youth_create_many(youths=records)

    def update_many(self, planned: list[Planned]) -> None:
        # parse() validated each changed case: a refusal here is a safety net (save_all reports it).
        services.youth_update_many(
            changes=[(item.instance, self._with_saved_school(item.data)) for item in planned], validated=True
        )

    def _with_saved_school(self, data: dict[str, Any]) -> dict[str, Any]:
        school = data.get("school")
        if school is not None and school.pk is None:
            return {**data, "school": self._school(school.name)}
        return data

    def _school(self, name: str) -> School:
        # Several rows may name the same new school, spelt differently (case, æ/ae).
        if (school := self.schools.get(fold(name))) is None:
            school, _created = School.objects.get_or_create(name__iexact=name, defaults={"name": name})
            self.schools[fold(name)] = school
        return school


# Progression (issue 18): earlier measurements from paper.
from .progression import imports as progression_imports  # noqa: E402, F401
