"""KPIs fastholdt_6_maaneder, unge_i_job and virksomheder_vejledt, and the import kinds virksomheder,
vejledninger and ansaettelser, per the contract (shared/docs/kpi-and-import.md)."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.kpis import Dimension, compute_kpis, kpi_window, series_of
from fritidsjob.models import Industry
from rapporter.models import Project
from virksomheder import kpis
from virksomheder.models import Company, FollowUpKind, Guidance, GuidanceForm, GuidanceTopic, Placement

from .factories import YouthFactory
from .factories_virksomheder import CompanyFactory, GuidanceFactory, make_placement

pytestmark = pytest.mark.django_db
D = datetime.date
SLUG = "sammen-om-fritidsjob"  # 2022-01-01 to 2024-12-31


def window(as_of: D | None = None):
    return kpi_window(Project.objects.get(slug=SLUG), as_of)


def retained(as_of: D) -> int:
    return kpis.youth_retained_six_months(window(as_of))["value"]


# --- fastholdt_6_maaneder --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "counts"),
    [
        (D(2023, 7, 15), True),  # start + 6 months is the last day employed: counts
        (D(2023, 7, 14), False),  # one day short
        (None, True),  # still employed
    ],
)
def test_retention_by_the_end_date(end, counts):
    make_placement(start=D(2023, 1, 15), end=end)

    assert retained(D(2024, 12, 31)) == (1 if counts else 0)


@pytest.mark.parametrize(("as_of", "counts"), [(D(2023, 7, 15), True), (D(2023, 7, 14), False)])
def test_retention_of_an_open_placement_by_the_as_of_date(as_of, counts):
    make_placement(start=D(2023, 1, 15))

    assert retained(as_of) == (1 if counts else 0)


@pytest.mark.parametrize(("as_of", "counts"), [(D(2024, 2, 29), True), (D(2024, 2, 28), False)])
def test_six_calendar_months_from_a_month_end(as_of, counts):
    make_placement(start=D(2023, 8, 31))  # + 6 months = 2024-02-29

    assert retained(as_of) == (1 if counts else 0)


def test_an_end_after_the_as_of_date_counts_as_of_then():
    make_placement(start=D(2023, 1, 15), end=D(2023, 12, 31))

    assert (retained(D(2023, 7, 14)), retained(D(2023, 7, 15))) == (0, 1)


def test_retention_counts_distinct_target_group_youth_with_a_start_in_the_window():
    youth = YouthFactory()
    make_placement(youth=youth, start=D(2022, 1, 1))
    make_placement(youth=youth, start=D(2023, 1, 1))  # the same young person again
    make_placement(youth=YouthFactory(in_target_group=False), start=D(2022, 3, 1))
    make_placement(start=D(2021, 12, 31))  # started before the project

    assert retained(D(2024, 12, 31)) == 1


def test_retention_series_and_breakdowns_use_the_same_rule():
    make_placement(youth=YouthFactory(gender="pige"), start=D(2023, 1, 15))
    make_placement(youth=YouthFactory(gender="dreng"), start=D(2023, 2, 20), end=D(2023, 8, 19))
    run = kpi_window(Project.objects.get(slug=SLUG), D(2023, 8, 31))

    series = dict(series_of(kpis.youth_retained_six_months, run, 2))
    assert (series[D(2023, 6, 30)], series[D(2023, 7, 31)], series[D(2023, 8, 31)]) == (0, 1, 1)
    assert kpis.youth_retained_six_months.breakdown(run, Dimension.GENDER) == {
        "Pige": 1,
        "Dreng": 0,
        "Andet": 0,
        "Uoplyst": 0,
    }


# --- unge_i_job ------------------------------------------------------------------------------


def test_youth_in_job_counts_distinct_target_group_youth_with_a_start_in_the_window():
    youth = YouthFactory()
    make_placement(youth=youth, start=D(2022, 1, 1), end=D(2022, 1, 2))
    make_placement(youth=youth, start=D(2024, 12, 31))
    make_placement(youth=YouthFactory(in_target_group=False), start=D(2023, 3, 1))
    make_placement(start=D(2025, 1, 1))  # after the project

    assert kpis.youth_in_job(window(D(2030, 1, 1)))["value"] == 1
    assert kpis.youth_in_job(window(D(2021, 12, 31)))["value"] == 0


# --- virksomheder_vejledt ----------------------------------------------------------------------


def test_companies_guided_per_industry_with_every_industry_present():
    retail, hotel, *_rest = Industry.objects.order_by("position", "pk")
    twice = CompanyFactory(industry=retail)
    GuidanceFactory(company=twice, date=D(2023, 1, 1))
    GuidanceFactory(company=twice, date=D(2023, 2, 1))
    GuidanceFactory(company=CompanyFactory(industry=hotel), date=D(2024, 12, 31))
    GuidanceFactory(company=CompanyFactory(industry=hotel), date=D(2021, 12, 31))  # before the project
    CompanyFactory(industry=hotel)  # never guided

    figures = kpis.companies_guided(window(D(2030, 1, 1)))

    assert figures["value"] == 2
    assert figures["per_branche"] == {
        industry.name: {retail: 1, hotel: 1}.get(industry, 0) for industry in Industry.objects.all()
    }
    assert list(figures["per_branche"]) == list(
        Industry.objects.order_by("position", "name").values_list("name", flat=True)
    )
    assert figures["brancher_daekket"] == 2


def test_kpi_command_prints_the_companies_kpis():
    GuidanceFactory(date=D(2023, 5, 1))
    make_placement(start=D(2023, 1, 15))
    out = StringIO()
    call_command("kpi", "--project", SLUG, "--as-of", "2023-07-15", "--format", "json", stdout=out)

    result = json.loads(out.getvalue())["kpis"]

    assert result["fastholdt_6_maaneder"] == {"value": 1, "target": 280}
    assert result["unge_i_job"] == {"value": 1, "target": None}
    assert result["virksomheder_vejledt"]["value"] == 1
    assert result["virksomheder_vejledt"]["brancher_daekket"] == 1
    assert list(result["virksomheder_vejledt"]) == ["value", "target", "per_branche", "brancher_daekket"]
    assert compute_kpis(Project.objects.get(slug=SLUG), D(2023, 7, 15))["kpis"] == result


# --- imports -------------------------------------------------------------------------------------


def write(tmp_path, lines: list[str], name="fil.csv") -> str:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
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


COMPANIES = [
    "ref;navn;cvr;branche;postnummer",
    "V1;Bageren ApS;10150817;detailhandel;8800",
    "V2;Hotel Søen;25313763;HOTEL OG RESTAURATION;",
]


def test_companies_are_imported_once(tmp_path):
    path = write(tmp_path, COMPANIES)

    assert run("virksomheder", path)[0] == "oprettet: 2, opdateret: 0, uændret: 0\n"
    assert run("virksomheder", path)[0] == "oprettet: 0, opdateret: 0, uændret: 2\n"
    bager = Company.objects.get(import_ref="V1")
    assert (bager.name, bager.cvr, bager.industry.name, bager.postcode) == (
        "Bageren ApS",
        "10150817",
        "Detailhandel",
        "8800",
    )


def test_bad_company_rows_import_nothing(tmp_path):
    CompanyFactory(cvr="30060946", name="I appen")
    lines = [
        "ref;navn;cvr;branche",
        "V1;Bageren;10150818;Detailhandel",
        "V2;Kopi;30060946;Detailhandel",
        "V3;Ny;29403473;Fiskeri",
        "V4;Dobbelt;25313763;Detailhandel",
        "V5;Dobbelt igen;25313763;Detailhandel",
        "V6;Kort;1234;Detailhandel",
    ]

    errors = refused("virksomheder", write(tmp_path, lines))

    assert "linje 2: cvr: 10150818 er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke)" in errors
    assert "linje 3: cvr: der findes allerede en anden virksomhed med CVR-nummeret 30060946" in errors
    assert any(line.startswith('linje 4: branche: ukendt branche "Fiskeri"') for line in errors)
    assert "linje 6: cvr: CVR-nummeret 25313763 står allerede i linje 5" in errors
    assert 'linje 7: cvr: CVR-nummeret skal være otte cifre, ikke "1234"' in errors
    assert Company.objects.count() == 1


def test_guidance_is_imported_with_danish_spellings(tmp_path):
    run("virksomheder", write(tmp_path, COMPANIES))
    lines = [
        "ref;virksomhed_ref;dato;form;emne",
        "G1;V1;2023-03-01;besøg;Regler for unge",
        "G2;V1;15-04-2023;netvaerksmoede;Sommerjob til 8. klasse",
        "G3;V2;2023-05-01;;",
    ]

    assert run("vejledninger", write(tmp_path, lines, "v.csv"))[0] == "oprettet: 3, opdateret: 0, uændret: 0\n"
    assert list(Guidance.objects.order_by("import_ref").values_list("form", "topic", "topic_text", "date")) == [
        (GuidanceForm.VISIT, GuidanceTopic.RULES, "", D(2023, 3, 1)),
        (GuidanceForm.NETWORK_MEETING, "", "Sommerjob til 8. klasse", D(2023, 4, 15)),
        (GuidanceForm.OTHER, "", "", D(2023, 5, 1)),
    ]
    assert run("vejledninger", write(tmp_path, lines, "v.csv"))[0] == "oprettet: 0, opdateret: 0, uændret: 3\n"


def test_bad_guidance_rows_import_nothing(tmp_path):
    run("virksomheder", write(tmp_path, COMPANIES))
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    lines = [
        "ref;virksomhed_ref;dato;form",
        "G1;V9;2023-03-01;besøg",
        f"G2;V1;{tomorrow};telefon",
        "G3;V1;2023-03-01;fax",
    ]

    errors = refused("vejledninger", write(tmp_path, lines, "v.csv"))

    assert errors[:3] == [
        'linje 2: virksomhed_ref: ingen virksomhed med ref "V9" – importér virksomhederne først (virksomheder)',
        "linje 3: dato: datoen ligger i fremtiden",
        'linje 4: form: ukendt værdi "fax" – brug besoeg, telefon, moede, netvaerksmoede, webinar eller andet',
    ]
    assert Guidance.objects.count() == 0


@pytest.fixture
def imported_companies(tmp_path):
    run("virksomheder", write(tmp_path, COMPANIES))
    return {
        "U1": YouthFactory(import_ref="U1", birth_date=D(2008, 5, 1)),
        "U2": YouthFactory(import_ref="U2", birth_date=D(2009, 9, 1)),
    }


def test_placements_are_imported_with_follow_ups_and_warnings(tmp_path, imported_companies):
    lines = [
        "ref;ung_ref;virksomhed_ref;startdato;slutdato;timer_pr_uge;jobtitel",
        "A1;U1;V1;2023-01-15;2023-07-15;7,5;Opfylder",
        "A2;U2;V2;2023-08-31;;20;Opvasker",  # 13 years old on the start date: more hours than the rules allow
    ]
    path = write(tmp_path, lines, "a.csv")

    out, err = run("ansaettelser", path)

    assert out == "oprettet: 2, opdateret: 0, uændret: 0\n"
    assert "advarsel: linje 3: timer_pr_uge:" in err
    assert "importeres alligevel" in err
    first = Placement.objects.get(import_ref="A1")
    assert (first.hours_per_week, first.end, first.job_title, first.company.import_ref) == (
        Decimal("7.5"),
        D(2023, 7, 15),
        "Opfylder",
        "V1",
    )
    second = Placement.objects.get(import_ref="A2")
    assert second.follow_ups.get(kind=FollowUpKind.SIX_MONTHS).due_date == D(2024, 2, 29)
    assert run("ansaettelser", path)[0] == "oprettet: 0, opdateret: 0, uændret: 2\n"
    assert retained(D(2024, 12, 31)) == 2


def test_bad_placement_rows_import_nothing(tmp_path, imported_companies):
    lines = [
        "ref;ung_ref;virksomhed_ref;startdato;slutdato;timer_pr_uge",
        "A1;U9;V1;2023-01-15;;5",
        "A2;U1;V1;2023-01-15;2023-01-14;5",
        "A3;U1;V1;2023-01-15;;41",
        "A4;U1;V1;2023-01-15;;fem",
    ]

    errors = refused("ansaettelser", write(tmp_path, lines, "a.csv"))

    assert errors[:4] == [
        'linje 2: ung_ref: ingen ung med ref "U9" – importér den unge først (unge)',
        "linje 3: slutdato: slutdatoen ligger før startdatoen",
        'linje 4: timer_pr_uge: skal være et tal fra 0 til 40 med højst to decimaler, fx 7,5 – ikke "41"',
        'linje 5: timer_pr_uge: skal være et tal fra 0 til 40 med højst to decimaler, fx 7,5 – ikke "fem"',
    ]
    assert Placement.objects.count() == 0


def test_a_changed_placement_row_updates_it(tmp_path, imported_companies):
    header = "ref;ung_ref;virksomhed_ref;startdato;slutdato"
    run("ansaettelser", write(tmp_path, [header, "A1;U1;V1;2023-01-15;"], "a.csv"))

    out, _err = run("ansaettelser", write(tmp_path, [header, "A1;U1;V1;2023-02-15;2023-09-01"], "a.csv"))

    placement = Placement.objects.get()
    assert out == "oprettet: 0, opdateret: 1, uændret: 0\n"
    assert (placement.start, placement.end, placement.six_months_on) == (D(2023, 2, 15), D(2023, 9, 1), D(2023, 8, 15))
    assert placement.follow_ups.get(kind=FollowUpKind.SIX_MONTHS).due_date == D(2023, 8, 15)
