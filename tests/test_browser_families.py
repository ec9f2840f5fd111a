"""Issue 17's journey in a real browser: a parent signs up on a phone, a consultant accepts the sign-up beside a
possible duplicate and asks for consent, the parent consents with a code from the SMS file, downloads the receipt,
withdraws the company consent, and a match to a company is refused the same minute. In Arabic the page is RTL."""

import re
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.consent import ConsentKind, has_valid_consent
from foraeldre.models import Consent, SignUp
from fritidsjob import roles
from fritidsjob.models import Youth
from opgaver import sms
from virksomheder import services as company_services

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory, birth_date_for_age
from .factories_virksomheder import JobOpeningFactory

pytestmark = BROWSER_TEST_MARKS
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def sms_file(settings, tmp_path, sms_at_any_hour):
    settings.SMS_BACKEND = "opgaver.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    return sms.FileSmsBackend(file_path=str(tmp_path))


def _phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK", timezone_id="Europe/Copenhagen",
                                  viewport=PHONE, accept_downloads=True)  # fmt: skip
    return context, context.new_page()


def _link_from_outbox() -> str:
    return re.search(r"https?://\S+/familie/samtykke/\S+/", mail.outbox[-1].body).group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_sign_up_accept_consent_receipt_withdraw_and_a_refused_match(page, browser, live_server, make_user, sms_file):
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    birth = birth_date_for_age(14)
    # Another Sara Nielsen, born the same day: the possible duplicate.
    YouthFactory(first_name="Sara", last_name="Nielsen", birth_date=birth)
    parent_context, parent_page = _phone_page(browser, live_server)
    try:
        # 1. The parent signs up on a phone, in Danish.
        parent_page.goto(reverse("familie:signup"))
        parent_page.get_by_label("En forælder").check()
        parent_page.get_by_label("Den unges fornavn").fill("Sara")
        parent_page.get_by_label("Den unges efternavn").fill("Nielsen")
        parent_page.get_by_label("Den unges fødselsdato").fill(birth.isoformat())
        parent_page.get_by_label("Vil gerne arbejde med").fill("Dyr og butik")
        parent_page.get_by_label("Forælderens fornavn").fill("Hanne")
        parent_page.get_by_label("Forælderens efternavn").fill("Nielsen")
        parent_page.get_by_label("Forælderens telefon").fill("20304050")
        parent_page.get_by_label("Forælderens e-mail").fill("hanne@example.org")
        assert parent_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        time.sleep(3)  # a person takes longer than the time check's 3 seconds
        parent_page.get_by_role("button", name="Send tilmelding").click()
        expect(parent_page.get_by_role("heading", name="Tak for tilmeldingen")).to_be_visible()
        signup = SignUp.objects.get()

        # 2. The consultant sees it beside the possible duplicate and accepts it as a new case.
        log_in(page, "konsulent")
        page.goto(reverse("foraeldre:signup_list"))
        expect(page.get_by_role("cell", name=re.compile("Sag: Sara Nielsen"))).to_be_visible()
        page.get_by_role("link", name="Sara Nielsen").click()
        expect(page.get_by_role("region", name="Mulige dubletter")).to_contain_text("Sara Nielsen")
        page.get_by_label("Opret som").select_option(label="Ny sag")
        page.get_by_label("Ansvarlig konsulent").select_option(label="Karen Konsulent")
        page.get_by_role("button", name="Godkend tilmeldingen").click()
        expect(page.get_by_role("alert")).to_contain_text("Tilmeldingen er godkendt")
        signup.refresh_from_db()
        youth = signup.youth
        assert Youth.objects.count() == 2 and youth.responsible_staff == consultant

        # 3. The consultant sends a consent request to the parent by e-mail.
        page.goto(reverse("foraeldre:youth_consents", args=[youth.pk]))
        page.get_by_label("E-mail").check()
        page.get_by_role("button", name="Send link til samtykke").click()
        expect(page.get_by_role("alert")).to_contain_text("Linket til samtykke er sendt til Hanne Nielsen")

        # 4. The parent opens the link from the e-mail and enters the code from the SMS.
        parent_page.goto(_path(_link_from_outbox()))
        parent_page.get_by_role("button", name="Send kode").click()
        code = re.search(r"\b(\d{6})\b", sms_file.messages()[-1]["body"]).group(1)
        assert sms_file.messages()[-1]["to"] == "20304050"
        parent_page.get_by_role("textbox", name="Engangskode").fill(code)
        parent_page.get_by_role("button", name="Bekræft").click()
        for kind in ConsentKind:
            group = parent_page.get_by_role("group", name=kind.label)
            group.get_by_label("Nej" if kind == ConsentKind.PHOTO_VIDEO else "Ja").check()
        parent_page.get_by_label("Skriv dit fulde navn").fill("Hanne Nielsen")
        parent_page.get_by_role("button", name="Giv mit svar").click()
        expect(parent_page.get_by_role("heading", name="Det har du svaret")).to_be_visible()
        with parent_page.expect_download() as download:
            parent_page.get_by_role("link", name="Hent kvittering (PDF)").click()
        with open(download.value.path(), "rb") as receipt:
            assert receipt.read(4) == b"%PDF"

        # 5. The case shows the consents as valid (photo not given).
        page.goto(reverse("foraeldre:youth_consents", args=[youth.pk]))
        status = page.get_by_role("table", name="Status i dag")
        expect(status.get_by_role("row", name=re.compile("Deltagelse"))).to_contain_text("Gyldigt")
        expect(status.get_by_role("row", name=re.compile("Foto"))).not_to_contain_text("Gyldigt")
        assert Consent.objects.filter(youth=youth, method="digitalt").count() == 4

        # 6. The parent withdraws the company consent through the receipt's link: refused the same minute.
        opening = JobOpeningFactory()
        match = company_services.match_create(youth=youth, opening=opening, created_by=consultant)
        parent_page.goto(_path(_link_from_outbox()))
        parent_page.get_by_role("button", name="Træk tilbage: Deling med virksomhed").click()
        withdrawn_at = time.monotonic()
        expect(parent_page.get_by_role("listitem").filter(has_text="Deling med virksomhed")).to_contain_text("Nej")
        assert not has_valid_consent(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY)
        with pytest.raises(ValidationError, match="kan ikke sendes til en virksomhed"):
            company_services.match_send(match=match)
        assert time.monotonic() - withdrawn_at < 60
    finally:
        parent_context.close()


def test_the_consent_page_in_arabic_is_right_to_left(browser, live_server, make_user, sms_file):
    from foraeldre import digital_consent

    from .factories_foraeldre import ParentFactory

    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT)
    parent = ParentFactory(first_name="Amal", language="arabisk", email="amal@example.org", phone="20304050")
    _request, token = digital_consent.consent_request_send(
        youth=parent.children.get(), parent=parent, channel="email", by=consultant
    )
    context, phone = _phone_page(browser, live_server)
    try:
        phone.goto(reverse("familie:consent", args=[token]))
        expect(phone.locator("html")).to_have_attribute("dir", "rtl")
        expect(phone.locator("html")).to_have_attribute("lang", "ar")
        button = phone.get_by_role("button", name="أرسل الرمز")
        expect(button).to_be_visible()
        assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    finally:
        context.close()
