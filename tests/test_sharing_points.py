"""Every place that shares a young person's data asks the one consent function, on the day.

Three walks, so that a new sharing point that does not ask fails here:

1. The source: every function of the apps that writes a record declared as sharing
   (an app's sharing.py: a placement, a match set to "sendt", a mentor relationship
   or session) must be a sharing point (@shares_personal_data), or be named in
   NOT_SHARING with its reason.
2. The sharing points: each one, called for a young person without the consent,
   refuses with the consent's Danish message and writes nothing. A sharing point
   without a case in REFUSALS fails.
3. The pages: every URL that someone outside the staff (anonymous, the funder, a
   mentor) can open, by the role matrix, is named in EXTERNAL_PAGES with what it
   shows; and no export of personal data is open to them.
"""

import ast
import datetime
import importlib
import pkgutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

from core import sharing
from core.consent import ConsentKind
from core.exports import ExportMixin
from mentorer import services as mentor_services
from mentorer.models import MentorRelationship, MentorSession
from talentvaerksted import services as workshop_services
from tests.factories import YouthFactory, birth_date_for_age
from tests.factories_foraeldre import ConsentFactory
from tests.factories_mentorer import MentorFactory, RelationshipFactory
from tests.factories_talentvaerksted import CVFactory
from tests.factories_virksomheder import CompanyFactory, JobOpeningFactory, make_placement
from tests.matrix import ALL_ROLES, ANON, FOND, KONTAKT, LOGIN, MENTOR, collect
from virksomheder import services as company_services
from virksomheder.models import Match, MatchStage, Placement

pytestmark = pytest.mark.django_db

APPS = ["core", "fritidsjob", "opgaver", "talentvaerksted", "virksomheder", "mentorer", "foraeldre", "rapporter"]
ROOT = Path(settings.BASE_DIR)
WRITE_METHODS = {"create", "bulk_create", "get_or_create", "update_or_create", "update"}

# Functions that write a sharing record without sharing, each with its reason.
NOT_SHARING: dict[str, str] = {
    # seed_demo's invented 2022-2024 history, written in bulk: jobs recorded after the fact, as an
    # import of history (history=True) records them; it refuses to run without debug.
    "virksomheder.demo._seed_history": "made-up demo history, recorded after the fact",
    # The import's earlier years, in bulk: recorded after the fact, as placement_create(history=True).
    "virksomheder.services.placement_new_from_history": "the import's history, recorded after the fact",
}


def _app_modules() -> list[Path]:
    files = []
    for app in APPS:
        files += [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    return files


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _sharing_names() -> tuple[set[str], set[str], set[str]]:
    """Constructor names, reverse-relation names (`x.sessions.create`) and markers of the declared records."""
    models, accessors, markers = set(), set(), set()
    for record in sharing.records().values():
        model = apps.get_model(record.model)
        if record.markers:  # only these writes share (a match is first a suggestion the staff keep)
            markers.update(record.markers)
            continue
        models.add(model.__name__)
        for field in model._meta.fields:
            if field.is_relation and field.remote_field and field.many_to_one:
                accessors.add(field.remote_field.get_accessor_name())
    return models, accessors, markers


def _writes_sharing_record(function: ast.AST, models, accessors, markers) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            called = _dotted(node.func)
            parts = called.split(".")
            if parts[-1] in models and len(parts) == 1:
                return True  # Placement(...)
            if len(parts) >= 3 and parts[-1] in WRITE_METHODS and parts[-2] == "objects" and parts[-3] in models:
                return True  # Placement.objects.create(...)
            if len(parts) >= 2 and parts[-1] in WRITE_METHODS and parts[-2] in accessors:
                return True  # relationship.sessions.create(...)
            if parts[-1] in WRITE_METHODS and any(_dotted(k.value) in markers for k in node.keywords):
                return True  # .update(stage=MatchStage.SENT)
        if isinstance(node, ast.Assign):
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            if any(_dotted(value) in markers for value in values):
                return True  # match.stage = MatchStage.SENT
    return False


def _is_sharing_point(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(decorator, ast.Call) and _dotted(decorator.func).endswith("shares_personal_data")
        for decorator in function.decorator_list
    )


def _walk_source() -> tuple[set[str], set[str]]:
    """(functions writing a sharing record, functions decorated as sharing points), as module.function."""
    models, accessors, markers = _sharing_names()
    writers, points = set(), set()
    for path in _app_modules():
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{module}.{node.name}"
                if _is_sharing_point(node):
                    points.add(name)
                elif _writes_sharing_record(node, models, accessors, markers):
                    writers.add(name)
    return writers, points


def _import_all() -> None:
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                importlib.import_module(info.name)


def test_the_apps_declare_their_sharing_records():
    assert sorted(sharing.records()) == [
        "mentorer.MentorRelationship",
        "mentorer.MentorSession",
        "virksomheder.Match",
        "virksomheder.Placement",
    ]


def test_every_function_that_writes_a_sharing_record_is_a_sharing_point():
    writers, points = _walk_source()
    # Undecorated writers: a new way to share that does not ask the consent.
    assert writers - set(NOT_SHARING) == set()
    assert points == {
        "mentorer.services.relationship_start",
        "mentorer.services.session_log",
        "talentvaerksted.services.pdf.cv_pdf_for_company",
        "virksomheder.services.match_send",
        "virksomheder.services.placement_create",
        "virksomheder.services.placement_update",
    }


def test_the_walk_finds_an_unasked_write():
    """The walk itself: a function that makes a placement or sends a match without the decorator is found."""
    models, accessors, markers = _sharing_names()
    source = """
def sneaky(youth, company):
    Placement.objects.create(youth=youth, company=company)

def sneaky_send(match):
    match.stage, match.sent_on = MatchStage.SENT, None

def sneaky_session(relationship):
    relationship.sessions.create(duration_minutes=30)

def harmless(match):
    return match.stage == MatchStage.SENT
"""
    functions = {node.name: node for node in ast.parse(source).body}
    found = {name for name, node in functions.items() if _writes_sharing_record(node, models, accessors, markers)}
    assert found == {"sneaky", "sneaky_send", "sneaky_session"}


def test_the_registry_holds_exactly_the_decorated_functions():
    _import_all()
    _writers, points = _walk_source()
    assert set(sharing.points()) == points


# --- each sharing point refuses without consent ------------------------------------------------------


def _match_send():
    youth = YouthFactory(first_name="Freja", last_name="Holm", birth_date=birth_date_for_age(16))
    match = company_services.match_create(youth=youth, opening=JobOpeningFactory(), created_by=None)
    return (
        lambda: company_services.match_send(match=match),
        lambda: Match.objects.filter(stage=MatchStage.SENT).exists(),
        "Oplysninger om Freja Holm kan ikke sendes til en virksomhed",
    )


def _placement_create():
    youth = YouthFactory(first_name="Freja", last_name="Holm", birth_date=birth_date_for_age(16))
    data = {"company": CompanyFactory(), "start": datetime.date.today(), "hours_per_week": Decimal("4")}
    return (
        lambda: company_services.placement_create(youth=youth, data=data, check_rules=False),
        lambda: Placement.objects.exists(),
        "Oplysninger om Freja Holm kan ikke sendes til en virksomhed",
    )


def _placement_update():
    """Moving a placement to another company shares the young person with that company."""
    youth = YouthFactory(first_name="Freja", last_name="Holm", birth_date=birth_date_for_age(16))
    placement = make_placement(youth=youth, start=datetime.date.today())
    other = CompanyFactory()
    return (
        lambda: company_services.placement_update(placement=placement, data={"company": other}, check_rules=False),
        lambda: Placement.objects.filter(company=other).exists(),
        "Oplysninger om Freja Holm kan ikke sendes til en virksomhed",
    )


def test_correcting_a_placement_with_the_same_company_needs_no_new_consent():
    placement = make_placement(start=datetime.date.today())
    updated = company_services.placement_update(placement=placement, data={"job_title": "Opfylder"}, check_rules=False)
    assert updated.job_title == "Opfylder"


def _cv_pdf_for_company():
    cv = CVFactory(youth=YouthFactory(first_name="Freja", last_name="Holm", birth_date=birth_date_for_age(16)))
    return (
        lambda: workshop_services.cv_pdf_for_company(cv=cv),
        lambda: False,  # nothing is stored: the refusal is the test
        "Oplysninger om Freja Holm kan ikke sendes til en virksomhed",
    )


def _relationship_start():
    youth = YouthFactory(first_name="Ida", last_name="Holm", birth_date=birth_date_for_age(16))
    today = datetime.date.today()
    data = {"start_date": today, "planned_end": today + datetime.timedelta(days=100), "goals": "Et job"}
    return (
        lambda: mentor_services.relationship_start(youth=youth, mentor=MentorFactory(), data=data),
        lambda: MentorRelationship.objects.exists(),
        "Ida Holm kan ikke kobles til en mentor",
    )


def _session_log():
    relationship = RelationshipFactory(youth__first_name="Ida", youth__last_name="Holm", consent=False)
    data = {"date": datetime.date.today(), "duration_minutes": 30, "form": "moede", "topic": "Jobsøgning"}
    return (
        lambda: mentor_services.session_log(relationship=relationship, data=data, logged_by=None),
        lambda: MentorSession.objects.exists(),
        "Ida Holm kan ikke kobles til en mentor",
    )


REFUSALS: dict[str, Callable] = {
    "virksomheder.services.match_send": _match_send,
    "virksomheder.services.placement_create": _placement_create,
    "virksomheder.services.placement_update": _placement_update,
    "talentvaerksted.services.pdf.cv_pdf_for_company": _cv_pdf_for_company,
    "mentorer.services.relationship_start": _relationship_start,
    "mentorer.services.session_log": _session_log,
}


def test_every_sharing_point_has_a_refusal_case():
    _import_all()
    assert set(REFUSALS) == set(sharing.points())


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_each_sharing_point_refuses_without_consent_and_writes_nothing(name):
    share, written, message = REFUSALS[name]()
    with pytest.raises(ValidationError) as error:
        share()
    assert error.value.code == "consent_missing"
    assert message in " ".join(error.value.messages)
    assert written() is False


def test_a_consent_withdrawn_today_stops_the_sharing_at_once():
    youth = YouthFactory(birth_date=birth_date_for_age(16))
    consent = ConsentFactory(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY)
    cv = CVFactory(youth=youth)
    assert workshop_services.cv_pdf_for_company(cv=cv).startswith(b"%PDF")

    consent.withdrawn_on = datetime.date.today()
    consent.save()

    with pytest.raises(ValidationError):
        workshop_services.cv_pdf_for_company(cv=cv)


# --- the pages outside the staff ---------------------------------------------------------------------

OUTSIDE = [ANON, FOND, MENTOR, KONTAKT]
# What each page reached from outside the staff shows; "consent" pages show a young person only with it.
EXTERNAL_PAGES = {
    "login": "signing in",
    "logout": "signing in",
    "session_keepalive": "signing in",
    "password_reset": "signing in",
    "password_reset_done": "signing in",
    "password_reset_confirm": "signing in",
    "password_reset_complete": "signing in",
    "admin:index": "the Django admin's own sign-in; only administrators get further",
    "home": "the start page: a redirect to what the role may see",
    "password_change": "one's own account",
    "password_change_done": "one's own account",
    "second_factor_setup": "one's own account",
    "second_factor_verify": "one's own account",
    "second_factor_codes": "one's own account",
    "rapporter:kpi_overview": "aggregates, small numbers suppressed (rapporter/suppression.py)",
    "rapporter:kpi_definitions": "how the figures are counted",
    "rapporter:report_list": "the funder's reports: aggregates",
    "rapporter:report_detail": "the funder's report: aggregates, small numbers suppressed",
    "rapporter:report_download": "the funder's PDF: aggregates, small numbers suppressed, narrative checked for names",
    "rapporter:guide_public": "an industry guide: aggregates, small numbers suppressed",
    "mentorer:portal": "consent: a mentee is shown only with SHARE_WITH_MENTOR in force today",
    "mentorer:portal_session_create": "consent: session_log is a sharing point",
    "virksomheder:portal:login": "signing in: the same answer whether the address is known",
    "virksomheder:portal:link": "signing in: the one-time link",
    "virksomheder:portal:home": "consent: a candidate is shown only with SHARE_WITH_COMPANY in force today",
    "virksomheder:portal:opening_create": "the company's own opening: no young person",
    "virksomheder:portal:opening_update": "the company's own opening: no young person",
    "virksomheder:portal:rules_check": "the young-worker rules for the opening typed: no young person",
    "virksomheder:portal:candidate_detail": "consent: the candidate only with SHARE_WITH_COMPANY in force today",
    "virksomheder:portal:candidate_interview": "consent: as candidate_detail; match_interview shares nothing new",
    "virksomheder:portal:candidate_hire": "consent: placement_create is a sharing point",
    "virksomheder:portal:candidate_not_hired": "consent: as candidate_detail; match_reject shares nothing new",
    "virksomheder:portal:company": "the contact's own company: its contacts, guide, programme text and planned meetings",
    "virksomheder:portal:meeting_signup": "the company's sign-up to a planned network meeting: no young person",
    "virksomheder:portal:meeting_signup_cancel": "the company's sign-up to a planned network meeting: no young person",
    "virksomheder:portal:follow_up": "consent: the signed link for one contact; the first name only with SHARE_WITH_COMPANY today",
    "accessibility_statement": "the accessibility statement: no personal data",
    "accessibility_statement_short": "/was: a redirect to the accessibility statement",
    "familie:signup": "the public sign-up form: takes data, shows none",
    "familie:consent": "a consent link to one person: names and answers only after that person's one-time code",
    "familie:consent_receipt": "the receipt: only after the person's one-time code (else a redirect)",
    "fritidsjob:progression_answer_link": "the young person's own questionnaire link: their first name, to themselves",
}


def _reached_from_outside() -> set[str]:
    reached = set()
    for name, entry in collect().items():
        for role in OUTSIDE:
            status = entry.expected.get(role)
            if status not in (403, 404, 405, LOGIN):
                reached.add(name)
    return reached


def test_every_page_open_outside_the_staff_is_accounted_for():
    assert set(ALL_ROLES) >= set(OUTSIDE)
    reached = _reached_from_outside()
    assert reached - set(EXTERNAL_PAGES) == set(), "a new page outside the staff: what does it share?"
    assert set(EXTERNAL_PAGES) - reached == set(), "no longer open outside the staff: take it off the list"


def _views(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from _views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", getattr(pattern.callback, "view_class", None)


def test_no_export_of_personal_data_is_open_outside_the_staff():
    reached = _reached_from_outside()
    personal = {
        name
        for name, view in _views(get_resolver())
        if view is not None and issubclass(view, ExportMixin) and view.export.personal_data
    }
    assert personal, "the walk found the lists that export personal data"
    assert personal & reached == set()
