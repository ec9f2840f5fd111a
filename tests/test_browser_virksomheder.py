"""The companies' journeys in a real browser (fixtures in tests/browser.py): issue 4's from a new
company to a placement, and issue 8's six-month follow-up from Mine opgaver."""

import datetime
import re
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from fritidsjob import roles
from fritidsjob.models import Industry, YouthStatus
from opgaver import services as task_services
from opgaver.models import Task, TaskStatus
from virksomheder.models import Company, FollowUpKind, Guidance, JobOpening, Match, MatchStage, Placement

from .browser import BROWSER_TEST_MARKS, expect, log_in
from .factories import YouthFactory, birth_date_for_age
from .factories_foraeldre import ConsentFactory
from .factories_virksomheder import make_placement

pytestmark = BROWSER_TEST_MARKS
SCREENSHOT = Path("/tmp/virksomhed_job.png")


def test_company_guidance_opening_rules_match_and_placement(page, make_user):
    make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", last_name="Konsulent")
    retail = Industry.objects.order_by("position", "pk").first()
    freja = YouthFactory(
        first_name="Freja",
        last_name="Holm",
        birth_date=birth_date_for_age(16),
        postcode="8800",
        status=YouthStatus.JOB_READY,
        available_weekdays=[1, 3],
        available_from=datetime.time(15),
        available_until=datetime.time(19),
    )
    freja.industries_of_interest.set([retail])
    ConsentFactory(youth=freja)  # the parent and Freja herself consented to sharing with a company
    page.set_viewport_size({"width": 1280, "height": 1000})

    # Register a company.
    log_in(page, "konsulent")
    page.get_by_role("navigation").get_by_role("link", name="Virksomheder").click()
    page.get_by_role("link", name="Opret virksomhed").click()
    page.get_by_label("Navn").fill("Bageren i Viborg ApS")
    page.get_by_label("CVR-nummer").fill("10150818")
    page.get_by_label("Branche").select_option(label=retail.name)
    page.get_by_label("Postnummer").fill("8800")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("10150818 er ikke et gyldigt CVR-nummer")).to_be_visible()
    page.get_by_label("CVR-nummer").fill("10150817")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Bageren i Viborg ApS er oprettet.")
    company = Company.objects.get(cvr="10150817")

    # Log a guidance visit.
    page.get_by_label("Form").select_option(label="Besøg")
    page.get_by_label("Emne").select_option(label="Regler for unge")
    page.get_by_label("Udbytte og aftaler").fill("Gennemgået reglerne for unge under 18.")
    page.get_by_role("button", name="Gem vejledning").click()
    expect(page.get_by_role("alert")).to_contain_text("Vejledningen (besøg)")
    expect(page.get_by_role("list", name="Vejledninger")).to_contain_text("Gennemgået reglerne for unge under 18.")
    assert Guidance.objects.get().company == company

    # An opening for 14-year-olds with three hours on a Tuesday: the rules say no, with their source.
    page.get_by_role("link", name="Opret jobåbning").click()
    page.get_by_label("Titel").fill("Opfylder")
    page.get_by_label("Mindstealder").fill("14")
    page.get_by_label("Timer pr. uge").fill("3")
    page.get_by_label("Tirsdag fra").fill("16:00")
    page.get_by_label("Tirsdag til").fill("19:00")
    page.get_by_role("button", name="Gem", exact=True).click()
    warning = page.get_by_role("alert", name="Regler for unges arbejde")
    expect(warning).to_contain_text("En 14-årig må højst arbejde 2 timer på en skoledag")
    expect(warning).to_contain_text("Arbejdsmiljøloven § 61, stk. 2")
    assert JobOpening.objects.count() == 0

    page.get_by_label("Tirsdag til").fill("18:00")
    page.get_by_label("Timer pr. uge").fill("2")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Jobåbningen Opfylder er oprettet.")
    opening = JobOpening.objects.get()

    # Freja (16) is suggested with her reasons; match her, send her to the company, hire her.
    suggestion = page.get_by_role("list", name="Forslag").get_by_role("listitem").filter(has_text="Freja Holm")
    expect(suggestion).to_contain_text(f"Interesseret i branchen {retail.name}")
    expect(suggestion).to_contain_text("Jobparat")
    suggestion.get_by_role("button", name="Foreslå").click()
    expect(page.get_by_role("alert")).to_contain_text("Freja Holm er foreslået til Opfylder.")
    row = page.get_by_role("table", name="Match").get_by_role("row").filter(has_text="Freja Holm")
    expect(row).to_contain_text("Foreslået")
    row.get_by_role("button", name="Send til virksomhed").click()
    expect(page.get_by_role("alert")).to_contain_text("Freja Holm er sendt til Bageren i Viborg ApS.")
    row.get_by_role("link", name="Ansat: registrér ansættelse").click()
    expect(page.get_by_role("heading", name="Registrér ansættelse")).to_be_visible()
    expect(page.get_by_label("Tirsdag til")).to_have_value("18:00")
    page.get_by_label("Timeløn (kr.)").fill("75")
    page.get_by_label("Kontrakt underskrevet").check()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Ansættelsen er registreret.")
    placement = Placement.objects.get()
    assert (placement.youth, placement.company, placement.opening) == (freja, company, opening)
    assert Match.objects.get().stage == MatchStage.HIRED

    # The six-month follow-up is on Freja's case.
    page.get_by_role("link", name="Freja Holm").first.click()
    expect(page.get_by_role("heading", name="Freja Holm")).to_be_visible()
    six_months = placement.follow_ups.get(kind=FollowUpKind.SIX_MONTHS).due_date
    assert six_months == placement.start + relativedelta(months=6)
    expect(page.get_by_role("list", name="Opfølgning")).to_contain_text(
        f"Opfølgning efter 6 måneder: {six_months:%d.%m.%Y}"
    )
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_consultant_records_a_six_month_follow_up_from_mine_opgaver(page, make_user):
    consultant = make_user("konsulent", roles.JOBCENTER_CONSULTANT, first_name="Karen", email="karen@example.dk")
    today = timezone.localdate()
    youth = YouthFactory(first_name="Ida", last_name="Holm", responsible_staff=consultant)
    # Six months in the job in three days: the rule makes a task now (7 days ahead).
    start = today + datetime.timedelta(days=3) - relativedelta(months=6)
    placement = make_placement(youth=youth, start=start, job_title="Opfylder")
    task_services.reminder_rules_sync(today=today)
    task_services.reminder_rules_run(now=timezone.now())
    task = Task.objects.get(youth=youth, reminder__rule__key="seks_maaneders_opfoelgning")

    log_in(page, "konsulent")
    page.get_by_role("navigation").get_by_role("link", name=re.compile("^Mine opgaver")).click()
    row = page.get_by_role("row").filter(has_text="Opfølgning: er jobbet fastholdt i 6 måneder?")
    row.get_by_role("link", name="Opfølgning efter 6 måneder").click()

    expect(page).to_have_url(re.compile(rf"/virksomheder/ansaettelser/{placement.pk}/#opfoelgning-\d+$"))
    expect(page.get_by_role("heading", name="Opfylder")).to_be_visible()
    card = page.locator(f"#opfoelgning-{task.object_id}")
    card.get_by_role("link", name="Registrér opfølgning").click()
    page.get_by_label("Ja, den unge er stadig ansat").check()
    page.get_by_label("Notat").fill("Ida er glad for jobbet, og virksomheden vil gerne beholde hende.")
    page.get_by_role("button", name="Registrér opfølgning").click()

    expect(page.get_by_role("alert")).to_contain_text("Opfølgning efter 6 måneder er registreret.")
    expect(card).to_contain_text("jobbet er fastholdt")
    task.refresh_from_db()
    assert (task.status, task.completed_by) == (TaskStatus.DONE, consultant)
    page.get_by_role("navigation").get_by_role("link", name=re.compile("^Mine opgaver")).click()
    expect(page.get_by_role("heading", name="Mine opgaver")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Opfølgning: er jobbet fastholdt")).to_have_count(0)
