"""Postcodes and towns (issue 20, item 5): a table shipped as data, no address API called."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from core import addresses, postcodes
from fritidsjob.models import Youth
from virksomheder.models import Company

from .test_virksomheder import company_data
from .test_youth import youth_form_data

pytestmark = pytest.mark.django_db


def test_the_table_has_every_danish_address_postcode_with_its_town():
    table = postcodes.towns()

    assert len(table) == 1089
    assert {code: table[code] for code in ["8800", "8830", "7470", "2100", "3700", "9990"]} == {
        "8800": "Viborg",
        "8830": "Tjele",
        "7470": "Karup J",
        "2100": "København Ø",
        "3700": "Rønne",
        "9990": "Skagen",
    }
    assert all(len(code) == 4 and code.isdigit() and town for code, town in table.items())


@pytest.mark.parametrize(
    ("postcode", "problem"),
    [
        ("8800", ""),
        (" 8800 ", ""),
        ("880", "Postnummeret skal være fire cifre."),
        ("88OO", "Postnummeret skal være fire cifre."),
        ("0000", "0000 er ikke et dansk postnummer."),
        ("1001", "1001 er ikke et dansk postnummer."),
    ],
)
def test_a_postcode_is_checked_against_the_table(postcode, problem):
    assert postcodes.postcode_problem(postcode) == problem


def test_a_company_gets_its_town_from_the_postcode_when_the_town_is_left_empty(consultant_client):
    response = consultant_client.post(
        reverse("virksomheder:company_create"), company_data(postcode="8830", city="", address="Vestergade 1")
    )

    assert response.status_code == 302
    assert Company.objects.get().city == "Tjele"


def test_a_town_typed_by_hand_is_kept(consultant_client):
    consultant_client.post(reverse("virksomheder:company_create"), company_data(postcode="8800", city="Overlund"))

    assert Company.objects.get().city == "Overlund"


def test_an_unknown_postcode_on_the_company_form_is_refused_in_danish(consultant_client):
    response = consultant_client.post(reverse("virksomheder:company_create"), company_data(postcode="0000"))

    assert response.status_code == 200
    assert "0000 står ikke i postnummertabellen. Skriv byen, hvis det er et firmapostnummer." in (
        response.content.decode()
    )
    assert not Company.objects.exists()


def test_a_company_only_postcode_is_kept_with_the_town_written_by_hand(consultant_client):
    consultant_client.post(reverse("virksomheder:company_create"), company_data(postcode="0800", city="Høje Taastrup"))

    assert (Company.objects.get().postcode, Company.objects.get().city) == ("0800", "Høje Taastrup")


def test_an_unknown_postcode_on_the_youth_form_is_refused_in_danish(consultant_client):
    response = consultant_client.post(reverse("fritidsjob:youth_create"), youth_form_data(postcode="1001"))

    assert response.status_code == 200
    assert "1001 er ikke et dansk postnummer." in response.content.decode()
    assert not Youth.objects.exists()


def _write(tmp_path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _refused(kind: str, path: str) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("importer", kind, path, stdout=StringIO(), stderr=err)
    return [line for line in err.getvalue().splitlines() if line.startswith("linje")]


def test_the_youth_import_keeps_the_contract_of_four_digits(tmp_path):
    # kpi-and-import.md: "postnummer 4 digits"; a company-only or new postcode is not the file's error.
    path = _write(
        tmp_path,
        "unge.csv",
        [
            "ref;fornavn;efternavn;foedselsdato;maalgruppe;postnummer",
            "U1;Anna;Hansen;2009-03-15;ja;8800",
            "U2;Bo;Berg;2009-03-15;ja;0800",
            "U3;Cy;Berg;2009-03-15;ja;88",
        ],
    )

    assert _refused("unge", path) == ['linje 4: postnummer: postnummeret skal være fire cifre, ikke "88"']
    assert not Youth.objects.exists()


def test_the_company_import_fills_the_town_of_a_known_postcode(tmp_path):
    unknown = _write(
        tmp_path, "unknown.csv", ["ref;navn;cvr;branche;postnummer", "V1;Bageren ApS;10150817;Detailhandel;0800"]
    )
    call_command("importer", "virksomheder", unknown, stdout=StringIO(), stderr=StringIO())
    assert (Company.objects.get().postcode, Company.objects.get().city) == ("0800", "")

    good = _write(
        tmp_path, "good.csv", ["ref;navn;cvr;branche;postnummer", "V1;Bageren ApS;10150817;Detailhandel;8850"]
    )
    call_command("importer", "virksomheder", good, stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("importer", "virksomheder", good, stdout=out, stderr=StringIO())

    assert (Company.objects.get().postcode, Company.objects.get().city) == ("8850", "Bjerringbro")
    assert out.getvalue() == "oprettet: 0, opdateret: 0, uændret: 1\n"  # importing twice changes nothing


def test_address_autocomplete_is_off_by_default_and_nothing_calls_out(settings):
    assert settings.ADDRESS_AUTOCOMPLETE_BACKEND == ""
    assert addresses.backend() is None
    assert not addresses.enabled()


class FixedAddresses:
    def suggest(self, query, *, limit=8):
        return [addresses.AddressSuggestion("Vestergade 1", "8800", "Viborg")][:limit]


@override_settings(ADDRESS_AUTOCOMPLETE_BACKEND="tests.test_postcodes.FixedAddresses")
def test_an_address_adapter_is_chosen_by_the_setting():
    adapter = addresses.backend()

    assert adapter.suggest("Vester") == [addresses.AddressSuggestion("Vestergade 1", "8800", "Viborg")]


def test_the_company_form_fills_the_town_as_the_postcode_is_typed(consultant_client):
    form = consultant_client.get(reverse("virksomheder:company_create")).content.decode()
    assert f'hx-get="{reverse("virksomheder:company_town")}"' in form

    filled = consultant_client.get(reverse("virksomheder:company_town"), {"postcode": "8830", "city": ""})
    kept = consultant_client.get(reverse("virksomheder:company_town"), {"postcode": "8830", "city": "Overlund"})
    unknown = consultant_client.get(reverse("virksomheder:company_town"), {"postcode": "0000", "city": ""})

    assert 'id="div_id_city"' in filled.content.decode() and 'value="Tjele"' in filled.content.decode()
    assert 'value="Overlund"' in kept.content.decode()
    assert "value=" not in unknown.content.decode()
