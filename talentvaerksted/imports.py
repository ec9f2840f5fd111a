"""Import kinds of the Talentværksted: `forloeb` and `deltagelser` (machinery in core.importing)."""

from typing import Any

from django.utils import timezone

from core.importing import ImportKind, Key, Planned, Row, register
from fritidsjob.models import Youth

from . import services
from .models import SEAT_STATUSES, Course, Enrollment, EnrollmentStatus

BATCH = 500  # keep IN lists short for SQLite


def _batches(values: list) -> list[list]:
    return [values[start : start + BATCH] for start in range(0, len(values), BATCH)]


@register
class CourseImport(ImportKind):
    name = "forloeb"
    order = 40  # the contract's import order (kpi-and-import.md)
    label = "Forløb (Talentværksted)"
    columns = ("ref", "titel", "startdato", "slutdato")
    required = frozenset({"ref", "titel", "startdato"})
    field_columns = {"import_ref": "ref", "title": "titel", "start_date": "startdato", "end_date": "slutdato"}

    def existing(self, keys: list[Key]) -> dict[Key, Course]:
        found = {}
        for refs in _batches([ref for (ref,) in keys]):
            for course in Course.objects.filter(import_ref__in=refs):
                found[(course.import_ref,)] = course
        return found

    def parse(self, row: Row, instance: Course | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_ref": row.text("ref", required=True, max_length=100),
            "title": row.text("titel", required=True, max_length=200),
            "start_date": row.date("startdato", required=True),
        }
        # A file without the slutdato column leaves a stored end date alone; a blank cell clears it.
        if row.has("slutdato"):
            data["end_date"] = row.date("slutdato")
            if data["start_date"] and data["end_date"] and data["end_date"] < data["start_date"]:
                row.error("slutdato", "slutdatoen ligger før startdatoen")
        if not row.errors:
            candidate = self.copy_for_validation(instance, Course)
            for field, value in data.items():
                setattr(candidate, field, value)
            self.validate_model(row, candidate)
        return data

    def is_unchanged(self, instance: Course, data: dict[str, Any]) -> bool:
        return all(getattr(instance, field) == value for field, value in data.items())

    def save(self, instance: Course | None, data: dict[str, Any]) -> Course:
        if instance is None:
            return services.course_create(data=data)
        course, _promoted = services.course_update(course=instance, data=data)
        return course

    def new(self, data: dict[str, Any]) -> Course:
        return services.course_new(data=data)

    def create_many(self, records: list[Course], planned: list[Planned]) -> None:
        services.course_create_many(courses=records)


# The contract's statuses (gennemført folds to gennemfoert).
IMPORT_STATUSES = {
    "tilmeldt": EnrollmentStatus.ENROLLED,
    "gennemfoert": EnrollmentStatus.COMPLETED,
    "afbrudt": EnrollmentStatus.DROPPED,
}


@register
class EnrollmentImport(ImportKind):
    name = "deltagelser"
    order = 50  # the contract's import order (kpi-and-import.md)
    label = "Deltagelser i forløb (Talentværksted)"
    columns = ("forloeb_ref", "ung_ref", "status", "dato")
    required = frozenset(columns)
    key_columns = ("forloeb_ref", "ung_ref")
    field_columns = {
        "course": "forloeb_ref",
        "youth": "ung_ref",
        "status": "status",
        "enrolled_on": "dato",
        "completed_on": "dato",
        "dropped_on": "dato",
    }

    def __init__(self):
        self.courses: dict[str, Course] = {}
        self.youth: dict[str, Youth] = {}
        # Course id -> youth ids holding a seat, as the file leaves it so far (for the capacity warning).
        self.seats: dict[int, set[int]] = {}

    def existing(self, keys: list[Key]) -> dict[Key, Enrollment]:
        for refs in _batches(sorted({course_ref for course_ref, _ in keys})):
            self.courses.update({c.import_ref: c for c in Course.objects.filter(import_ref__in=refs)})
        for refs in _batches(sorted({youth_ref for _, youth_ref in keys})):
            self.youth.update({y.import_ref: y for y in Youth.objects.filter(import_ref__in=refs)})
        course_ids = [course.pk for course in self.courses.values()]
        found = {}
        for ids in _batches(course_ids):
            enrollments = Enrollment.objects.filter(course_id__in=ids).select_related("course", "youth")
            for enrollment in enrollments:
                if enrollment.status in SEAT_STATUSES:
                    self.seats.setdefault(enrollment.course_id, set()).add(enrollment.youth_id)
                if enrollment.youth.import_ref:
                    found[(enrollment.course.import_ref, enrollment.youth.import_ref)] = enrollment
        return found

    def parse(self, row: Row, instance: Enrollment | None) -> dict[str, Any]:
        course_ref = row.text("forloeb_ref", required=True)
        youth_ref = row.text("ung_ref", required=True)
        course = self.courses.get(course_ref) if course_ref else None
        youth = self.youth.get(youth_ref) if youth_ref else None
        if course_ref and course is None:
            row.error("forloeb_ref", f'intet forløb med ref "{course_ref}" – importér forløbet først (forloeb)')
        if youth_ref and youth is None:
            row.error("ung_ref", f'ingen ung med ref "{youth_ref}" – importér den unge først (unge)')
        status = row.choice("status", IMPORT_STATUSES, allowed="tilmeldt, gennemfoert eller afbrudt", required=True)
        day = row.date("dato", required=True)
        if status and status != EnrollmentStatus.ENROLLED and day and day > timezone.localdate():
            row.error("dato", "datoen ligger i fremtiden")
        if row.errors:
            return {}

        data: dict[str, Any] = {
            "course": course,
            "youth": youth,
            "status": status,
            "completed_on": None,
            "dropped_on": None,
        }
        if status == EnrollmentStatus.ENROLLED:
            data["enrolled_on"] = day
            # The file's "tilmeldt" covers the app's "i gang" (enrolled and attending): keep it.
            if instance is not None and instance.status == EnrollmentStatus.ACTIVE:
                data["status"] = EnrollmentStatus.ACTIVE
        else:
            # The file gives the date of the final status only; keep a known enrollment date.
            data["enrolled_on"] = instance.enrolled_on if instance else min(day, course.start_date)
            data["completed_on" if status == EnrollmentStatus.COMPLETED else "dropped_on"] = day
        self._warn_about_capacity(row, course, youth, status)
        return data

    def _warn_about_capacity(self, row: Row, course: Course, youth: Youth, status: str) -> None:
        seated = self.seats.setdefault(course.pk, set())
        if status in SEAT_STATUSES:
            seated.add(youth.pk)
            if len(seated) > course.capacity:
                row.warn(
                    "forloeb_ref",
                    f"forløbet {course.title} har kun plads til {course.capacity}, men får nu {len(seated)} "
                    "deltagere (importeres alligevel)",
                )
        else:
            seated.discard(youth.pk)

    def is_unchanged(self, instance: Enrollment, data: dict[str, Any]) -> bool:
        return all(
            getattr(instance, field) == data[field] for field in ("status", "enrolled_on", "completed_on", "dropped_on")
        )

    def save(self, instance: Enrollment | None, data: dict[str, Any]) -> Enrollment:
        return services.enrollment_record_history(enrollment=instance, **data)

    def new(self, data: dict[str, Any]) -> Enrollment:
        return services.enrollment_new_from_history(**data)

    def create_many(self, records: list[Enrollment], planned: list[Planned]) -> None:
        services.enrollment_create_many(enrollments=records)

    def update_many(self, planned: list[Planned]) -> None:
        # The key (course and young person) is the stored enrollment's: only the status and its dates change.
        changes = [(item.instance, item.data_without("course", "youth")) for item in planned]
        services.enrollment_record_history_many(changes=changes)
