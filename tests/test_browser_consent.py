"""Consent that stops sharing, in a real browser (issue 14): a consent withdrawn by the coordinator hides the
mentee in the mentor's portal the same minute and no session can be logged; a placement for a young person
without the consent to share with a company is refused with the consent's Danish message."""

import time

from django.urls import reverse
from django.utils import timezone

from foraeldre.models import ConsentKind
from fritidsjob import roles
from mentorer.models import MentorSession
from virksomheder.models import Placement

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory, birth_date_for_age
from .factories_foraeldre import ConsentFactory
from .factories_mentorer import MentorFactory, RelationshipFactory
from .factories_virksomheder import CompanyFactory

pytestmark = BROWSER_TEST_MARKS


def test_a_withdrawn_mentor_consent_hides_the_mentee_at_once_and_refuses_a_session(
    page, browser, live_server, make_user
):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    mentor_user = make_user("mette", roles.MENTOR, first_name="Mette", last_name="Mentor")
    youth = YouthFactory(first_name="Sofie", last_name="Frisk", birth_date=birth_date_for_age(13), phone="22334455")
    consent = ConsentFactory(youth=youth, kind=ConsentKind.SHARE_WITH_MENTOR, youth_consented=False)
    relationship = RelationshipFactory(
        youth=youth,
        mentor=MentorFactory(user=mentor_user),
        goals="Jeg vil gerne arbejde i en dyrehandel.",
        consent=False,
    )

    # The mentor has the portal open on her phone.
    mentor_context = browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        viewport={"width": 390, "height": 844},
    )
    mentor_page = mentor_context.new_page()
    try:
        log_in(mentor_page, "mette")
        mentor_page.goto(reverse("mentorer:portal"))
        card = mentor_page.get_by_role("region", name="Sofie")
        expect(card).to_contain_text("22334455")
        expect(card).to_contain_text("dyrehandel")

        # The coordinator withdraws the consent the parent called about.
        log_in(page, "konsulent")
        page.goto(reverse("foraeldre:youth_consents", args=[youth.pk]))
        page.get_by_text("Træk tilbage").click()
        page.get_by_role("button", name="Træk samtykket (Deling med mentor) tilbage").click()
        expect(page.get_by_role("alert")).to_contain_text("Samtykket (Deling med mentor) er trukket tilbage.")
        withdrawn_at = time.monotonic()

        # The mentor's next look at the portal: no name, phone or goals, only the message.
        mentor_page.reload()
        hidden = mentor_page.get_by_role("region", name="Samtykke mangler - kontakt koordinatoren")
        expect(hidden).to_be_visible()
        content = mentor_page.content()
        for shown_before in ("Sofie", "22334455", "dyrehandel"):
            assert shown_before not in content
        expect(mentor_page.get_by_role("link", name="Log møde med Sofie")).to_have_count(0)
        assert time.monotonic() - withdrawn_at < 60

        # The session form's address, kept from before: refused, nothing logged.
        mentor_page.goto(reverse("mentorer:portal_session_create", args=[relationship.pk]))
        expect(mentor_page).to_have_url(f"{live_server.url}{reverse('mentorer:portal')}")
        expect(mentor_page.get_by_role("alert")).to_contain_text("Samtykke mangler - kontakt koordinatoren")
        assert "Sofie" not in mentor_page.content()
        assert not MentorSession.objects.exists()
        consent.refresh_from_db()
        assert consent.withdrawn_on == timezone.localdate()
    finally:
        mentor_context.close()


def test_a_placement_without_company_consent_is_refused_with_the_consents_message(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    youth = YouthFactory(first_name="Freja", last_name="Holm", birth_date=birth_date_for_age(16))
    company = CompanyFactory(name="Bageren i Viborg ApS")

    log_in(page, "konsulent")
    page.goto(reverse("virksomheder:placement_create", args=[youth.pk]))
    page.get_by_label("Virksomhed").select_option(label=company.name)
    page.get_by_label("Jobtitel").fill("Opfylder")
    page.get_by_role("button", name="Gem").click()

    expect(page.get_by_text("Oplysninger om Freja Holm kan ikke sendes til en virksomhed")).to_be_visible()
    assert not Placement.objects.exists()

    # With the consent (parent and, at 16, Freja herself) the same form goes through.
    ConsentFactory(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text("Ansættelsen er registreret.")
    assert Placement.objects.get().company == company
