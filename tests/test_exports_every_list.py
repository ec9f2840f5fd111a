"""Every list page downloads as CSV and XLSX (rapporter/exports.py), with Danish headers and dates.

One case per list: how to make its rows, its URL, its headers, a date column, and whose audit trail
an export of it reaches. The last test walks the URL configuration, so a new list without an export
(or without a case here) fails.
"""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.generic.list import MultipleObjectMixin

from core.audit import record_access
from core.exports import Export, ExportMixin
from foraeldre.models import Parent
from fritidsjob import roles
from fritidsjob.models import SecurityEvent, SecurityEventKind, Youth
from mentorer.models import Mentor
from opgaver.models import Task
from rapporter.models import ExportRecord, Project
from virksomheder.models import NetworkMeeting, Placement

from .factories import JournalEntryFactory, YouthFactory
from .factories_foraeldre import InformationEventFactory, ParentFactory
from .factories_mentorer import MentorFactory
from .factories_opgaver import TaskFactory
from .factories_rapporter import (
    DeliverableFactory,
    FundReportFactory,
    ImportBatchFactory,
    IndustryGuideFactory,
    ProjectFactory,
    seeded_project,
)
from .factories_talentvaerksted import CourseFactory
from .factories_virksomheder import CompanyFactory, JobOpeningFactory, make_placement

pytestmark = pytest.mark.django_db

DANISH_DATE = re.compile(r"^\d{2}\.\d{2}\.\d{4}( \d{2}:\d{2})?$")
LAST_MONTH = timezone.localdate() - datetime.timedelta(days=30)


@dataclass(frozen=True)
class Case:
    url_name: str
    # make(count, user) creates `count` rows for `user` and returns the URL's (args, query).
    make: Callable[[int, object], tuple[list, dict]]
    headers: list[str]
    date_header: str | None
    # The model whose audit trail gets an access entry per row (None: the list holds no personal data).
    audited: type | None = None
    # Who exports it (the project leader sees every list but the security log).
    role: str = roles.PROJECT_LEADER


def _no_args(make_rows):
    def make(count, user):
        make_rows(count, user)
        return [], {}

    return make


def _meetings(count, user):
    for number in range(count):
        meeting = NetworkMeeting.objects.create(date=LAST_MONTH, title=f"Netværksmøde {number}", organiser=user)
        meeting.companies.add(CompanyFactory())


def _placements(count, user):
    for _number in range(count):
        make_placement(start=LAST_MONTH, hourly_wage="85.50")


def _audit_trail(count, user):
    youth = _audit_trail.youth = getattr(_audit_trail, "youth", None) or YouthFactory()
    for _number in range(count):
        JournalEntryFactory(youth=youth, author=user)
    return [youth.pk], {}


def _reports(count, user):
    for number in range(count):
        FundReportFactory(project=seeded_project(), as_of=datetime.date(2024, 3, 31) + datetime.timedelta(days=number))
    return [], {"indsats": seeded_project().slug}


def _security_events(count, user):
    for number in range(count):
        SecurityEvent.objects.create(
            kind=SecurityEventKind.ROLE_ADDED, user=user, username=user.username, actor=user, detail=f"Rolle {number}"
        )


def _access_entries(count, user):
    for _number in range(count):
        record_access(YouthFactory(), page="/unge/")


def _deliverables(count, user):
    project = _deliverable_project()
    for _number in range(count):
        DeliverableFactory(project=project, due_date=LAST_MONTH)
    return [project.slug], {}


def _deliverable_project():
    # One project for the whole test, so 3 and then 27 more deliverables are on the same page.
    return Project.objects.filter(slug="leverancer-test").first() or ProjectFactory(slug="leverancer-test")


CASES = [
    Case(
        "fritidsjob:youth_list",
        _no_args(lambda count, user: YouthFactory.create_batch(count)),
        [
            "Fornavn",
            "Efternavn",
            "Fødselsdato",
            "Alder",
            "Køn",
            "Skole",
            "Klasse",
            "Postnummer",
            "Status",
            "I målgruppen",
            "Målgruppe",
            "Henvist af",
            "Ansvarlig",
            "Oprettet",
            "Jobcentrets sagsnummer",
            "ESDH-sagsnummer",
            "KLE-nummer",
        ],
        "Fødselsdato",
        Youth,
    ),
    Case(
        "fritidsjob:youth_audit",
        _audit_trail,
        ["Tidspunkt", "Bruger", "Handling", "Post", "Ændrede felter"],
        "Tidspunkt",
        # One access entry, on the young person the trail is about (checked in its own test).
        None,
    ),
    Case(
        "talentvaerksted:course_list",
        _no_args(lambda count, user: CourseFactory.create_batch(count)),
        [
            "Forløb",
            "Type",
            "Startdato",
            "Slutdato",
            "Sted",
            "Pladser",
            "Optagne pladser",
            "Venteliste",
            "Mødegange",
            "Undervisere",
        ],
        "Startdato",
    ),
    Case(
        "foraeldre:parent_list",
        _no_args(lambda count, user: ParentFactory.create_batch(count)),
        [
            "Fornavn",
            "Efternavn",
            "Relation",
            "Børn",
            "Telefon",
            "E-mail",
            "Forældremyndighed",
            "Sprog",
            "Behov for tolk",
            "Sag i jobcentret",
            "Seneste kontakt",
        ],
        None,
        Parent,
    ),
    Case(
        "foraeldre:event_list",
        _no_args(lambda count, user: InformationEventFactory.create_batch(count, date=LAST_MONTH)),
        [
            "Dato",
            "Skoleår",
            "Titel",
            "Skole",
            "Sted",
            "Målgruppe",
            "Unge",
            "Forældre",
            "I alt",
            "Materialer",
            "Medarbejdere",
        ],
        "Dato",
    ),
    Case(
        "virksomheder:company_list",
        _no_args(lambda count, user: CompanyFactory.create_batch(count, network_member_since=LAST_MONTH)),
        [
            "Navn",
            "CVR",
            "P-nummer",
            "Branche",
            "Adresse",
            "Postnummer",
            "By",
            "Størrelse",
            "I netværket siden",
            "Ansvarlig",
            "Åbne job",
            "Seneste vejledning",
        ],
        "I netværket siden",
    ),
    Case(
        "virksomheder:meeting_list",
        _no_args(_meetings),
        ["Dato", "Titel", "Sted", "Emne", "Arrangør", "Antal virksomheder", "Deltagende virksomheder", "Notat"],
        "Dato",
    ),
    Case(
        "virksomheder:opening_board",
        _no_args(lambda count, user: JobOpeningFactory.create_batch(count)),
        [
            "Titel",
            "Virksomhed",
            "Branche",
            "Type",
            "Status",
            "Startdato",
            "Mindstealder",
            "Antal stillinger",
            "Timer pr. uge",
            "Match i gang",
            "Ansat",
        ],
        "Startdato",
    ),
    Case(
        "virksomheder:placement_list",
        _no_args(_placements),
        [
            "Ung",
            "Virksomhed",
            "Job",
            "Startdato",
            "Slutdato",
            "Seks måneder efter start",
            "Timer pr. uge",
            "Timeløn (kr.)",
            "Kontrakt underskrevet",
            "Opfølgning efter 1 måned",
            "Opfølgning efter 6 måneder",
            "Fastholdt efter 6 måneder",
            "Årsag til ophør",
        ],
        "Startdato",
        Placement,
    ),
    Case(
        "mentorer:mentor_list",
        _no_args(lambda count, user: MentorFactory.create_batch(count)),
        [
            "Fornavn",
            "Efternavn",
            "Arbejdsgiver",
            "Stilling",
            "Brancher",
            "Telefon",
            "E-mail",
            "Postnummer",
            "Status",
            "Screening færdig",
            "Aktive mentees",
            "Kapacitet",
            "Timer denne måned",
            "Seneste møde",
        ],
        None,
        Mentor,
    ),
    Case(
        "opgaver:inbox",
        _no_args(lambda count, user: TaskFactory.create_batch(count, assignee=user)),
        ["Frist", "Opgave", "Beskrivelse", "Status", "Udsat til", "Ung", "Vedrører", "Ansvarlig"],
        "Frist",
        Task,
    ),
    Case(
        "opgaver:team",
        _no_args(lambda count, user: TaskFactory.create_batch(count, assignee=None)),
        ["Frist", "Opgave", "Beskrivelse", "Status", "Udsat til", "Ung", "Vedrører", "Ansvarlig"],
        "Frist",
        Task,
    ),
    Case(
        "rapporter:project_list",
        _no_args(lambda count, user: ProjectFactory.create_batch(count)),
        ["Navn", "Kort navn", "Bevillingsgiver", "Startdato", "Slutdato"],
        "Startdato",
    ),
    Case(
        "rapporter:project_detail",
        _deliverables,
        ["Indsats", "Type", "Titel", "Status", "Frist", "Leveret den", "Note"],
        "Frist",
    ),
    Case(
        "rapporter:report_list",
        _reports,
        ["Indsats", "Opgjort pr.", "Kvartalsrapport", "Status", "Bestilt", "Færdig", "Sendt"],
        "Opgjort pr.",
    ),
    Case(
        "rapporter:guide_list",
        _no_args(lambda count, user: IndustryGuideFactory.create_batch(count)),
        ["Branche", "PDF", "Version", "PDF lavet", "Tekst senest ændret", "Virksomheder i netværket", "Unge i job"],
        None,
    ),
    Case(
        "security_log",
        _no_args(_security_events),
        ["Tidspunkt", "Hændelse", "Bruger", "Navn", "Udført af", "IP-adresse", "Detaljer"],
        "Tidspunkt",
        role=roles.ADMINISTRATOR,
    ),
    Case(
        "access_log",
        _no_args(_access_entries),
        ["Tidspunkt", "Bruger", "Person", "Post", "Formål", "IP-adresse"],
        "Tidspunkt",
        role=roles.ADMINISTRATOR,
    ),
    Case(
        "rapporter:import_upload",
        _no_args(lambda count, user: ImportBatchFactory.create_batch(count, uploaded_by=user)),
        [
            "Uploadet",
            "Type",
            "Fil",
            "Status",
            "Oprettet",
            "Opdateret",
            "Uændret",
            "Fejl i filen",
            "Uploadet af",
            "Afsluttet",
            "Afsluttet af",
        ],
        "Uploadet",
    ),
]
CASE_IDS = [case.url_name for case in CASES]

# Pages that show rows but rightly have no export. Keep a reason for each.
NO_EXPORT = {
    # The mentor portal: a mentor's own mentees; the Mentor role never gets an export.
    "mentorer:portal",
    # The coordinator's dashboard: counts and short attention lists; the mentors export from the mentor list.
    "mentorer:overview",
    # Ranked suggestions for one young person, worked out on the fly: a tool, not a register.
    "mentorer:suggestions",
    # Driftsstatus: the broker, the workers and failed sends, for acting on there and then.
    "opgaver:health",
    # The dashboard's KPI and breakdown tables have their own exports (?tabel=...), tested with the dashboard.
    "rapporter:kpi_overview",
    # The administrator's users page: logins, for inviting and resetting a second factor; not case data.
    "user_list",
}


@pytest.fixture
def leader(users):
    return users[roles.PROJECT_LEADER]


@pytest.fixture(autouse=True)
def _fresh_audit_youth():
    _audit_trail.youth = None
    yield
    _audit_trail.youth = None


def _get(client, case, args, query, file_format):
    return client.get(reverse(case.url_name, args=args), {**query, "eksport": file_format})


def _csv_lines(response) -> list[list[str]]:
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    return [line.split(";") for line in text.split("\r\n") if line]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_csv_has_bom_semicolons_danish_headers_and_dates(client, users, case):
    leader = users[case.role]
    args, query = case.make(3, leader)
    client.force_login(leader)

    response = _get(client, case, args, query, "csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    lines = _csv_lines(response)
    assert lines[0] == case.headers
    assert len(lines) >= 1 + 3
    assert all(len(line) == len(case.headers) for line in lines[1:3])  # no stray semicolon breaks a row
    if case.date_header:
        column = case.headers.index(case.date_header)
        assert DANISH_DATE.match(lines[1][column]), lines[1][column]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_xlsx_opens_with_the_same_headers(client, users, case):
    leader = users[case.role]
    args, query = case.make(3, leader)
    client.force_login(leader)

    response = _get(client, case, args, query, "xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == case.headers
    assert len(rows) >= 1 + 3
    if case.date_header:
        assert isinstance(rows[1][case.headers.index(case.date_header)], datetime.datetime)


@pytest.mark.parametrize("case", [case for case in CASES if case.audited], ids=lambda case: case.url_name)
def test_a_personal_export_puts_an_access_entry_in_each_persons_trail(client, leader, case):
    args, query = case.make(3, leader)
    client.force_login(leader)

    _get(client, case, args, query, "csv")

    record = ExportRecord.objects.get()
    assert (record.user, record.personal_data, record.row_count) == (leader, True, 3)
    access = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        additional_data__export_id=record.pk,
        content_type__model=case.audited._meta.model_name,
    )
    assert sorted(entry.object_id for entry in access) == sorted(case.audited.objects.values_list("pk", flat=True))
    assert {entry.actor for entry in access} == {leader}


def test_the_parent_export_reaches_the_childrens_trails_too(client, leader):
    anna = YouthFactory(first_name="Anna")
    ParentFactory(children=[anna])
    client.force_login(leader)

    client.get(reverse("foraeldre:parent_list"), {"eksport": "csv"})

    access = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__export="foraeldre.csv")
    assert access.filter(content_type__model="youth", object_id=anna.pk).count() == 1


def test_the_audit_trail_export_is_an_access_to_the_young_person(client, leader):
    args, _query = _audit_trail(2, leader)
    client.force_login(leader)

    client.get(reverse("fritidsjob:youth_audit", args=args), {"eksport": "xlsx"})

    record = ExportRecord.objects.get()
    assert (record.name, record.row_count, record.personal_data) == ("revisionsspor", 3, True)  # created + 2 notes
    access = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__export_id=record.pk)
    assert [(entry.content_type.model, entry.object_id) for entry in access] == [("youth", args[0])]


def test_a_person_free_export_counts_its_rows_and_touches_no_trail(client, leader):
    CourseFactory.create_batch(2)
    client.force_login(leader)

    client.get(reverse("talentvaerksted:course_list"), {"eksport": "csv"})

    record = ExportRecord.objects.get()
    assert (record.name, record.row_count, record.personal_data) == ("forloeb", 2, False)
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_the_export_follows_the_filters(client, leader):
    CompanyFactory(name="Bageriet Viborg")
    CompanyFactory(name="Slagteren")
    client.force_login(leader)

    response = client.get(reverse("virksomheder:company_list"), {"name": "Bageriet", "eksport": "csv"})

    lines = _csv_lines(response)
    assert [line[0] for line in lines[1:]] == ["Bageriet Viborg"]


def test_the_list_partial_links_the_export_with_the_current_filters(client, leader):
    # The buttons are in the htmx partial: a filter change redraws them with the new filters (and no page).
    CompanyFactory(name="Bageriet Viborg")
    client.force_login(leader)

    response = client.get(
        reverse("virksomheder:company_list"), {"name": "Bageriet", "page": "1"}, HTTP_HX_REQUEST="true"
    )

    assert 'href="?name=Bageriet&amp;eksport=csv"' in response.content.decode()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_an_export_runs_as_many_queries_for_30_rows_as_for_3(client, users, case):
    leader = users[case.role]
    args, query = case.make(3, leader)
    client.force_login(leader)
    _get(client, case, args, query, "csv")  # warm the caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        _get(client, case, args, query, "csv")
    args, query = case.make(27, leader)
    with CaptureQueriesContext(connection) as many:
        response = _get(client, case, args, query, "csv")

    assert len(_csv_lines(response)) >= 1 + 30
    assert len(many) == len(few), [query["sql"] for query in many]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@pytest.mark.parametrize("role", [roles.FUNDER, roles.MENTOR, "anonymous"])
def test_who_may_not_see_a_list_may_not_export_it(client, users, case, role):
    args, query = case.make(1, users[roles.PROJECT_LEADER])
    if role != "anonymous":
        client.force_login(users[role])
    url = reverse(case.url_name, args=args)

    page = client.get(url, query)
    export = client.get(url, {**query, "eksport": "csv"})

    assert export.status_code == page.status_code
    if page.status_code != 200:
        assert not ExportRecord.objects.exists()
        assert not export.has_header("Content-Disposition")


def test_the_funder_exports_the_reports_without_a_person(client, users):
    FundReportFactory(project=seeded_project(), requested_by=users[roles.PROJECT_LEADER])
    client.force_login(users[roles.FUNDER])

    response = client.get(reverse("rapporter:report_list"), {"eksport": "csv"})

    assert response.status_code == 200
    assert "projektleder" not in response.content.decode("utf-8-sig").lower()
    assert ExportRecord.objects.get().personal_data is False


def _list_urls(resolver: URLResolver, namespace: str = "") -> list[tuple[str, type]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _list_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None:
                found.append((f"{namespace}{pattern.name}", view_class))
    return found


def test_every_list_has_an_export_and_a_case_here():
    urls = dict(_list_urls(get_resolver()))
    lists = {name for name, view in urls.items() if issubclass(view, (MultipleObjectMixin, ExportMixin))}

    missing_export = sorted(
        name
        for name in lists - NO_EXPORT
        if not (issubclass(urls[name], ExportMixin) and isinstance(urls[name].export, Export))
    )
    assert missing_export == []
    # Every export is tested above; a new list needs a Case (or a reason in NO_EXPORT).
    assert sorted(lists - NO_EXPORT) == sorted(CASE_IDS)
    assert set(urls) >= NO_EXPORT
    assert not any(issubclass(urls[name], ExportMixin) for name in NO_EXPORT if name != "rapporter:kpi_overview")
