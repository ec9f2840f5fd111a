"""Small numbers that stay hidden (issue 14): secondary suppression on the funder's dashboard, its PDF and the
public industry guide (one implementation, rapporter/suppression.py), the project leader's threshold, and the
guide's link that can be rotated and revoked."""

import datetime
import itertools

import pytest
from django.urls import reverse

from core import industry_guides
from fritidsjob import roles
from fritidsjob.models import Gender
from rapporter import services, suppression
from rapporter.models import IndustryGuide, ProjectChange

from .factories import YouthFactory
from .factories_rapporter import IndustryGuideFactory, seeded_project
from .kpi_fakes import register_test_kpis

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("rapporter:kpi_overview")


def feasible_values(column: list[suppression.Cell], total: int) -> dict[int, set[int]]:
    """What a reader who knows the rule could take each hidden cell to be: every split of what the shown
    cells leave of the total over the hidden cells (0 or more each), with at least one of them small."""
    hidden = [index for index, cell in enumerate(column) if cell.hidden]
    rest = total - sum(cell.value for cell in column if not cell.hidden)
    found = {index: set() for index in hidden}
    for split in itertools.product(range(rest + 1), repeat=len(hidden)):
        if sum(split) == rest and any(suppression.is_small(value, 3) for value in split):
            for index, value in zip(hidden, split, strict=True):
                found[index].add(value)
    return found


def test_one_small_cell_takes_a_second_with_it_and_cannot_be_worked_out():
    """Girls "< 3", boys 3, total 4: hiding only the girls would give them away (4 - 3 = 1)."""
    column = suppression.suppress_column([1, 3], limit=3)

    assert [cell.hidden for cell in column] == [True, True]
    assert suppression.derivable_cells(column, total=4) == []
    assert feasible_values(column, total=4) == {0: {1, 2, 3}, 1: {1, 2, 3}}


def test_only_hiding_the_small_cell_would_leak():
    """The check itself: the single hidden cell of a column is worked out from the total."""
    leaking = [suppression.Cell(1, hidden=True), suppression.Cell(3)]
    assert suppression.derivable_cells(leaking, total=4) == [0]
    assert feasible_values(leaking, total=4) == {0: {1}}


def test_the_smallest_other_cell_is_the_one_hidden_with_it():
    column = suppression.suppress_column([7, 2, 0, 4], limit=3)
    assert [cell.hidden for cell in column] == [False, True, False, True]  # not the 0: it would point at the 2
    column = suppression.suppress_column([2, 0, 0], limit=3)
    assert [cell.hidden for cell in column] == [True, True, False]  # no other choice
    column = suppression.suppress_column([7, 2, 5, 4], limit=3)
    assert [cell.hidden for cell in column] == [False, True, False, True]


@pytest.mark.parametrize("size", [2, 3, 4])
def test_no_hidden_cell_of_any_small_column_can_be_worked_out(size):
    """Every column of `size` cells with counts 0 to 6: each hidden cell keeps two or more possible values."""
    for values in itertools.product(range(7), repeat=size):
        column = suppression.suppress_column(list(values), limit=3)
        total = sum(values)
        assert suppression.derivable_cells(column, total) == [], values
        for index, possible in feasible_values(column, total).items():
            assert len(possible) >= 2, (values, index, possible)
        assert all(cell.hidden for cell, value in zip(column, values, strict=True) if 0 < value < 3)


def test_the_threshold_is_the_projects():
    assert [cell.hidden for cell in suppression.suppress_column([4, 9, 12], limit=5)] == [True, True, False]
    assert [cell.hidden for cell in suppression.suppress_column([4, 9, 12], limit=3)] == [False, False, False]


# --- the funder's dashboard, its export and its PDF --------------------------------------------------


@pytest.fixture
def one_girl_three_boys(monkeypatch):
    project = register_test_kpis(monkeypatch)
    YouthFactory(registered_on=D(2022, 3, 1), gender=Gender.GIRL)
    for day in (2, 3, 4):
        YouthFactory(registered_on=D(2022, 3, day), gender=Gender.BOY)
    return project


def _gender_column(board) -> tuple[dict[str, suppression.Cell], int]:
    table = board.breakdowns[0]
    number = [column.key for column in table.columns].index("test_registreret")
    return {label: cells[number] for label, cells in table.rows}, table.totals[number].value


def test_the_funders_dashboard_hides_both_cells_when_one_is_small(client, users, one_girl_three_boys):
    client.force_login(users[roles.FUNDER])

    response = client.get(URL, {"opgoerelsesdato": "2023-06-30", "opdeling": "koen"})

    cells, total = _gender_column(response.context["board"])
    assert total == 4
    assert (cells["Pige"].hidden, cells["Dreng"].hidden) == (True, True)
    assert suppression.derivable_cells(list(cells.values()), total) == []
    content = response.content.decode()
    assert "skjult" in content
    assert "så et tal under 3 ikke kan regnes ud af totalen" in content


def test_staff_see_the_counts(client, users, one_girl_three_boys):
    client.force_login(users[roles.PROJECT_LEADER])
    response = client.get(URL, {"opgoerelsesdato": "2023-06-30", "opdeling": "koen"})
    cells, _total = _gender_column(response.context["board"])
    assert (cells["Pige"].value, cells["Pige"].hidden, cells["Dreng"].value, cells["Dreng"].hidden) == (
        1,
        False,
        3,
        False,
    )


def test_the_funders_export_hides_the_same_cells(client, users, one_girl_three_boys):
    client.force_login(users[roles.FUNDER])
    query = {"opgoerelsesdato": "2023-06-30", "opdeling": "koen", "tabel": "opdeling", "eksport": "csv"}

    rows = client.get(URL, query).content.decode("utf-8-sig").splitlines()

    header = rows[0].split(";")
    number = header.index("test_registreret")
    by_label = {row.split(";")[0]: row.split(";")[number] for row in rows[1:]}
    assert (by_label["Pige"], by_label["Dreng"], by_label["Nøgletallet i alt"]) == ("skjult", "skjult", "4")


def test_the_funders_pdf_uses_the_same_suppression(one_girl_three_boys):
    context = services.reports.fund_report_context(project=one_girl_three_boys, as_of=D(2023, 6, 30), texts={})
    gender = next(table for table in context["board"].breakdowns if table.dimension == "koen")
    number = [column.key for column in gender.columns].index("test_registreret")
    cells = {label: row[number] for label, row in gender.rows}
    assert (cells["Pige"].hidden, cells["Dreng"].hidden) == (True, True)
    for table in context["board"].breakdowns:
        for number, total in enumerate(table.totals):
            column = [row[number] for _label, row in table.rows]
            assert suppression.derivable_cells(column, total.value) == [], table.dimension


def test_a_higher_threshold_hides_more(client, users, one_girl_three_boys):
    one_girl_three_boys.small_number_limit = 5
    one_girl_three_boys.save()
    client.force_login(users[roles.FUNDER])
    response = client.get(URL, {"opgoerelsesdato": "2023-06-30", "opdeling": "koen"})
    cells, _total = _gender_column(response.context["board"])
    assert (cells["Pige"].hidden, cells["Dreng"].hidden) == (True, True)
    assert "Tal under 5 vises ikke" in response.content.decode()


# --- the project leader's threshold ----------------------------------------------------------------------


def test_the_project_leader_sets_the_threshold(client, users):
    from .test_projects import project_form

    project = seeded_project()
    client.force_login(users[roles.PROJECT_LEADER])
    url = reverse("rapporter:project_update", args=[project.slug])

    assert 'name="small_number_limit"' in client.get(url).content.decode()
    client.post(url, project_form(project, small_number_limit="5", note="Aftalt med fonden"))
    project.refresh_from_db()
    assert project.small_number_limit == 5
    change = ProjectChange.objects.get(what="small_number_limit")
    assert (change.old_value, change.new_value, change.note) == ("3", "5", "Aftalt med fonden")
    assert "Grænse for små tal" in client.get(reverse("rapporter:project_detail", args=[project.slug])).content.decode()

    response = client.post(url, project_form(project, small_number_limit="abc"))
    assert response.status_code == 200
    assert "Indtast et heltal." in response.content.decode()
    project.refresh_from_db()
    assert project.small_number_limit == 5


# --- the public industry guide ------------------------------------------------------------------------------


def test_the_public_guide_does_not_print_a_small_count(monkeypatch):
    guide = IndustryGuideFactory()
    monkeypatch.setitem(
        industry_guides._sources,
        "figures",
        lambda industries: {
            i.pk: industry_guides.IndustryFigures(companies_in_network=4, youth_in_jobs=1) for i in industries
        },
    )
    context = services.guides.industry_guide_context(guide=guide)
    assert context["youth_in_jobs"].hidden is True
    html = _guide_html(context)
    assert "1 unge har fritidsjob" not in " ".join(html.split())
    assert "Under 3" in html

    monkeypatch.setitem(
        industry_guides._sources,
        "figures",
        lambda industries: {
            i.pk: industry_guides.IndustryFigures(companies_in_network=4, youth_in_jobs=7) for i in industries
        },
    )
    assert services.guides.industry_guide_context(guide=guide)["youth_in_jobs"] == suppression.Cell(7)


def _guide_html(context: dict) -> str:
    from django.template.loader import render_to_string

    return render_to_string(services.guides.GUIDE_TEMPLATE, context)


def test_the_guide_uses_the_strictest_project_threshold():
    project = seeded_project()
    project.small_number_limit = 6
    project.save()
    assert services.guides.guide_small_number_limit() == 6


def test_the_companies_link_can_be_rotated_and_revoked(client, users):
    guide = IndustryGuideFactory(pdf="brancheguider/test.pdf")
    old = guide.public_token
    client.force_login(users[roles.PROJECT_LEADER])

    response = client.post(reverse("rapporter:guide_link_rotate", args=[guide.pk]), follow=True)

    guide.refresh_from_db()
    assert guide.public_token not in (None, old)
    assert "har fået et nyt link. Det gamle link virker ikke mere." in response.content.decode()
    assert client.get(reverse("rapporter:guide_public", args=[old])).status_code == 404

    client.post(reverse("rapporter:guide_link_revoke", args=[guide.pk]))
    revoked = guide.public_token
    guide.refresh_from_db()
    assert guide.public_token is None
    assert client.get(reverse("rapporter:guide_public", args=[revoked])).status_code == 404
    assert "Linket er lukket" in client.get(reverse("rapporter:guide_list")).content.decode()

    client.post(reverse("rapporter:guide_link_rotate", args=[guide.pk]))
    assert IndustryGuide.objects.get(pk=guide.pk).public_token is not None


def test_a_consultant_cannot_change_the_link(client, users):
    guide = IndustryGuideFactory()
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    assert client.post(reverse("rapporter:guide_link_revoke", args=[guide.pk])).status_code == 403
    assert IndustryGuide.objects.get(pk=guide.pk).public_token == guide.public_token


def test_the_funders_pdf_prints_hidden_cells_as_skjult(one_girl_three_boys, users, django_capture_on_commit_callbacks):
    import io

    from pypdf import PdfReader

    with django_capture_on_commit_callbacks(execute=True):
        report = services.fund_report_request(
            project=one_girl_three_boys, as_of=D(2023, 6, 30), requested_by=users[roles.PROJECT_LEADER], texts=None
        )
    report.refresh_from_db()
    with report.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)

    gender_lines = [line for line in text.splitlines() if line.startswith(("Pige", "Dreng"))]
    assert gender_lines, text
    assert all("skjult" in line for line in gender_lines), gender_lines
    assert "så et tal under 3 ikke kan regnes ud af totalen" in " ".join(text.split())
