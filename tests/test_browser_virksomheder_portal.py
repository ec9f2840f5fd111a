"""The company portal's journey on a phone (issue 16, "Done when"), in a real browser.

A consultant invites a contact; the contact signs in with the e-mailed link, posts an opening
for 14-year-olds until 21:00 and sees the night-work rule explained, fixes it to 19:00 and
sends it; the consultant approves it and sends a matched young person with consent; the
contact sees only the allowed fields, downloads the CV and records "ansat"; six months later
(the reminder machinery run on a controlled date) the contact answers the follow-up link
"still employed", and `manage.py kpi` counts the retention. Mails come from the test outbox.
"""

import datetime
import json
import re
from io import StringIO

from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from fritidsjob import roles
from fritidsjob.models import Industry, YouthStatus
from opgaver import services as task_services
from opgaver.models import Delivery, DeliveryStatus, RecipientKind, ReminderRule
from rapporter.models import Project
from talentvaerksted.models import CV
from virksomheder.models import FollowUpKind, JobOpening, OpeningStatus, Placement
from virksomheder.portal import services as portal_services

from .axe import AXE_SCRIPT, describe, serious_violations
from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory, birth_date_for_age
from .factories_foraeldre import ConsentFactory
from .factories_virksomheder import CompanyFactory, ContactPersonFactory, JobOpeningFactory
from .test_browser_mentorer import DESKTOP, PHONE, log_out

pytestmark = BROWSER_TEST_MARKS
SLUG = "sammen-om-fritidsjob"
LOGIN_LINK = re.compile(r"https?://[^/\s]+(/virksomheder/portal/link/\?sesame=\S+)")
FOLLOW_UP_LINK = re.compile(r"https?://[^/\s]+(/virksomheder/portal/opfoelgning/\S+/)")


def _last_mail_to(address: str, pattern: re.Pattern, subject: str = "") -> str:
    messages = [message for message in mail.outbox if message.to == [address] and subject in message.subject]
    return pattern.search(messages[-1].body).group(1)


def _sign_in_with_link(page, address: str) -> None:
    page.goto(_last_mail_to(address, LOGIN_LINK))
    page.get_by_role("button", name="Log ind").click()


def test_invite_post_an_opening_hire_and_answer_the_follow_up_on_a_phone(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Kim", last_name="Konsulent")
    retail = Industry.objects.order_by("position", "pk").first()
    company = CompanyFactory(name="Bageren i Viborg ApS", industry=retail)
    ContactPersonFactory(company=company, name="Karen Butik", email="karen@bageren.dk")
    freja = YouthFactory(
        first_name="Freja",
        last_name="Holmsgaard",
        birth_date=birth_date_for_age(14),
        postcode="8800",
        status=YouthStatus.JOB_READY,
        available_weekdays=[5],
        available_from=datetime.time(14),
        available_until=datetime.time(20),
    )
    freja.industries_of_interest.set([retail])
    ConsentFactory(youth=freja)
    CV.objects.create(youth=freja, profile="Jeg kan lide at bage.", share_in_company_portal=True)
    # The project runs past the six months, so the retention falls inside it.
    Project.objects.filter(slug=SLUG).update(end=timezone.localdate() + relativedelta(years=1))

    # The consultant invites the contact from the company page.
    page.set_viewport_size(DESKTOP)
    log_in(page, "konsulent")
    page.goto(company.get_absolute_url())
    page.get_by_role("button", name="Invitér Karen Butik til portalen").click()
    expect(page.get_by_role("alert")).to_contain_text("Karen Butik er inviteret til virksomhedsportalen.")
    log_out(page)

    # On a phone the contact opens the link and signs in: no password.
    page.set_viewport_size(PHONE)
    _sign_in_with_link(page, "karen@bageren.dk")
    expect(page.get_by_role("heading", name="Bageren i Viborg ApS")).to_be_visible()

    # An opening for 14-year-olds until 21:00 on Saturdays: the night-work rule is explained as they type.
    page.get_by_role("link", name="Opret jobåbning").click()
    page.get_by_label("Titel").fill("Opfylder")
    page.get_by_label("Mindstealder").fill("14")
    page.get_by_label("Timer pr. uge").fill("4")
    page.get_by_label("Lørdag fra").fill("15:00")
    page.get_by_label("Lørdag til").fill("21:00")
    rules = page.get_by_role("region", name="Regler for unges arbejde i jobbet")
    expect(rules).to_contain_text("Arbejdsmiljøloven § 61, stk. 4")
    expect(rules).to_contain_text("13-14 år")
    # Sent as it is, it is refused with the rule; nothing is saved.
    page.get_by_role("button", name="Send jobåbningen").click()
    expect(page.get_by_role("alert", name="Regler for unges arbejde")).to_contain_text("kl. 20")
    assert not JobOpening.objects.filter(company=company).exists()
    page.get_by_label("Lørdag til").fill("19:00")
    expect(rules).not_to_contain_text("Jobbet bryder reglerne")
    page.get_by_role("button", name="Send jobåbningen").click()
    expect(page.get_by_role("alert")).to_contain_text("Jobåbningen Opfylder er sendt.")
    opening = JobOpening.objects.get(company=company)
    log_out(page)

    # The consultant sees it as new from the company, approves it and sends Freja.
    page.set_viewport_size(DESKTOP)
    log_in(page, "konsulent")
    page.goto("/virksomheder/jobaabninger/")
    expect(page.get_by_text("Ny fra virksomheden")).to_be_visible()
    page.goto(opening.get_absolute_url())
    page.get_by_role("button", name="Godkend jobåbningen").click()
    expect(page.get_by_role("alert")).to_contain_text("Jobåbningen er godkendt")
    suggestion = page.get_by_role("list", name="Forslag").get_by_role("listitem").filter(has_text="Freja")
    suggestion.get_by_role("button", name="Foreslå").click()
    row = page.get_by_role("table", name="Match").get_by_role("row").filter(has_text="Freja")
    row.get_by_role("button", name="Send til virksomhed").click()
    expect(page.get_by_role("alert")).to_contain_text("er sendt til Bageren i Viborg ApS")
    log_out(page)

    # The first link is used up: the contact asks for a new one on the portal's login page.
    page.set_viewport_size(PHONE)
    page.goto("/virksomheder/portal/log-ind/")
    page.get_by_label("Din e-mailadresse").fill("karen@bageren.dk")
    page.get_by_role("button", name="Send mig et link").click()
    expect(page.get_by_role("status")).to_contain_text("Hvis adressen hører til en kontaktperson")
    _sign_in_with_link(page, "karen@bageren.dk")

    # Only the allowed fields: first name, age, availability, interests; the CV downloads.
    page.get_by_role("link", name="Freja").click()
    expect(page.get_by_role("heading", name="Freja, 14 år")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Holmsgaard")
    expect(page.locator("main")).to_contain_text(retail.name)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent CV (PDF)").click()
    assert download.value.suggested_filename == "cv-freja.pdf"
    expect(page.get_by_label("Lørdag til")).to_have_value("19:00")
    page.get_by_role("button", name="Registrér som ansat").click()
    expect(page.get_by_role("alert")).to_contain_text("Freja er registreret som ansat.")
    placement = Placement.objects.get(youth=freja)

    # Six months later the reminder machinery runs (a controlled date) and mails the follow-up link.
    due = placement.follow_ups.get(kind=FollowUpKind.SIX_MONTHS).due_date
    task_services.reminder_rules_sync(today=timezone.localdate())
    ReminderRule.objects.update(active_since=timezone.localdate(), enabled=True)
    now = datetime.datetime.combine(due, datetime.time(10), tzinfo=task_services.channels.COPENHAGEN)
    assert task_services.reminder_rules_run(now=now).errors == {}
    # The worker sends what is due at that (future) moment: the sweep's job, run here on the same clock.
    for delivery in Delivery.objects.filter(recipient_kind=RecipientKind.COMPANY, status=DeliveryStatus.PENDING):
        task_services.delivery_send(delivery=delivery, now=now)
    # The one-month mail went out too (its day is inside the run's window): answer the six-month one.
    page.goto(_last_mail_to("karen@bageren.dk", FOLLOW_UP_LINK, subject="efter 6 måned"))
    page.get_by_role("radio", name="Ja", exact=True).check()
    page.get_by_role("radio", name="Godt", exact=True).check()
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_role("heading", name="Tak for svaret")).to_be_visible()
    six_months = placement.follow_ups.get(kind=FollowUpKind.SIX_MONTHS)
    assert six_months.job_kept is True and six_months.confirmed_by_contact.name == "Karen Butik"

    out = StringIO()
    call_command("kpi", "--project", SLUG, "--as-of", due.isoformat(), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["kpis"]["fastholdt_6_maaneder"]["value"] == 1


def test_an_approved_opening_changed_on_a_phone_waits_for_approval_again(page, make_user):
    """Issue 16's leftover: the contact changes the job itself; the board marks it; the consultant approves again."""
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Kim", last_name="Konsulent")
    company = CompanyFactory(name="Bageren i Viborg ApS")
    contact = ContactPersonFactory(company=company, name="Karen Butik", email="karen@bageren.dk")
    opening = JobOpeningFactory(
        company=company,
        title="Opfylder",
        status=OpeningStatus.OPEN,
        posted_by_contact=contact,
        approved_at=timezone.now(),
    )
    portal_services.contact_invite(contact=contact, invited_by=consultant, base_url="http://testserver/")
    page.context.add_init_script(path=str(AXE_SCRIPT))

    page.set_viewport_size(PHONE)
    _sign_in_with_link(page, "karen@bageren.dk")
    page.get_by_role("link", name="Opfylder").click()
    expect(page.get_by_text("Jobbet er godkendt. Ændrer I titel")).to_be_visible()
    assert [describe(v) for v in serious_violations(page)] == []
    page.get_by_label("Titel").fill("Opfylder og kasse")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text("En konsulent godkender dem")
    log_out(page)

    page.set_viewport_size(DESKTOP)
    log_in(page, "konsulent")
    page.goto("/virksomheder/jobaabninger/")
    expect(page.get_by_text("Ændret af virksomheden")).to_be_visible()
    page.goto(opening.get_absolute_url())
    changes = page.get_by_role("region", name="Ændret i virksomhedsportalen af Karen Butik")
    expect(changes).to_contain_text("Opfylder")
    assert [describe(v) for v in serious_violations(page)] == []
    page.get_by_role("button", name="Godkend jobåbningen").click()
    expect(page.get_by_role("alert")).to_contain_text("Jobåbningen er godkendt")
    opening.refresh_from_db()
    assert (opening.status, opening.title, opening.company_changes) == (OpeningStatus.OPEN, "Opfylder og kasse", {})
