"""CVR lookup: both adapters over real HTTP, the company form's lookup, the code table and the nightly refresh.

The register is a scripted server on 127.0.0.1 (tests/provider_server.py) answering in
cvrapi.dk's and Erhvervsstyrelsen's (Elasticsearch) formats; nothing mocks httpx.
"""

import datetime
import io
import logging

import pytest
from django.urls import reverse

from core.importing import run_import
from fritidsjob import roles
from fritidsjob.models import Industry
from virksomheder import cvr
from virksomheder.models import Company, CompanyRegisterChange, CompanySize, IndustryCodeMapping
from virksomheder.tasks import refresh_companies_from_cvr

from .factories_virksomheder import CompanyFactory
from .provider_server import Answer, serve_provider

CVR = "10150817"
NOW = datetime.datetime(2026, 3, 2, 2, 45, tzinfo=datetime.UTC)


def cvrapi_company(**changes) -> dict:
    """cvrapi.dk's answer for a company (version 6: its documented fields)."""
    return {
        "vat": int(CVR),
        "name": "Café Vinkel ApS",
        "address": "Sct. Mathias Gade 12",
        "zipcode": "8800",
        "city": "Viborg",
        "cityname": None,
        "protected": False,
        "phone": "86621234",
        "email": None,
        "startdate": "01/02 - 2010",
        "enddate": None,
        "employees": "10-19",
        "industrycode": 561010,
        "industrydesc": "Restauranter",
        "companycode": 80,
        "companydesc": "Anpartsselskab",
        "creditstartdate": None,
        "creditbankrupt": False,
        "creditstatus": None,
        "owners": None,
        "t": 100,
        "version": 6,
        **changes,
    }


def es_company(source: dict | None = None, **changes) -> dict:
    """Erhvervsstyrelsen's Elasticsearch answer: Vrvirksomhed with its virksomhedMetadata (the current values)."""
    metadata = {
        "nyesteNavn": {"navn": "Café Vinkel ApS"},
        "nyesteBeliggenhedsadresse": {
            "vejnavn": "Sct. Mathias Gade",
            "husnummerFra": 12,
            "bogstavFra": None,
            "etage": "1",
            "sidedoer": "tv",
            "postnummer": 8800,
            "postdistrikt": "Viborg",
        },
        "nyesteHovedbranche": {"branchekode": "561010", "branchetekst": "Restauranter"},
        "nyesteVirksomhedsform": {
            "virksomhedsformkode": 80,
            "kortBeskrivelse": "APS",
            "langBeskrivelse": "Anpartsselskab",
        },
        "nyesteErstMaanedsbeskaeftigelse": {
            "aar": 2026,
            "maaned": 1,
            "antalAnsatte": None,
            "intervalKodeAntalAnsatte": "ANTAL_20_49",
        },
        "sammensatStatus": "Normal",
        **changes,
    }
    company = source if source is not None else {"cvrNummer": int(CVR), "virksomhedMetadata": metadata}
    return {
        "took": 3,
        "timed_out": False,
        "_shards": {"total": 6, "successful": 6, "failed": 0},
        "hits": {
            "total": 1,
            "max_score": 1.0,
            "hits": [
                {
                    "_index": "cvr-permanent",
                    "_type": "virksomhed",
                    "_id": "1",
                    "_score": 1.0,
                    "_source": {"Vrvirksomhed": company},
                }
            ],
        },
    }


def period(start: str, end: str | None = None) -> dict:
    return {"periode": {"gyldigFra": start, "gyldigTil": end}}


@pytest.fixture
def cvr_settings(settings):
    settings.CVR_HTTP_TIMEOUT = 0.5  # the real default is 3 s
    settings.CVR_CODE_VERSION = "DB25"
    return settings


@pytest.fixture
def cvrapi(cvr_settings):
    with serve_provider() as provider:
        cvr_settings.CVR_BACKEND = "cvrapi"
        cvr_settings.CVRAPI_URL = f"{provider.url}/api"
        provider.default = Answer(json=cvrapi_company())
        yield provider


@pytest.fixture
def erhvervsstyrelsen(cvr_settings):
    with serve_provider() as provider:
        cvr_settings.CVR_BACKEND = "erhvervsstyrelsen"
        cvr_settings.CVR_ES_URL = f"{provider.url}/cvr-permanent/virksomhed/_search"
        cvr_settings.CVR_ES_USERNAME, cvr_settings.CVR_ES_PASSWORD = "viborg", "es-secret"
        provider.default = Answer(json=es_company())
        yield provider


@pytest.fixture(params=["cvrapi", "erhvervsstyrelsen"])
def register(request):
    return request.getfixturevalue(request.param)


# --- the adapters ------------------------------------------------------------------------------


def test_cvrapi_finds_the_company(db, cvrapi):
    found = cvr.lookup("1015 0817")

    assert found == cvr.CvrCompany(
        cvr=CVR,
        name="Café Vinkel ApS",
        address="Sct. Mathias Gade 12",
        postcode="8800",
        city="Viborg",
        company_form="Anpartsselskab",
        size=CompanySize.SMALL,
        industry_code="561010",
        industry_text="Restauranter",
        industry_code_version="DB25",
        ceased=False,
    )
    [request] = cvrapi.requests
    assert (request.method, request.path) == ("GET", "/api")
    # `vat`, not `search` (which also matches names, P-numbers and phone numbers).
    assert request.query == {"vat": CVR, "country": "dk", "version": "6", "format": "json"}
    assert request.headers["user-agent"].startswith("Fritidsjob")


def test_erhvervsstyrelsen_finds_the_company(db, erhvervsstyrelsen):
    found = cvr.lookup(CVR)

    assert (found.name, found.address, found.postcode, found.city) == (
        "Café Vinkel ApS",
        "Sct. Mathias Gade 12, 1, tv",
        "8800",
        "Viborg",
    )
    assert (found.company_form, found.size, found.industry_code, found.ceased) == (
        "Anpartsselskab",
        CompanySize.SMALL,
        "561010",
        False,
    )
    [request] = erhvervsstyrelsen.requests
    assert request.method == "POST"
    assert request.basic_auth == ("viborg", "es-secret")
    assert request.json()["query"] == {"term": {"Vrvirksomhed.cvrNummer": int(CVR)}}
    assert request.json()["size"] == 1 and "Vrvirksomhed.virksomhedMetadata" in request.json()["_source"]


def test_erhvervsstyrelsen_without_metadata_reads_the_current_entry_of_each_history(db, erhvervsstyrelsen):
    address = {"vejnavn": "Sct. Mathias Gade", "husnummerFra": 12, "postnummer": 8800, "postdistrikt": "Viborg"}
    erhvervsstyrelsen.default = Answer(
        json=es_company(
            source={
                "cvrNummer": int(CVR),
                "navne": [
                    {"navn": "Vinkel I/S", **period("2010-02-01", "2019-12-31")},
                    {"navn": "Café Vinkel ApS", **period("2020-01-01")},
                ],
                "beliggenhedsadresse": [
                    {**address, "vejnavn": "Torvet", "husnummerFra": 1, **period("2010-02-01", "2019-12-31")},
                    {**address, **period("2020-01-01")},
                ],
                "hovedbranche": [{"branchekode": "561010", "branchetekst": "Restauranter", **period("2010-02-01")}],
                "virksomhedsform": [{"langBeskrivelse": "Anpartsselskab", **period("2020-01-01")}],
                "aarsbeskaeftigelse": [{"aar": 2024, "antalAnsatte": 4}, {"aar": 2025, "antalAnsatte": 12}],
                "livsforloeb": [period("2010-02-01")],
            }
        )
    )

    found = cvr.lookup(CVR)

    assert (found.name, found.address, found.postcode, found.city) == (
        "Café Vinkel ApS",
        "Sct. Mathias Gade 12",
        "8800",
        "Viborg",
    )
    assert (found.company_form, found.size, found.industry_code, found.ceased) == (
        "Anpartsselskab",
        CompanySize.SMALL,
        "561010",
        False,
    )


def test_a_ceased_company_says_so(db, register, request):
    if "cvrapi" in request.node.callspec.params["register"]:
        register.default = Answer(json=cvrapi_company(enddate="31/12 - 2025"))
    else:
        register.default = Answer(json=es_company(sammensatStatus="Ophørt"))

    assert cvr.lookup(CVR).ceased is True


def test_a_closed_life_span_in_the_index_is_ceased(db, erhvervsstyrelsen):
    answer = es_company()
    answer["hits"]["hits"][0]["_source"]["Vrvirksomhed"]["livsforloeb"] = [period("2010-02-01", "2025-12-31")]
    erhvervsstyrelsen.default = Answer(json=answer)

    assert cvr.lookup(CVR).ceased is True


UNKNOWN = {
    # cvrapi.dk answers its errors with an "error" field, also with HTTP 200.
    "cvrapi": Answer(json={"error": "NOT_FOUND", "t": 0, "version": 6}),
    "erhvervsstyrelsen": Answer(json={"took": 1, "hits": {"total": 0, "hits": []}}),
}


def test_an_unknown_cvr_number(db, register, request):
    register.default = UNKNOWN[request.node.callspec.params["register"]]

    with pytest.raises(cvr.CvrNotFound, match="findes ikke i CVR-registret"):
        cvr.lookup(CVR)


def test_cvrapi_not_found_with_a_404_is_an_unknown_number_too(db, cvrapi):
    cvrapi.default = Answer(status=404, json={"error": "NOT_FOUND", "t": 0, "version": 6})

    with pytest.raises(cvr.CvrNotFound):
        cvr.lookup(CVR)


def test_cvrapis_daily_quota_is_the_register_being_unavailable(db, cvrapi):
    cvrapi.default = Answer(json={"error": "QUOTA_EXCEEDED", "t": 0, "version": 6})

    with pytest.raises(cvr.CvrUnavailable, match="kvote"):
        cvr.lookup(CVR)


@pytest.mark.parametrize(
    ("error", "message"),
    [("INVALID_UA", "CVRAPI_USER_AGENT"), ("BANNED", "fejl BANNED"), ("INTERNAL_ERROR", "fejl INTERNAL_ERROR")],
)
def test_cvrapis_other_errors_are_the_register_not_the_number(db, cvrapi, error, message):
    # Not "the number does not exist": the consultant is told the register could not answer.
    cvrapi.default = Answer(json={"error": error, "t": 0, "version": 6})

    with pytest.raises(cvr.CvrUnavailable, match=message):
        cvr.lookup(CVR)


def test_a_500_is_the_register_being_unavailable(db, register):
    register.default = Answer(status=500, text="Internal Server Error")

    with pytest.raises(cvr.CvrUnavailable, match="fejl 500"):
        cvr.lookup(CVR)


def test_a_timeout_is_the_register_being_unavailable(db, register):
    register.default = Answer(delay=1.5, json={})

    with pytest.raises(cvr.CvrUnavailable, match=r"svarede ikke inden for 0\.5 sekunder"):
        cvr.lookup(CVR)


def test_without_a_register_set_up_there_is_no_lookup(db, settings):
    settings.CVR_BACKEND = ""

    assert cvr.lookup_enabled() is False
    with pytest.raises(cvr.CvrUnavailable, match="udfyld felterne selv"):
        cvr.lookup(CVR)


@pytest.mark.parametrize(
    ("band", "size"),
    [("1-4", CompanySize.MICRO), ("ANTAL_5_9", CompanySize.MICRO), ("10-19", CompanySize.SMALL),
     ("ANTAL_50_99", CompanySize.MEDIUM), ("1000+", CompanySize.LARGE), (None, ""), ("", "")],
)  # fmt: skip
def test_employee_bands_become_our_sizes(band, size):
    assert cvr.size_from_employees(band) == size


# --- the company form's lookup ------------------------------------------------------------------


@pytest.fixture
def restaurants(db):
    # The default table (virksomheder migration 0005) maps restaurants to it.
    industry = Industry.objects.get(name="Hotel og restauration")
    assert IndustryCodeMapping.objects.get(division="56").industry == industry
    return industry


def lookup_page(client, **query):
    return client.get(reverse("virksomheder:company_cvr_lookup"), query, headers={"HX-Request": "true"})


def test_the_lookup_fills_the_form_and_proposes_the_industry(db, consultant_client, cvrapi, restaurants):
    response = lookup_page(consultant_client, cvr=CVR, notes="Kender Karen")

    assert response.status_code == 200
    form = response.context["form"]
    assert {key: form.initial[key] for key in ("name", "address", "postcode", "city", "size", "industry")} == {
        "name": "Café Vinkel ApS",
        "address": "Sct. Mathias Gade 12",
        "postcode": "8800",
        "city": "Viborg",
        "size": CompanySize.SMALL,
        "industry": restaurants.pk,
    }
    assert (form.initial["industry_code"], form.initial["industry_code_version"]) == ("561010", "DB25")
    assert form.initial["notes"] == "Kender Karen"  # what was typed stays
    assert "Foreslået branche: Hotel og restauration" in response.context["cvr_message"]


def test_a_code_without_a_mapping_asks_the_consultant_to_choose(db, consultant_client, cvrapi):
    IndustryCodeMapping.objects.filter(division="56").delete()
    response = lookup_page(consultant_client, cvr=CVR)

    assert "industry" not in response.context["form"].initial
    assert "har ingen branche i tabellen" in response.context["cvr_message"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (Answer(status=503, text="down"), "CVR-registret svarede med fejl 503. Udfyld felterne selv."),
        (Answer(json={"error": "QUOTA_EXCEEDED"}), "Dagens kvote af opslag i cvrapi.dk er brugt op. Udfyld felterne selv."),
        (Answer(json={"error": "NOT_FOUND"}), f"CVR-nummeret {CVR} findes ikke i CVR-registret. Udfyld felterne selv."),
    ],
)  # fmt: skip
def test_when_the_register_fails_the_fields_stay_for_manual_entry(db, consultant_client, cvrapi, answer, message):
    cvrapi.default = answer
    response = lookup_page(consultant_client, cvr=CVR, name="Café Vinkel")

    assert response.status_code == 200
    assert response.context["cvr_message"] == message
    assert response.context["form"].initial["name"] == "Café Vinkel"


def test_an_invalid_cvr_number_is_not_looked_up(db, consultant_client, cvrapi):
    response = lookup_page(consultant_client, cvr="12345678")

    assert "kontrolcifferet passer ikke" in response.context["cvr_message"]
    assert cvrapi.requests == []


def test_the_company_is_saved_with_the_code_and_its_version(db, consultant_client, cvrapi, restaurants):
    other = Industry.objects.get(name="Detailhandel")
    response = consultant_client.post(
        reverse("virksomheder:company_create"),
        {
            "cvr": CVR,
            "name": "Café Vinkel ApS",
            "industry": other.pk,  # the consultant changed the proposal
            "address": "Sct. Mathias Gade 12",
            "postcode": "8800",
            "city": "Viborg",
            "size": CompanySize.SMALL,
            "company_form": "Anpartsselskab",
            "industry_code": "561010",
            "industry_code_version": "DB25",
        },
    )

    assert response.status_code == 302
    company = Company.objects.get(cvr=CVR)
    assert (company.industry, company.industry_code, company.industry_code_version) == (other, "561010", "DB25")


def test_the_form_offers_the_lookup_only_when_a_register_is_set_up(db, consultant_client, settings):
    settings.CVR_BACKEND = ""
    assert b"cvr-lookup" not in consultant_client.get(reverse("virksomheder:company_create")).content
    settings.CVR_BACKEND = "cvrapi"
    assert b'id="cvr-lookup"' in consultant_client.get(reverse("virksomheder:company_create")).content


# --- the project leader's table of codes -----------------------------------------------------------


def test_the_project_leader_maps_a_division_to_an_industry(db, client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    IndustryCodeMapping.objects.all().delete()
    industry = Industry.objects.get(name="Detailhandel")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "100",
        "form-0-division": "45",
        "form-0-industry": str(industry.pk),
    }

    assert client.post(reverse("virksomheder:industry_code_mappings"), data).status_code == 302
    assert cvr.proposed_industry("451100") == industry


def test_a_bad_division_is_refused_with_a_danish_message(db, client, users):
    IndustryCodeMapping.objects.all().delete()
    client.force_login(users[roles.PROJECT_LEADER])
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "100",
        "form-0-division": "4a",
        "form-0-industry": str(Industry.objects.first().pk),
    }

    response = client.post(reverse("virksomheder:industry_code_mappings"), data)

    assert response.status_code == 200
    assert "Hovedgruppen er de to første cifre i branchekoden." in response.content.decode()
    assert not IndustryCodeMapping.objects.exists()


# --- the nightly refresh ----------------------------------------------------------------------------


def test_the_nightly_refresh_brings_a_changed_address_and_shows_it(db, cvrapi, consultant_client):
    company = CompanyFactory(
        cvr=CVR,
        name="Café Vinkel ApS",
        address="Sct. Mathias Gade 12",
        postcode="8800",
        city="Viborg",
        network_member_since=datetime.date(2024, 1, 1),
    )
    CompanyFactory(network_member_since=None)  # outside the network: not looked up
    cvrapi.default = Answer(json=cvrapi_company(address="Vesterbrogade 3", zipcode="8830", city="Tjele"))

    result = refresh_companies_from_cvr.delay().get()

    assert result == {"checked": 1, "changed": 1, "not_found": [], "unavailable": ""}
    assert len(cvrapi.requests) == 1
    company.refresh_from_db()
    assert (company.address, company.postcode, company.city) == ("Vesterbrogade 3", "8830", "Tjele")
    assert company.cvr_refreshed_at is not None
    changes = {(c.field, c.old_value, c.new_value) for c in CompanyRegisterChange.objects.filter(company=company)}
    assert changes == {
        ("adresse", "Sct. Mathias Gade 12", "Vesterbrogade 3"),
        ("postnummer", "8800", "8830"),
        ("by", "Viborg", "Tjele"),
    }
    page = consultant_client.get(company.get_absolute_url()).content.decode()
    assert "Ændret fra CVR-registret" in page and "Vesterbrogade 3" in page

    # Nothing new the next night: nothing recorded.
    assert cvr.companies_refresh(now=NOW).changed == 0
    assert CompanyRegisterChange.objects.count() == 3


def test_the_refresh_marks_a_ceased_company(db, cvrapi):
    company = CompanyFactory(cvr=CVR, name="Café Vinkel ApS", network_member_since=datetime.date(2024, 1, 1))
    cvrapi.default = Answer(json=cvrapi_company(enddate="31/12 - 2025"))

    cvr.companies_refresh(now=NOW)

    company.refresh_from_db()
    assert company.ceased is True
    assert CompanyRegisterChange.objects.get(field="ophørt").new_value == "ja"


def test_the_refresh_stops_when_the_register_is_down_and_changes_nothing(db, cvrapi):
    for _ in range(3):
        CompanyFactory(network_member_since=datetime.date(2024, 1, 1))
    cvrapi.default = Answer(status=500, text="down")

    result = cvr.companies_refresh(now=NOW)

    assert (result.checked, result.changed, result.unavailable) == (0, 0, "CVR-registret svarede med fejl 500.")
    assert len(cvrapi.requests) == 1  # not hammered once per company
    assert not CompanyRegisterChange.objects.exists()
    assert not Company.objects.filter(cvr_refreshed_at__isnull=False).exists()


# --- the companies import's cvr column ------------------------------------------------------------

IMPORT_FILE = "ref;navn;cvr;branche\nv1;Café Vinkel;10150817;Hotel og restauration\n"


def import_companies(content: str = IMPORT_FILE):
    return run_import(kind="virksomheder", file=io.StringIO(content), filename="virksomheder.csv")


def test_the_import_fills_the_rest_from_the_register(db, cvrapi):
    result = import_companies()

    assert result.errors == []
    company = Company.objects.get(cvr=CVR)
    assert company.name == "Café Vinkel"  # what the file says wins
    assert (company.address, company.postcode, company.city, company.size) == (
        "Sct. Mathias Gade 12",
        "8800",
        "Viborg",
        CompanySize.SMALL,
    )
    assert (company.company_form, company.industry_code, company.industry_code_version) == (
        "Anpartsselskab",
        "561010",
        "DB25",
    )


@pytest.mark.parametrize("answer", [Answer(status=500, text="down"), Answer(delay=1.5, json={})])
def test_the_import_never_fails_when_the_register_is_down(db, cvrapi, answer):
    cvrapi.default = answer
    content = IMPORT_FILE + "v2;Bager Bo;29808007;Detailhandel\n"

    result = import_companies(content)

    assert result.errors == []
    assert Company.objects.count() == 2
    assert Company.objects.get(cvr=CVR).address == ""
    assert len(cvrapi.requests) == 1  # not asked again for the next row
    [warning] = result.warnings
    assert warning.field == "cvr" and "uden oplysninger fra CVR-registret" in warning.message


def test_the_import_of_an_unknown_cvr_number_warns_and_imports(db, cvrapi):
    cvrapi.default = Answer(json={"error": "NOT_FOUND"})

    result = import_companies()

    assert result.errors == []
    assert Company.objects.filter(cvr=CVR).exists()
    assert "findes ikke i CVR-registret" in result.warnings[0].message


def test_the_default_table_proposes_the_eight_default_industries(db):
    assert cvr.proposed_industry("561010").name == "Hotel og restauration"
    assert cvr.proposed_industry("471100").name == "Detailhandel"
    assert cvr.proposed_industry("931100").name == "Kultur, idræt og fritid"
    assert cvr.proposed_industry("620100") is None  # IT: the project leader decides


def test_a_lookup_logs_neither_the_cvr_number_nor_the_credentials(db, register, caplog):
    # httpx logs every request's URL at INFO, cvrapi.dk's with ?vat=<the number> (settings.LOGGING quiets it).
    caplog.set_level(logging.INFO)

    cvr.lookup(CVR)
    register.default = Answer(delay=1.5, json={})
    with pytest.raises(cvr.CvrUnavailable):
        cvr.lookup(CVR)

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert CVR not in logged and "es-secret" not in logged
    assert not [record for record in caplog.records if record.name.startswith(("httpx", "httpcore"))]
