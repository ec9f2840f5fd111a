"""Bad input never gives a 500 (issue 13 item 7): absurd query parameters on every page of the role matrix."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.matrix import ADMIN, ALL_ROLES, ANON, collect

MATRIX = collect()

# All parameters at once get each of these; each parameter of the page's own GET forms alone, ONE_AT_A_TIME.
HOSTILE_VALUES = [
    "10000",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2024-13-45",
    "9999-12-31",
    "' OR 1=1 --",
]
ONE_AT_A_TIME = ["99999999999999999999999999", "abc", "2024-13-45"]
# Parameters views read from the query string themselves (not from a form on the page).
KNOWN_PARAMETERS = ["page", "eksport", "indsats", "tabel", "virksomhed", "match", "mentor", "ung", "sprog", "type", "q"]
GET_FORM = re.compile(r"<form[^>]*method=\"get\"[^>]*>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(r"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"", re.I)

GET_PAGES = sorted(name for name, entry in MATRIX.items() if entry.method == "get" and name != "admin:index")


def _role_that_sees(entry) -> str | None:
    for role in [ADMIN, *ALL_ROLES]:
        if role != ANON and entry.expected[role] == 200:
            return role
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", GET_PAGES)
def test_absurd_query_parameters_never_give_500(users, url_name):
    entry = MATRIX[url_name]
    role = _role_that_sees(entry)
    if role is None:
        pytest.skip("no role sees this page")
    client = Client(raise_request_exception=False)
    client.force_login(users[role])
    url = reverse(url_name, args=entry.args() if entry.args else [])
    page = client.get(url)
    html = page.content.decode(errors="replace") if page.get("Content-Type", "").startswith("text/html") else ""
    form_names = {name for form in GET_FORM.findall(html) for name in FIELD_NAME.findall(form)}
    for value in HOSTILE_VALUES:
        response = client.get(url, dict.fromkeys({*KNOWN_PARAMETERS, *form_names}, value))
        assert response.status_code < 500, f"{url}?{value!r} -> {response.status_code}"
    for value in ONE_AT_A_TIME:
        for name in sorted(form_names):  # one at a time too: an invalid neighbour must not hide a crash
            response = client.get(url, {name: value})
            assert response.status_code < 500, f"{url}?{name}={value!r} -> {response.status_code}"


@pytest.mark.django_db
def test_huge_age_filter_is_refused_with_a_danish_message(client, users):
    client.force_login(users[ADMIN])
    response = client.get(reverse("fritidsjob:youth_list"), {"min_age": "10000"})
    assert response.status_code == 200
    assert "Denne værdi skal være mindre end eller lig 99." in response.content.decode()
