"""KPI gennemfoert_talentvaerksted and the import kinds forloeb and deltagelser, per the contract."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.kpis import compute_kpis, kpi_window
from rapporter.models import Project
from talentvaerksted.kpis import completed_courses
from talentvaerksted.models import Course, Enrollment, EnrollmentStatus

from .factories import YouthFactory
from .factories_talentvaerksted import CompletedEnrollmentFactory, CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

SLUG = "sammen-om-fritidsjob"  # 2022-01-01 to 2024-12-31


def kpi(as_of: datetime.date | None = None) -> int:
    project = Project.objects.get(slug=SLUG)
    return completed_courses(kpi_window(project, as_of))["value"]


def complete(youth, day, **kwargs):
    return CompletedEnrollmentFactory(youth=youth, completed_on=day, **kwargs)


# --- the KPI -----------------------------------------------------------------------


def test_nothing_completed_counts_zero():
    EnrollmentFactory()

    assert kpi() == 0


def test_a_youth_who_completes_twice_counts_once():
    youth = YouthFactory()
    complete(youth, datetime.date(2023, 3, 1))
    complete(youth, datetime.date(2023, 9, 1))

    assert kpi() == 1


def test_non_target_youth_never_count():
    complete(YouthFactory(in_target_group=False), datetime.date(2023, 3, 1))
    complete(YouthFactory(in_target_group=True), datetime.date(2023, 3, 1))

    assert kpi() == 1


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        (datetime.date(2021, 12, 31), False),  # the day before the project starts
        (datetime.date(2022, 1, 1), True),  # the first day
        (datetime.date(2024, 12, 31), True),  # the last day
        (datetime.date(2025, 1, 1), False),  # after the project
    ],
)
def test_only_completion_dates_in_the_window_count(day, counts):
    complete(YouthFactory(), day)

    assert kpi(datetime.date(2030, 1, 1)) == (1 if counts else 0)


def test_as_of_limits_the_window_and_is_clamped_to_the_project_end():
    complete(YouthFactory(), datetime.date(2023, 6, 30))
    complete(YouthFactory(), datetime.date(2023, 7, 1))
    complete(YouthFactory(), datetime.date(2024, 12, 31))

    assert kpi(datetime.date(2023, 6, 30)) == 1
    assert kpi(datetime.date(2023, 7, 1)) == 2
    assert kpi(datetime.date(2099, 1, 1)) == 3


def test_other_statuses_never_count_even_with_a_date():
    youth = YouthFactory()
    EnrollmentFactory(youth=youth, status=EnrollmentStatus.DROPPED, dropped_on=datetime.date(2023, 3, 1))
    EnrollmentFactory(youth=YouthFactory(), status=EnrollmentStatus.ACTIVE)

    assert kpi() == 0


def test_completed_in_window_and_another_enrollment_outside_it_counts_once():
    youth = YouthFactory()
    complete(youth, datetime.date(2021, 6, 1))  # before the project
    EnrollmentFactory(youth=youth, status=EnrollmentStatus.DROPPED, dropped_on=datetime.date(2023, 3, 1))

    # The dropped enrollment lies in the window and the completed one does not: no count.
    assert kpi() == 0


def test_the_kpi_command_reports_the_figure_and_target():
    complete(YouthFactory(), datetime.date(2023, 3, 1))
    project = Project.objects.get(slug=SLUG)

    assert compute_kpis(project, as_of=datetime.date(2024, 6, 1))["kpis"]["gennemfoert_talentvaerksted"] == {
        "value": 1,
        "target": 350,
    }


def test_the_kpi_takes_a_fixed_number_of_queries(django_assert_num_queries):
    for n in range(5):
        complete(YouthFactory(), datetime.date(2023, 3, n + 1))
    project = Project.objects.get(slug=SLUG)
    window = kpi_window(project, datetime.date(2024, 1, 1))

    with django_assert_num_queries(1):
        assert completed_courses(window) == {"value": 5}


# --- import: forloeb ---------------------------------------------------------------


def write(tmp_path, lines: list[str], name: str) -> str:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return str(path)


def run(kind: str, path: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("importer", kind, path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(kind: str, path: str) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("importer", kind, path, stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


COURSES = [
    "ref;titel;startdato;slutdato",
    "F1;Talentværksted forår 2023;2023-02-07;28-03-2023",
    "F2;Workshop om rettigheder;2023-05-10;",
]


def test_import_courses_and_again_changes_nothing(tmp_path):
    path = write(tmp_path, COURSES, "forloeb.csv")

    assert run("forloeb", path) == ("oprettet: 2, opdateret: 0, uændret: 0\n", "")
    assert run("forloeb", path) == ("oprettet: 0, opdateret: 0, uændret: 2\n", "")

    f1 = Course.objects.get(import_ref="F1")
    assert (f1.title, f1.start_date, f1.end_date) == (
        "Talentværksted forår 2023",
        datetime.date(2023, 2, 7),
        datetime.date(2023, 3, 28),
    )
    assert Course.objects.get(import_ref="F2").end_date is None


def test_a_changed_course_row_updates_it(tmp_path):
    run("forloeb", write(tmp_path, COURSES, "forloeb.csv"))

    out, _err = run("forloeb", write(tmp_path, ["Ref;Titel;Startdato", "F1;Nyt navn;2023-02-07"], "ny.csv"))

    assert out == "oprettet: 0, opdateret: 1, uændret: 0\n"
    f1 = Course.objects.get(import_ref="F1")
    assert (f1.title, f1.end_date) == ("Nyt navn", datetime.date(2023, 3, 28))  # no slutdato column: kept


def test_bad_course_rows_import_nothing_and_are_listed_by_line(tmp_path):
    path = write(
        tmp_path,
        [
            "ref;titel;startdato;slutdato",
            "F1;God;2023-02-07;2023-03-01",
            "F2;;2023-02-07;",
            "F3;Baglæns;2023-05-10;2023-05-01",
            "F4;Dato;31-02-2023;",
        ],
        "forloeb.csv",
    )

    assert refused("forloeb", path) == [
        "linje 3: titel: skal udfyldes",
        "linje 4: slutdato: slutdatoen ligger før startdatoen",
        'linje 5: startdato: ugyldig dato "31-02-2023" – skriv datoen som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ',
    ]
    assert Course.objects.count() == 0


# --- import: deltagelser -----------------------------------------------------------


@pytest.fixture
def imported(tmp_path):
    """Two courses and three youth with refs, as earlier imports would leave them."""
    run("forloeb", write(tmp_path, COURSES, "forloeb.csv"))
    for ref in ("U1", "U2", "U3"):
        YouthFactory(import_ref=ref, first_name=f"Ung {ref}")


PARTICIPATIONS = [
    "forloeb_ref;ung_ref;status;dato",
    "F1;U1;gennemført;2023-03-28",
    "F1;U2;afbrudt;01-03-2023",
    "F1;U3;tilmeldt;2023-02-01",
    "F2;U1;Gennemfoert;2023-05-10",
]


def test_import_participations_keyed_by_course_and_youth_and_again_changes_nothing(tmp_path, imported):
    path = write(tmp_path, PARTICIPATIONS, "deltagelser.csv")

    assert run("deltagelser", path) == ("oprettet: 4, opdateret: 0, uændret: 0\n", "")
    assert run("deltagelser", path) == ("oprettet: 0, opdateret: 0, uændret: 4\n", "")

    rows = {
        (e.course.import_ref, e.youth.import_ref): (e.status, e.enrolled_on, e.completed_on, e.dropped_on)
        for e in Enrollment.objects.select_related("course", "youth")
    }
    assert rows == {
        ("F1", "U1"): ("gennemfoert", datetime.date(2023, 2, 7), datetime.date(2023, 3, 28), None),
        ("F1", "U2"): ("afbrudt", datetime.date(2023, 2, 7), None, datetime.date(2023, 3, 1)),
        ("F1", "U3"): ("tilmeldt", datetime.date(2023, 2, 1), None, None),
        ("F2", "U1"): ("gennemfoert", datetime.date(2023, 5, 10), datetime.date(2023, 5, 10), None),
    }
    # The KPI counts the imported completions (U1 twice, once).
    assert kpi(datetime.date(2024, 1, 1)) == 1


def test_a_later_status_updates_the_participation_and_its_date(tmp_path, imported):
    run("deltagelser", write(tmp_path, PARTICIPATIONS, "deltagelser.csv"))

    out, _err = run(
        "deltagelser", write(tmp_path, ["forloeb_ref;ung_ref;status;dato", "F1;U3;gennemfoert;2023-03-28"], "ny.csv")
    )

    assert out == "oprettet: 0, opdateret: 1, uændret: 0\n"
    enrollment = Enrollment.objects.get(course__import_ref="F1", youth__import_ref="U3")
    assert (enrollment.status, enrollment.enrolled_on, enrollment.completed_on) == (
        "gennemfoert",
        datetime.date(2023, 2, 1),
        datetime.date(2023, 3, 28),
    )


def test_tilmeldt_in_the_file_keeps_i_gang_from_the_roll_call(tmp_path, imported):
    path = write(tmp_path, PARTICIPATIONS, "deltagelser.csv")
    run("deltagelser", path)
    Enrollment.objects.filter(youth__import_ref="U3").update(status=EnrollmentStatus.ACTIVE)

    assert run("deltagelser", path)[0] == "oprettet: 0, opdateret: 0, uændret: 4\n"
    assert Enrollment.objects.get(youth__import_ref="U3").status == EnrollmentStatus.ACTIVE


def test_unknown_references_and_statuses_are_bad_rows_and_nothing_is_imported(tmp_path, imported):
    path = write(
        tmp_path,
        [
            "forloeb_ref;ung_ref;status;dato",
            "F1;U1;gennemført;2023-03-28",
            "F9;U1;tilmeldt;2023-02-01",
            "F1;U9;tilmeldt;2023-02-01",
            "F1;U2;venteliste;2023-02-01",
            "F1;U3;gennemfoert;",
            "F1;U1;afbrudt;2023-03-01",
        ],
        "deltagelser.csv",
    )

    assert refused("deltagelser", path) == [
        'linje 3: forloeb_ref: intet forløb med ref "F9" – importér forløbet først (forloeb)',
        'linje 4: ung_ref: ingen ung med ref "U9" – importér den unge først (unge)',
        'linje 5: status: ukendt værdi "venteliste" – brug tilmeldt, gennemfoert eller afbrudt',
        "linje 6: dato: skal udfyldes",
        "linje 7: forloeb_ref: F1+U1 står allerede i linje 2",
    ]
    assert Enrollment.objects.count() == 0


def test_a_full_course_warns_but_the_import_never_rejects(tmp_path, imported):
    Course.objects.filter(import_ref="F1").update(capacity=1)
    path = write(tmp_path, PARTICIPATIONS, "deltagelser.csv")

    out, err = run("deltagelser", path)

    assert out == "oprettet: 4, opdateret: 0, uændret: 0\n"
    assert err.splitlines() == [
        (
            "advarsel: linje 4: forloeb_ref: forløbet Talentværksted forår 2023 har kun plads til 1, men får nu 2 "
            "deltagere (importeres alligevel)"
        )
    ]
    # History as it was: nobody is put on the waiting list.
    assert Enrollment.objects.filter(status=EnrollmentStatus.WAITING).count() == 0


def test_a_participation_of_a_course_created_in_the_app_needs_its_ref(tmp_path, imported):
    CourseFactory(title="Oprettet i appen", import_ref="APP-1")
    path = write(tmp_path, ["forloeb_ref;ung_ref;status;dato", "APP-1;U1;tilmeldt;2023-02-01"], "deltagelser.csv")

    assert run("deltagelser", path)[0] == "oprettet: 1, opdateret: 0, uændret: 0\n"


def test_dry_run_writes_nothing(tmp_path, imported):
    out, _err = run("deltagelser", write(tmp_path, PARTICIPATIONS, "deltagelser.csv"), "--dry-run")

    assert out == "Prøvekørsel: filen er i orden, men intet er gemt.\noprettet: 4, opdateret: 0, uændret: 0\n"
    assert Enrollment.objects.count() == 0
