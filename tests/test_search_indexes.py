"""On PostgreSQL the name searches and one person's audit trail can use their indexes.

With sequential scans switched off the planner still picks a scan when no index matches the
query's expression, so a plan naming the index proves the index fits what Django writes.
"""

import pytest
from django.db import connection

from core.audit import trail_of
from foraeldre.filters import ParentFilter
from foraeldre.selectors import parent_list
from fritidsjob.models import Youth
from mentorer.filters import MentorFilter
from mentorer.models import Mentor
from tests.factories import YouthFactory
from virksomheder.filters import CompanyFilter
from virksomheder.models import Company

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgres_without_seqscan():
    if connection.vendor != "postgresql":
        pytest.skip(f"the indexes exist on PostgreSQL only, not {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")


def plan(queryset) -> str:
    # Unordered: an ordered btree index (last_name, first_name) would let the planner avoid the scan too.
    return queryset.order_by().explain()


def test_the_youth_name_search_uses_the_trigram_indexes():
    found = plan(Youth.objects.name_matches("fre"))
    assert "fritidsjob_youth_first_name_trgm" in found
    assert "fritidsjob_youth_last_name_trgm" in found


def test_the_parents_search_uses_the_trigram_indexes(consultant):
    found = plan(ParentFilter({"name": "han"}, queryset=parent_list(user=consultant)).qs)
    for column in ("first_name", "last_name", "phone", "email"):
        assert f"foraeldre_parent_{column}_trgm" in found


def test_the_mentor_and_company_searches_use_the_trigram_indexes():
    assert "mentorer_mentor_first_name_trgm" in plan(MentorFilter({"name": "ann"}, queryset=Mentor.objects.all()).qs)
    assert "virksomheder_company_name_trgm" in plan(CompanyFilter({"name": "bag"}, queryset=Company.objects.all()).qs)


def test_one_persons_audit_trail_uses_the_index_on_their_id():
    assert "auditlog_logentry_youth_id" in plan(trail_of(YouthFactory()))


def test_the_top_search_uses_the_trigram_indexes_of_every_source(consultant):
    """Issue 19: each source of the top search (core/search.py) is served by its trigram indexes."""
    from core import search

    expected = {
        "unge": "fritidsjob_youth_first_name_trgm",
        "foraeldre": "foraeldre_parent_first_name_trgm",
        "virksomheder": "virksomheder_company_name_trgm",
        "mentorer": "mentorer_mentor_first_name_trgm",
        "forloeb": "talentvaerksted_course_title_trgm",
    }
    sources = {source.key: source for source in search.sources_for(consultant)}
    assert set(sources) == set(expected)
    for key, index in expected.items():
        # Without the joins shown with a row (a youth's school): on a near-empty table the planner may
        # walk the join's index instead, which says nothing about how the words are found.
        assert index in plan(sources[key].find(user=consultant, words=["han"]).select_related(None)), key
