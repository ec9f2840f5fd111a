"""Every URL, every role, the expected answer (the matrix is in tests/matrix/).

Adding a view without an entry fails test_every_url_is_in_the_matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import YouthFactory
from tests.matrix import ALL_ROLES, ANON, FOND, LOGIN, collect

MATRIX = collect()


def _url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if namespace == "admin:":
                continue  # the admin is covered by admin:index and its own staff check
            yield from _url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_is_in_the_matrix():
    assert sorted(set(_url_names(get_resolver().url_patterns))) == sorted(set(MATRIX) - {"admin:index"})


CASES = [(name, role) for name in MATRIX for role in ALL_ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_matrix(client, users, url_name, role):
    entry = MATRIX[url_name]
    url = reverse(url_name, args=entry.args() if entry.args else [])
    if role != ANON:
        client.force_login(users[role])
    response = getattr(client, entry.method)(url, entry.data)
    want = entry.expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == want


@pytest.mark.django_db
def test_fond_sees_no_person_anywhere(client, users):
    """The funder's pages carry figures only: no name from any case appears."""
    youth = YouthFactory(first_name="Særligtnavn", last_name="Efternavnsen")
    client.force_login(users[FOND])
    for url_name, entry in MATRIX.items():
        if entry.expected[FOND] != 200:
            continue
        url = reverse(url_name, args=entry.args() if entry.args else [])
        content = getattr(client, entry.method)(url, entry.data).content.decode()
        assert youth.first_name not in content
        assert youth.last_name not in content
