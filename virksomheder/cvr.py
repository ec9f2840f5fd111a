"""CVR lookup: one small interface, two adapters chosen by settings.CVR_BACKEND, and the uses of it.

- `cvrapi`: the free cvrapi.dk lookup. It has a daily quota and answers its errors
  (an unknown number, the quota used up) with an "error" field, also with HTTP 200.
- `erhvervsstyrelsen`: Erhvervsstyrelsen's system-til-system access, Elasticsearch
  JSON with basic auth.
- empty: no lookup; companies are typed by hand.

Where the formats come from (read 2026-12):
- cvrapi.dk: GET /api?vat=<cvr>&country=dk&version=6&format=json with a User-Agent naming the caller
  (without one it answers {"error": "INVALID_UA"}); the error values QUOTA_EXCEEDED (about 50 free
  lookups a day, "stop making lookups" until the next day), BANNED, INTERNAL_ERROR and NOT_FOUND
  (https://docsold.rest.cvrapi.dk/en; the client github.com/ephort/cvrapi, src/Cvrapi/Cvrapi.php and its
  tests); the company's fields vat, name, address, zipcode, city, employees, industrycode, industrydesc,
  companydesc, enddate.
- Erhvervsstyrelsen: POST <CVR_ES_URL> (http://distribution.virk.dk/cvr-permanent/virksomhed/_search, an
  Elasticsearch 1.7 index; access from cvrselvbetjening@erst.dk, https://datahub.virk.dk/dataset/
  system-til-system-adgang-til-cvr-data) with a term query on Vrvirksomhed.cvrNummer; the answer is
  hits.hits[]._source.Vrvirksomhed with the current values in virksomhedMetadata (nyesteNavn,
  nyesteBeliggenhedsadresse, nyesteHovedbranche, nyesteVirksomhedsform, nyesteErstMaanedsbeskaeftigelse /
  nyesteAarsbeskaeftigelse, sammensatStatus) and the full history in navne, beliggenhedsadresse,
  hovedbranche, virksomhedsform, erstMaanedsbeskaeftigelse, aarsbeskaeftigelse and livsforloeb, each entry
  with periode.gyldigFra/gyldigTil (gyldigTil empty: current; a closed livsforloeb: ophørt). Seen in
  public clients of the index (e.g. orakel.cloud's CVR source notes, and several GitHub clients that
  read the same fields).

Every call has a timeout (CVR_HTTP_TIMEOUT, 3 s). When the register cannot be
reached, `lookup` raises CvrUnavailable with a Danish message and the caller goes
on without it: the form lets the consultant type the fields, the import imports
what the file says, the nightly refresh tries again the next night.
"""

import dataclasses
import logging
import re
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from fritidsjob.models import Industry

from .models import Company, CompanyRegisterChange, CompanySize, IndustryCodeMapping

logger = logging.getLogger(__name__)


class CvrError(Exception):
    """The lookup gave no company; the message says why, in Danish."""


class CvrNotFound(CvrError):
    pass


class CvrUnavailable(CvrError):
    """The register could not be reached or would not answer now (down, a timeout, the quota)."""


@dataclass(frozen=True)
class CvrCompany:
    """What the register says about a company, in the fields of our Company."""

    cvr: str
    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    company_form: str = ""
    size: str = ""  # a CompanySize value
    industry_code: str = ""
    industry_text: str = ""
    industry_code_version: str = ""
    ceased: bool = False


def size_from_employees(value) -> str:
    """The employee band ("10-19", "ANTAL_20_49", 35) as one of our sizes, by its lower bound."""
    match = re.search(r"\d+", str(value or ""))
    if match is None:
        return ""
    lowest = int(match.group())
    if lowest < 10:
        return CompanySize.MICRO
    if lowest < 50:
        return CompanySize.SMALL
    if lowest < 250:
        return CompanySize.MEDIUM
    return CompanySize.LARGE


class CvrRegister:
    """An adapter: `company(cvr)` returns the company or raises CvrNotFound / CvrUnavailable."""

    def company(self, cvr: str) -> CvrCompany:
        raise NotImplementedError

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = httpx.request(method, url, timeout=settings.CVR_HTTP_TIMEOUT, **kwargs)
        except httpx.TimeoutException as error:
            raise CvrUnavailable(
                _("CVR-registret svarede ikke inden for %(seconds)s sekunder.") % {"seconds": settings.CVR_HTTP_TIMEOUT}
            ) from error
        except httpx.TransportError as error:
            raise CvrUnavailable(_("CVR-registret kunne ikke nås.")) from error
        if response.status_code >= 500 or response.status_code in (401, 403, 429):
            raise CvrUnavailable(_("CVR-registret svarede med fejl %(status)s.") % {"status": response.status_code})
        return response

    @staticmethod
    def json(response: httpx.Response) -> dict:
        try:
            data = response.json()
        except ValueError as error:
            raise CvrUnavailable(_("CVR-registret svarede uforståeligt.")) from error
        if not isinstance(data, dict):
            raise CvrUnavailable(_("CVR-registret svarede uforståeligt."))
        return data


class CvrApiDk(CvrRegister):
    """cvrapi.dk: GET /api?vat=<cvr>&country=dk; errors come with an "error" field (also with HTTP 200).

    `vat`, not `search`: a search also matches names, P-numbers and phone numbers."""

    def company(self, cvr: str) -> CvrCompany:
        response = self.request(
            "GET",
            settings.CVRAPI_URL,
            params={"vat": cvr, "country": "dk", "version": "6", "format": "json"},
            headers={"User-Agent": settings.CVRAPI_USER_AGENT},
        )
        try:
            data = self.json(response)
        except CvrUnavailable:
            if response.status_code == 404:
                raise CvrNotFound(_("CVR-nummeret %(cvr)s findes ikke i CVR-registret.") % {"cvr": cvr}) from None
            raise
        error = str(data.get("error") or "")
        if error == "QUOTA_EXCEEDED":
            raise CvrUnavailable(_("Dagens kvote af opslag i cvrapi.dk er brugt op."))
        if error == "INVALID_UA":
            raise CvrUnavailable(_("cvrapi.dk vil have, at opslaget siger, hvem det er (CVRAPI_USER_AGENT)."))
        if error == "NOT_FOUND" or (not error and response.status_code == 404):
            raise CvrNotFound(_("CVR-nummeret %(cvr)s findes ikke i CVR-registret.") % {"cvr": cvr})
        if error or response.status_code >= 400:
            # BANNED, INTERNAL_ERROR or an error it has not documented: the register, not the number.
            raise CvrUnavailable(
                _("CVR-registret svarede med fejl %(status)s.") % {"status": error or response.status_code}
            )
        return CvrCompany(
            cvr=str(data.get("vat") or cvr),
            name=str(data.get("name") or ""),
            address=str(data.get("address") or ""),
            postcode=str(data.get("zipcode") or ""),
            city=str(data.get("city") or ""),
            company_form=str(data.get("companydesc") or ""),
            size=size_from_employees(data.get("employees")),
            industry_code=str(data.get("industrycode") or ""),
            industry_text=str(data.get("industrydesc") or ""),
            industry_code_version=settings.CVR_CODE_VERSION if data.get("industrycode") else "",
            ceased=bool(data.get("enddate")),
        )


def _current(entries) -> dict:
    """The entry of a Vrvirksomhed history list in force now (no periode.gyldigTil), else the latest."""
    entries = [entry for entry in entries or [] if isinstance(entry, dict)]
    if not entries:
        return {}

    def period(entry):
        return entry.get("periode") or {}

    current = [entry for entry in entries if not period(entry).get("gyldigTil")]
    return max(current or entries, key=lambda entry: str(period(entry).get("gyldigFra") or ""))


def _latest_employment(entries) -> dict:
    """The newest of a list of employment figures (aar, and maaned for the monthly ones)."""
    entries = [entry for entry in entries or [] if isinstance(entry, dict)]
    return max(entries, key=lambda entry: (entry.get("aar") or 0, entry.get("maaned") or 0), default={})


# sammensatStatus values for a company that no longer exists (the index's text, in any case).
CEASED_STATUSES = ("ophørt", "opløst")


class Erhvervsstyrelsen(CvrRegister):
    """Erhvervsstyrelsen's system-til-system access: an Elasticsearch search with basic auth.

    The current values are read from virksomhedMetadata (nyeste...), falling back to the history lists
    (navne, beliggenhedsadresse, hovedbranche, virksomhedsform, erstMaanedsbeskaeftigelse,
    aarsbeskaeftigelse) where the metadata lacks one; "ophørt" from livsforloeb and sammensatStatus.
    """

    SOURCE = [
        "Vrvirksomhed.cvrNummer",
        "Vrvirksomhed.virksomhedMetadata",
        "Vrvirksomhed.navne",
        "Vrvirksomhed.beliggenhedsadresse",
        "Vrvirksomhed.hovedbranche",
        "Vrvirksomhed.virksomhedsform",
        "Vrvirksomhed.erstMaanedsbeskaeftigelse",
        "Vrvirksomhed.aarsbeskaeftigelse",
        "Vrvirksomhed.livsforloeb",
    ]

    def company(self, cvr: str) -> CvrCompany:
        if not (settings.CVR_ES_USERNAME and settings.CVR_ES_PASSWORD):
            raise CvrUnavailable(_("Adgangen til CVR-registret er ikke sat op (CVR_ES_USERNAME)."))
        if not cvr.isdigit():
            raise CvrNotFound(_("CVR-nummeret %(cvr)s findes ikke i CVR-registret.") % {"cvr": cvr})
        response = self.request(
            "POST",
            settings.CVR_ES_URL,
            json={"_source": self.SOURCE, "query": {"term": {"Vrvirksomhed.cvrNummer": int(cvr)}}, "size": 1},
            auth=(settings.CVR_ES_USERNAME, settings.CVR_ES_PASSWORD),
        )
        if response.status_code >= 400:
            raise CvrUnavailable(_("CVR-registret svarede med fejl %(status)s.") % {"status": response.status_code})
        hits = (self.json(response).get("hits") or {}).get("hits") or []
        if not hits:
            raise CvrNotFound(_("CVR-nummeret %(cvr)s findes ikke i CVR-registret.") % {"cvr": cvr})
        company = (hits[0].get("_source") or {}).get("Vrvirksomhed") or {}
        meta = company.get("virksomhedMetadata") or {}
        address = meta.get("nyesteBeliggenhedsadresse") or _current(company.get("beliggenhedsadresse"))
        street = " ".join(
            str(part)
            for part in (address.get("vejnavn"), address.get("husnummerFra"), address.get("bogstavFra"))
            if part
        )
        floor = ", ".join(str(part) for part in (address.get("etage"), address.get("sidedoer")) if part)
        industry = meta.get("nyesteHovedbranche") or _current(company.get("hovedbranche"))
        form = meta.get("nyesteVirksomhedsform") or _current(company.get("virksomhedsform"))
        name = (meta.get("nyesteNavn") or {}).get("navn") or _current(company.get("navne")).get("navn")
        employees = (
            meta.get("nyesteErstMaanedsbeskaeftigelse")
            or _latest_employment(company.get("erstMaanedsbeskaeftigelse"))
            or meta.get("nyesteKvartalsbeskaeftigelse")
            or meta.get("nyesteAarsbeskaeftigelse")
            or _latest_employment(company.get("aarsbeskaeftigelse"))
        )
        employee_count = employees.get("antalAnsatte")
        life = _current(company.get("livsforloeb"))
        status = str(meta.get("sammensatStatus") or "").lower()
        return CvrCompany(
            cvr=str(company.get("cvrNummer") or cvr),
            name=str(name or ""),
            address=f"{street}, {floor}" if floor else street,
            postcode=str(address.get("postnummer") or ""),
            city=str(address.get("postdistrikt") or ""),
            company_form=str(form.get("langBeskrivelse") or ""),
            size=size_from_employees(
                employees.get("intervalKodeAntalAnsatte") if employee_count is None else employee_count
            ),
            industry_code=str(industry.get("branchekode") or ""),
            industry_text=str(industry.get("branchetekst") or ""),
            industry_code_version=settings.CVR_CODE_VERSION if industry.get("branchekode") else "",
            ceased=bool((life.get("periode") or {}).get("gyldigTil")) or status.startswith(CEASED_STATUSES),
        )


REGISTERS = {"cvrapi": CvrApiDk, "erhvervsstyrelsen": Erhvervsstyrelsen}


def lookup_enabled() -> bool:
    return bool(settings.CVR_BACKEND)


def lookup(cvr: str) -> CvrCompany:
    """The company with this CVR number, from the configured register."""
    register = REGISTERS.get(settings.CVR_BACKEND)
    if register is None:
        raise CvrUnavailable(_("Der er ikke sat et CVR-opslag op; udfyld felterne selv."))
    return register().company(cvr.replace(" ", ""))


def proposed_industry(industry_code: str) -> Industry | None:
    """The configured industry the project leader's table proposes for the code's division."""
    if len(industry_code) < 2:
        return None
    mapping = IndustryCodeMapping.objects.select_related("industry").filter(division=industry_code[:2]).first()
    return mapping.industry if mapping else None


def company_fields(found: CvrCompany) -> dict:
    """The register's values as Company fields (the blank ones left out: the register did not say)."""
    fields = {
        "name": found.name,
        "address": found.address,
        "postcode": found.postcode if re.fullmatch(r"\d{4}", found.postcode) else "",
        "city": found.city,
        "company_form": found.company_form[:100],
        "size": found.size,
        "industry_code": found.industry_code if re.fullmatch(r"\d{6}", found.industry_code) else "",
        "industry_code_version": found.industry_code_version if found.industry_code else "",
    }
    return {key: value for key, value in fields.items() if value}


# --- the nightly refresh ---------------------------------------------------------------

REFRESHED_FIELDS = ["name", "address", "postcode", "city", "ceased"]


@dataclass
class RefreshResult:
    checked: int = 0
    changed: int = 0
    not_found: list[str] = dataclasses.field(default_factory=list)
    unavailable: str = ""


def _shown(value) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    return str(value)[:200]


def company_refresh(*, company: Company, found: CvrCompany, now) -> list[CompanyRegisterChange]:
    """Bring the register's name, address and "ophørt" into one company, recording what changed."""
    values = {**{k: v for k, v in company_fields(found).items() if k in REFRESHED_FIELDS}, "ceased": found.ceased}
    changes = []
    with transaction.atomic():
        for field, new in values.items():
            old = getattr(company, field)
            if old == new:
                continue
            changes.append(
                CompanyRegisterChange(
                    company=company,
                    field=str(Company._meta.get_field(field).verbose_name),
                    old_value=_shown(old),
                    new_value=_shown(new),
                    changed_at=now,
                )
            )
            setattr(company, field, new)
        company.cvr_refreshed_at = now
        company.save(update_fields=[*values, "cvr_refreshed_at", "updated_at"])
        CompanyRegisterChange.objects.bulk_create(changes)
    return changes


def companies_refresh(*, now) -> RefreshResult:
    """Refresh every network company from the register; stop (and say so) when it cannot be reached."""
    result = RefreshResult()
    if not lookup_enabled():
        result.unavailable = _("Der er ikke sat et CVR-opslag op.")
        return result
    for company in Company.objects.in_network().order_by("pk").iterator():
        try:
            found = lookup(company.cvr)
        except CvrNotFound:
            result.not_found.append(company.cvr)
            continue
        except CvrUnavailable as error:
            # The next night tries again; the companies keep what they have.
            result.unavailable = str(error)
            logger.warning("CVR refresh stopped after %s companies: %s", result.checked, error)
            break
        result.checked += 1
        if company_refresh(company=company, found=found, now=now):
            result.changed += 1
    return result
