"""The dashboard: KPIs against targets with pace, charts, breakdowns, deliverables, caseload; its exports."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from fritidsjob import roles
from fritidsjob.models import Gender, School, YouthStatus
from rapporter.models import Deliverable, DeliverableStatus, ExportRecord, Project

from .factories import JournalEntryFactory, UserFactory, YouthFactory
from .kpi_fakes import register_test_kpis

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("rapporter:kpi_overview")
SEEDED = "sammen-om-fritidsjob"


@pytest.fixture
def kpis_with_targets(monkeypatch):
    return register_test_kpis(monkeypatch)


def log_in(client, users, role):
    client.force_login(users[role])
    return client


def make_cases(count: int, staff) -> None:
    schools = list(School.objects.order_by("name")[:3])
    for number in range(count):
        youth = YouthFactory(
            registered_on=D(2022, 1 + number % 12, 1 + number % 27),
            school=schools[number % 3],
            gender=[Gender.GIRL, Gender.BOY][number % 2],
            postcode=["8800", "8830", "8850"][number % 3],
            responsible_staff=staff,
            first_name=f"Navn{number}",
        )
        JournalEntryFactory(youth=youth, author=staff, date=D(2023, 1 + number % 12, 10))


def test_each_kpi_against_its_target_with_pace_chart_and_breakdown(client, users, kpis_with_targets):
    staff = users[roles.JOBCENTER_CONSULTANT]
    make_cases(6, staff)
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(URL, {"opgoerelsesdato": "2023-06-30", "opdeling": "koen"})

    content = response.content.decode()
    rows = {row.key: row for row in response.context["board"].rows}
    # 2022-01-01 to 2023-06-30 is 546 of 1096 days: 100 * 546 / 1096 = 49.8 -> 50 expected.
    assert (rows["test_registreret"].value, rows["test_registreret"].target) == (6, 100)
    assert rows["test_registreret"].pace.expected == 50
    assert rows["test_registreret"].pace.behind_by == 44
    assert "Bagud med 44" in content
    # Journal entries in January to June 2023: youth 0-5.
    assert rows["test_journal"].value == 6
    assert rows["gennemfoert_talentvaerksted"].value is None
    assert "ikke registreret" in content
    assert content.count('<svg class="kpi-chart"') == 2
    assert "Opgjort pr. 30.06.2023" in content
    table = response.context["board"].breakdowns[0]
    assert [column.key for column in table.columns] == ["test_registreret", "test_journal"]
    assert {label: [cell.value for cell in cells] for label, cells in table.rows} == {
        "Pige": [3, 3],
        "Dreng": [3, 3],
        "Andet": [0, 0],
        "Uoplyst": [0, 0],
    }
    assert "Ikke registreret for denne opdeling" in content


def test_deliverables_and_caseload_for_the_project_leader(client, users, kpis_with_targets):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    make_cases(3, consultant)
    YouthFactory(responsible_staff=consultant, status=YouthStatus.CLOSED, end_reason="Flyttet")
    YouthFactory(responsible_staff=None)
    talk = Deliverable.objects.filter(project=kpis_with_targets, title="Inspirationsoplæg 1").get()
    talk.status, talk.delivered_on = DeliverableStatus.DELIVERED, D(2023, 3, 1)
    talk.save()
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(URL)

    board = response.context["board"]
    assert (board.deliverables.delivered, board.deliverables.counted) == (1, 18)
    assert "1 af 18 leverancer er leveret." in response.content.decode()
    loads = {row.name: row.active for row in board.caseload}
    assert loads["konsulent"] == 3  # the closed case does not count
    assert board.unassigned == 1
    assert board.caseload[0].norm == 25


def test_the_caseload_is_stored_with_the_figures_and_follows_a_change(client, users, kpis_with_targets):
    from fritidsjob.models import Youth
    from rapporter.models import StoredFigures

    consultant, school = users[roles.JOBCENTER_CONSULTANT], users[roles.YOUTH_SCHOOL]
    make_cases(2, consultant)
    former = UserFactory(first_name="Tidligere", last_name="Kollega")  # holds a case, in no staff role
    YouthFactory(responsible_staff=former)
    log_in(client, users, roles.PROJECT_LEADER)

    first = client.get(URL).context["board"]

    loads = {row.name: row.active for row in first.caseload}
    school_name = school.get_full_name() or school.username
    assert (loads["konsulent"], loads["Tidligere Kollega"], loads[school_name]) == (2, 1, 0)
    stored = StoredFigures.objects.get()
    assert stored.computed_at == first.computed_at and stored.caseload
    # A write that tells nobody (no save(), no audit) is not seen: the caseload is the stored one,
    # that of the moment the page names...
    Youth.objects.filter(responsible_staff=former).update(responsible_staff=school)
    assert {row.name: row.active for row in client.get(URL).context["board"].caseload}["Tidligere Kollega"] == 1
    # ...and a change through save() marks it stale like the figures, so the next page counts again.
    moved = Youth.objects.filter(responsible_staff=consultant).first()
    moved.responsible_staff = school
    moved.save()
    again = client.get(URL).context["board"]
    loads = {row.name: row.active for row in again.caseload}
    assert (loads["konsulent"], loads[school_name]) == (1, 2)
    assert "Tidligere Kollega" not in loads  # holds no case now, and is not staff
    assert again.computed_at > first.computed_at


def test_caseload_over_the_norm_is_flagged(client, users, kpis_with_targets):
    kpis_with_targets.caseload_norm = 2
    kpis_with_targets.save()
    make_cases(3, users[roles.JOBCENTER_CONSULTANT])
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(URL)

    assert "Over normtallet" in response.content.decode()


def test_the_funders_version_has_no_caseload_and_hides_small_counts(client, users, kpis_with_targets):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    consultant.first_name, consultant.last_name = "Kirsten", "Konsulentsen"
    consultant.save()
    make_cases(4, consultant)  # schools get 2, 1 and 1
    log_in(client, users, roles.FUNDER)

    response = client.get(URL, {"opdeling": "skole"})

    content = response.content.decode()
    assert response.context["board"].caseload is None
    assert "Sager pr. medarbejder" not in content
    assert "Konsulentsen" not in content
    assert "Navn0" not in content
    cells = [cell for _label, cells in response.context["board"].breakdowns[0].rows for cell in cells]
    assert {cell.value for cell in cells if cell.hidden} == {1, 2}
    assert "skjult" in content
    # Months are not about persons: shown as they are.
    by_month = client.get(URL, {"opdeling": "maaned"}).context["board"].breakdowns[0]
    assert not any(cell.hidden for _label, cells in by_month.rows for cell in cells)


def test_project_period_selector_sub_period_and_other_project(client, users, kpis_with_targets):
    make_cases(6, users[roles.JOBCENTER_CONSULTANT])  # registered January to June 2022
    Project.objects.create(slug="naeste", name="Næste periode", start=D(2025, 1, 1), end=D(2027, 12, 31))
    log_in(client, users, roles.PROJECT_LEADER)

    sub = client.get(URL, {"indsats": SEEDED, "fra": "2022-04-01", "opgoerelsesdato": "2022-12-31"})
    other = client.get(URL, {"indsats": "naeste"})

    sub_rows = {row.key: row for row in sub.context["board"].rows}
    assert sub_rows["test_registreret"].value == 3  # April, May and June
    assert sub.context["board"].is_sub_period is True
    assert "Delperiode fra 01.04.2022" in sub.content.decode()
    assert other.context["project"].slug == "naeste"
    assert {row.key: row.value for row in other.context["board"].rows}["test_registreret"] == 0


def test_a_bad_date_in_the_selector_is_explained_and_ignored(client, users, kpis_with_targets):
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(URL, {"fra": "2023-06-30", "opgoerelsesdato": "2023-01-01"})

    assert response.status_code == 200
    assert "Fra-datoen skal ligge før opgørelsesdatoen." in response.content.decode()
    assert response.context["board"].window.start == D(2022, 1, 1)


def test_switching_the_breakdown_with_htmx_returns_only_the_table(client, users, kpis_with_targets):
    make_cases(2, users[roles.JOBCENTER_CONSULTANT])
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(URL, {"opdeling": "alder"}, headers={"HX-Request": "true", "HX-Target": "opdeling"})

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="opdeling">')
    assert "Aldersgruppe" in content
    assert "<html" not in content


@pytest.mark.parametrize("role", [roles.PROJECT_LEADER, roles.FUNDER])
@pytest.mark.parametrize("cases", [5, 50])
def test_dashboard_query_count_is_the_same_for_ten_times_the_data(
    client, users, kpis_with_targets, django_assert_num_queries, role, cases
):
    staff = [users[roles.JOBCENTER_CONSULTANT], users[roles.YOUTH_SCHOOL], UserFactory()]
    for number in range(cases // 5):
        make_cases(5, staff[number % 3])
    log_in(client, users, role)
    query = {"indsats": SEEDED, "opdeling": "skole", "opgoerelsesdato": "2023-12-31"}
    # The first view computes the figures (every KPI, series and breakdown) and stores them;
    # the next reads them: each in the same queries whatever the data. Progression (issue 18)
    # adds three to each: the answers' theme means, the milestone reminders, the industries.
    # The caseload is counted with the figures (one query when computing, for both roles);
    # showing it reads only the staff's names.
    computing, stored = {roles.PROJECT_LEADER: (22, 13), roles.FUNDER: (21, 12)}[role]

    with django_assert_num_queries(computing):
        response = client.get(URL, query)
    with django_assert_num_queries(stored):
        again = client.get(URL, query)

    assert response.status_code == again.status_code == 200


# --- exports -------------------------------------------------------------------------------


def test_kpi_table_as_csv_for_danish_excel(client, users, kpis_with_targets):
    make_cases(6, users[roles.JOBCENTER_CONSULTANT])
    log_in(client, users, roles.FUNDER)

    response = client.get(URL, {"opgoerelsesdato": "2023-06-30", "eksport": "csv", "tabel": "noegletal"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="noegletal-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Nøgletal;Opnået;Mål;Procent af mål;Forventet pr. opgørelsesdato;Forskel;Status"
    assert "Unge i målgruppen, der har gennemført et Talentværksted-forløb;ikke registreret;350;;;;" in lines
    assert "test_registreret;6;100;6;50;-44;Bagud med 44" in lines
    record = ExportRecord.objects.get()
    assert (record.name, record.file_format, record.personal_data) == ("noegletal", "csv", False)


def test_breakdown_table_as_xlsx(client, users, kpis_with_targets):
    make_cases(6, users[roles.JOBCENTER_CONSULTANT])
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(URL, {"opdeling": "koen", "eksport": "xlsx", "tabel": "opdeling"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Køn", "test_registreret", "test_journal"]
    assert values[1] == ["Pige", 3, 3]
    assert values[-1] == ["Nøgletallet i alt", 6, 6]


def test_an_as_of_date_after_the_project_is_moved_to_its_end_and_says_so(client, users, kpis_with_targets):
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(reverse("rapporter:kpi_overview"), {"opgoerelsesdato": "2025-03-01"})

    page = response.content.decode()
    assert response.context["board"].window.end == datetime.date(2024, 12, 31)
    assert "Indsatsen sluttede 31.12.2024, så tallene er opgjort pr. 31.12.2024 og ikke pr. 01.03.2025." in page
    inside = client.get(reverse("rapporter:kpi_overview"), {"opgoerelsesdato": "2024-06-30"}).content.decode()
    assert "Indsatsen sluttede" not in inside


def test_an_as_of_date_before_the_project_is_refused_on_the_dashboard(client, users, kpis_with_targets):
    log_in(client, users, roles.PROJECT_LEADER)

    response = client.get(reverse("rapporter:kpi_overview"), {"opgoerelsesdato": "2021-12-31"})

    assert response.status_code == 200
    assert response.context["form"].errors["opgoerelsesdato"] == [
        "Opgørelsesdatoen ligger før indsatsens start (01.01.2022)."
    ]
