"""Every list is paginated or has a stated bound, and a list page costs the same for four times the rows.

Three checks, so that a new list that shows every row fails:
- every list view in the URL configuration (a ListView or a view with an export) is paginated,
  25 or 50 a page, or is in BOUNDED_PAGES with the reason its rows do not grow with the data;
- a walk of every page of the role matrix (tests/matrix) finds each queryset or list of records
  the page is given: it must be the page of a paginator, a slice (a bound in the code, `[:20]`)
  or in BOUNDED_VALUES with its reason;
- per paginated list (the cases of tests/test_exports_every_list.py make the rows): with a page
  and one row more, and with four pages, the page runs the same queries and renders one page of rows.
"""

import re

import pytest
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.test.utils import CaptureQueriesContext, ContextList
from django.urls import get_resolver, reverse
from django.views.generic.list import MultipleObjectMixin

from core.exports import ExportMixin
from opgaver.selectors import FAILED_SHOWN

from .matrix import ALL_ROLES, ANON, collect
from .test_exports_every_list import CASES, NO_EXPORT, _audit_trail, _list_urls

pytestmark = pytest.mark.django_db

PAGE_SIZES = (25, 50)
# The longest slice a page may show unpaginated.
LONGEST_SLICE = FAILED_SHOWN

# List pages without pages: why their rows do not grow with the cases, contacts or log entries.
BOUNDED_PAGES = {
    "rapporter:guide_list": "one row per configured industry (eight by default)",
    "rapporter:project_detail": "one project's deliverables: its grant's list (tens), about no person",
    "rapporter:import_upload": "the latest 15 uploads (a slice; the export has them all)",
    "rapporter:kpi_overview": "a row per KPI and a column per month of the project; breakdowns by a fixed dimension",
    "mentorer:overview": "the mentor corps (tens) and their active mentees, within the mentors' capacity",
    "mentorer:suggestions": "one row per approved mentor (the corps, tens), ranked for one young person",
    "mentorer:portal": "the signed-in mentor's own active mentees (within capacity) and the latest 20 meetings",
    "opgaver:health": f"at most {FAILED_SHOWN} failed messages (a slice) and a line per kind of job",
}

# Records a page is given besides its own list, with the reason they are few.
BOUNDED_VALUES = {
    ("foraeldre:youth_consents", "consents"): "one young person's consents: a few kinds, each given or withdrawn",
    ("talentvaerksted:enroll", "results"): "at most 20 search hits (talentvaerksted.selectors.enrollable_youth)",
    ("rapporter:kpi_overview", "projects"): "the projects (indsatser) to choose between: a handful",
    ("rapporter:report_list", "projects"): "the projects (indsatser) to filter by: a handful",
    ("rapporter:guide_list", "industries"): "the configured industries",
    # Only staff's own requests wait here (retention anonymises without one), each until a second person decides.
    ("fritidsjob:retention", "pending"): "anonymisation requests waiting for approval: a few at a time",
    # Progression (issue 18): a new questionnaire only when the measurement itself changes.
    ("fritidsjob:questionnaire_list", "questionnaires"): "the progression questionnaires: a handful",
    ("fritidsjob:questionnaire_detail", "items"): "one questionnaire's statements and their versions: tens",
}

CASE_IDS = [case.url_name for case in CASES]
PAGED_CASES = [case for case in CASES if case.url_name not in BOUNDED_PAGES]
# How a list shows a row, where it is not a row of the page's longest table.
ROW_MARKERS = {"virksomheder:opening_board": re.compile(r'<div class="card mb-2">')}
TABLE_BODY = re.compile(r"<tbody\b.*?</tbody>", re.S)
TABLE_ROW = re.compile(r"<tr\b")


@pytest.fixture(autouse=True)
def _fresh_audit_youth():
    _audit_trail.youth = None
    yield
    _audit_trail.youth = None


def _list_views() -> dict[str, type]:
    urls = dict(_list_urls(get_resolver()))
    names = {name for name, view in urls.items() if issubclass(view, (MultipleObjectMixin, ExportMixin))}
    return {name: urls[name] for name in names | NO_EXPORT}


def test_every_list_view_is_paginated_or_bounded():
    views = _list_views()

    unpaginated = sorted(
        name
        for name, view in views.items()
        if name not in BOUNDED_PAGES and getattr(view, "paginate_by", None) not in PAGE_SIZES
    )
    assert unpaginated == []
    # A reason for a page that has since got pages (or is gone) is stale.
    assert sorted(name for name in BOUNDED_PAGES if getattr(views.get(name), "paginate_by", None)) == []
    assert set(BOUNDED_PAGES) <= set(views)
    # Every paginated list has its rows made below (through its export case).
    assert sorted(set(views) - set(BOUNDED_PAGES) - set(CASE_IDS)) == ["user_list"]


def _given_records(context) -> dict[str, object]:
    """The querysets and lists of records in the contexts a response was rendered with."""
    contexts = list(context) if isinstance(context, ContextList) else [context]
    values = {}
    for each in contexts:
        for key, value in each.flatten().items():
            if isinstance(value, QuerySet) or (
                isinstance(value, list | tuple) and value and all(isinstance(item, Model) for item in value)
            ):
                values.setdefault(key, value)
    return values


def _bounded(url_name: str, key: str, value, page) -> bool:
    if isinstance(value, QuerySet) and value.query.is_sliced and value.query.high_mark is not None:
        # A slice: a paginator's page, or a bound in the code.
        return value.query.high_mark - value.query.low_mark <= LONGEST_SLICE
    if page is not None and value is page.object_list:
        return True
    # The view's own list on a page whose bound is stated.
    return (url_name, key) in BOUNDED_VALUES or (key == "object_list" and url_name in BOUNDED_PAGES)


def test_every_page_of_the_role_matrix_shows_a_page_or_a_bound(client, users):
    unbounded, walked = [], 0
    for url_name, entry in collect().items():
        role = next((role for role in ALL_ROLES if role != ANON and entry.expected[role] == 200), None)
        if entry.method != "get" or role is None or url_name == "admin:index":
            continue
        with transaction.atomic():  # each page on its own data (two entries may make the same record)
            client.force_login(users[role])
            response = client.get(reverse(url_name, args=entry.args() if entry.args else []), entry.data)
            transaction.set_rollback(True)
        assert response.status_code == 200, url_name
        if response.context is None:
            continue  # a file, not a page
        walked += 1
        page = response.context.get("page_obj")
        unbounded += [
            f"{url_name}: {key}"
            for key, value in _given_records(response.context).items()
            if not _bounded(url_name, key, value, page)
        ]

    assert unbounded == []
    assert walked > 50  # the walk reached the pages, not only redirects


def _rendered_rows(url_name: str, html: str) -> int:
    if url_name in ROW_MARKERS:
        return len(ROW_MARKERS[url_name].findall(html))
    # The list is the longest table (a page may also have a summary, e.g. meetings per school year).
    return max((len(TABLE_ROW.findall(body)) for body in TABLE_BODY.findall(html)), default=0)


def _page(client, url: str, query: dict, url_name: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured), _rendered_rows(url_name, response.content.decode())


@pytest.mark.parametrize("case", PAGED_CASES, ids=[case.url_name for case in PAGED_CASES])
def test_a_list_page_costs_the_same_for_four_times_the_rows(client, users, case):
    user = users[case.role]
    per_page = _list_views()[case.url_name].paginate_by
    client.force_login(user)
    args, query = case.make(per_page + 1, user)
    url = reverse(case.url_name, args=args)
    client.get(url, query)  # warm the caches (content types, the session's activity)
    few = _page(client, url, query, case.url_name)
    args, query = case.make(3 * per_page - 1, user)  # four pages in all

    many = _page(client, url, query, case.url_name)

    assert many == few
    assert few[1] == per_page
