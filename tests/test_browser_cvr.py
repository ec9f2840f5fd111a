"""Issue 20's journey in a real browser: a consultant types a CVR number, the register fills the company's
fields and proposes the industry, the consultant changes the industry and saves.

The CVR register is the scripted server of tests/provider_server.py on 127.0.0.1, in cvrapi.dk's format.
"""

import re

from fritidsjob import roles
from fritidsjob.models import Industry
from virksomheder.models import Company, CompanySize, IndustryCodeMapping

from .browser import BROWSER_TEST_MARKS, expect, log_in, wait_for_htmx
from .provider_server import Answer, serve_provider
from .test_cvr import CVR, cvrapi_company

pytestmark = BROWSER_TEST_MARKS


def test_a_consultant_fetches_a_company_from_cvr_changes_the_industry_and_saves(page, make_user, settings):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    restaurants = Industry.objects.get(name="Hotel og restauration")
    culture = Industry.objects.get(name="Kultur, idræt og fritid")
    IndustryCodeMapping.objects.update_or_create(division="56", defaults={"industry": restaurants})
    page.set_viewport_size({"width": 390, "height": 900})  # a phone

    with serve_provider() as register:
        settings.CVR_BACKEND = "cvrapi"
        settings.CVRAPI_URL = f"{register.url}/api"
        register.default = Answer(json=cvrapi_company())

        log_in(page, "konsulent")
        page.goto("/virksomheder/ny/")
        wait_for_htmx(page)
        page.get_by_label("CVR-nummer").fill("1015 0817")
        page.get_by_role("button", name="Hent fra CVR").click()

        message = page.get_by_role("status")
        expect(message).to_contain_text("Hentet fra CVR-registret: Café Vinkel ApS.")
        expect(message).to_contain_text("Foreslået branche: Hotel og restauration")
        expect(page.get_by_label("Navn")).to_have_value("Café Vinkel ApS")
        expect(page.get_by_label("Adresse")).to_have_value("Sct. Mathias Gade 12")
        expect(page.get_by_label("Postnummer")).to_have_value("8800")
        expect(page.get_by_label("By")).to_have_value("Viborg")
        expect(page.get_by_label("Virksomhedsform")).to_have_value("Anpartsselskab")
        expect(page.get_by_label("Kode i CVR")).to_have_value("561010")
        expect(page.get_by_role("combobox", name=re.compile(r"^Branche\W*$"))).to_have_value(str(restaurants.pk))

        # The café is really a culture house: the consultant changes the proposal.
        page.get_by_role("combobox", name=re.compile(r"^Branche\W*$")).select_option(label=culture.name)
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("Café Vinkel ApS er oprettet.")

    company = Company.objects.get(cvr=CVR)
    assert (company.industry, company.industry_code, company.industry_code_version) == (culture, "561010", "DB25")
    assert (company.address, company.city, company.size) == ("Sct. Mathias Gade 12", "Viborg", CompanySize.SMALL)
    assert len(register.requests) == 1
