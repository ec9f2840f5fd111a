from django.contrib.auth import get_user_model

from tests.factories import ClosedYouthFactory, YouthFactory

from . import CASE_STAFF, Entry, expect


def consultant():
    return [get_user_model().objects.get(username="konsulent").pk]


def youth():
    return [YouthFactory().pk]


def anonymisation_request():
    from fritidsjob import erasure

    request = erasure.anonymisation_request(
        person=ClosedYouthFactory(),
        reason="Forældrene har bedt om sletning",
        requested_by=get_user_model().objects.get(username="konsulent"),
    )
    return [request.pk]


MATRIX = {
    # "I dag"; a mentor is sent on to the mentor portal.
    "home": Entry("get", expect(200, MENTOR=302)),
    "login": Entry("get", expect(302, ANON=200)),
    "logout": Entry("post", expect(302, ANON=302)),
    # Single sign-on answers 404 while it is not configured (as here); tests/test_sso.py runs it.
    "sso_login": Entry("get", expect(404, ANON=404)),
    "sso_callback": Entry("get", expect(404, ANON=404)),
    "password_change": Entry("get", expect(200)),
    "password_change_done": Entry("get", expect(200)),
    # Sign-ins, lockouts, passwords, second factors and roles: the Administrator only.
    "security_log": Entry("get", expect(403, ADMIN=200)),
    # Who opened which person's data, and the flags of unusual access: the Administrator and the DPO.
    "access_log": Entry("get", expect(403, ADMIN=200, DPO=200)),
    # How long the session has left: answers everyone (signed out: {"signed_in": false}).
    "session_keepalive": Entry("get", expect(200, ANON=200)),
    # Password reset: open to everyone; an invalid link answers with a Danish page, not an error.
    "password_reset": Entry("get", expect(200, ANON=200)),
    "password_reset_done": Entry("get", expect(200, ANON=200)),
    "password_reset_confirm": Entry("get", expect(200, ANON=200), lambda: ["MQ", "ugyldigt-link"]),
    "password_reset_complete": Entry("get", expect(200, ANON=200)),
    # The second factor: without a device the check sends one on to set it up; no codes to show: home.
    "second_factor_verify": Entry("get", expect(302)),
    "second_factor_setup": Entry("get", expect(200)),
    "second_factor_codes": Entry("get", expect(302)),
    # Users, invitations and resetting a second factor: the administrator.
    "user_list": Entry("get", expect(403, ADMIN=200)),
    "user_invite": Entry("get", expect(403, ADMIN=200)),
    "second_factor_reset": Entry("post", expect(403, ADMIN=302), consultant),
    "fritidsjob:youth_list": Entry("get", expect(403, **CASE_STAFF)),
    "fritidsjob:youth_create": Entry("get", expect(403, **CASE_STAFF)),
    "fritidsjob:youth_detail": Entry("get", expect(403, **CASE_STAFF), youth),
    "fritidsjob:youth_update": Entry("get", expect(403, **CASE_STAFF), youth),
    "fritidsjob:youth_delete": Entry("get", expect(403, ADMIN=200), youth),
    # An empty note is refused with the form shown again, never saved.
    "fritidsjob:journal_create": Entry("post", expect(403, **CASE_STAFF), youth),
    "fritidsjob:youth_audit": Entry("get", expect(403, PL=200, ADMIN=200), youth),
    # The accessibility statement: public (no login), and /was redirects to it.
    # The municipality's logo (opsaet_kommune --logo) is public, as the header it is in; none is set up here: 404.
    "municipality_logo": Entry("get", expect(404, ANON=404)),
    "accessibility_statement": Entry("get", expect(200, ANON=200)),
    "accessibility_statement_short": Entry("get", expect(302, ANON=302)),
    "fritidsjob:youth_insight": Entry("get", expect(403, PL=200, ADMIN=200), youth),
    "rapporter:kpi_overview": Entry("get", expect(403, PL=200, FOND=200, ADMIN=200)),
    # The Django admin: only the Administrator (is_staff); others go to the admin's login.
    "admin:index": Entry("get", expect(302, ANON=302, ADMIN=200)),
    # Erasure: staff ask (with a reason), the project leader or administrator approves (fritidsjob/erasure.py).
    "fritidsjob:anonymisation_request": Entry("get", expect(403, **CASE_STAFF), youth),
    "fritidsjob:retention": Entry("get", expect(403, PL=200, ADMIN=200)),
    # A hold without a reason is refused with a message and a redirect back to the case.
    "fritidsjob:retention_hold": Entry("post", expect(403, PL=302, ADMIN=302), youth),
    "fritidsjob:retention_hold_lift": Entry("post", expect(403, PL=302, ADMIN=302), youth),
    # A request by the consultant, decided by the project leader or administrator.
    "fritidsjob:anonymisation_approve": Entry("post", expect(403, PL=302, ADMIN=302), anonymisation_request),
    "fritidsjob:anonymisation_reject": Entry("post", expect(403, PL=302, ADMIN=302), anonymisation_request),
    # Issue 19: the calendar and its iCal link for case staff; the feed itself answers only its secret token.
    "calendar": Entry("get", expect(403, **CASE_STAFF)),
    "calendar_feed_renew": Entry("post", expect(403, JC=302, US=302, PL=302, ADMIN=302)),
    "calendar_feed_revoke": Entry("post", expect(403, JC=302, US=302, PL=302, ADMIN=302)),
    "calendar_feed": Entry("get", expect(404, ANON=404), lambda: ["ukendt-noegle"]),
    # One search across the apps: case staff; the funder, mentors and the DPO have nothing to search.
    "search": Entry("get", expect(403, **CASE_STAFF), data={"q": "hansen"}),
    # "Udskriv sag": the case as a PDF, for case staff.
    "fritidsjob:youth_print": Entry("get", expect(403, **CASE_STAFF), youth),
}


# --- progression (issue 18) ---------------------------------------------------------------------


def _questionnaire():
    from fritidsjob.progression.models import Questionnaire

    return [Questionnaire.objects.current().pk]


def _item():
    from fritidsjob.progression.models import Questionnaire

    return [Questionnaire.objects.current().items.in_use().first().pk]


def _response():
    from fritidsjob.progression import services
    from fritidsjob.progression.models import Milestone, Questionnaire

    q = Questionnaire.objects.current()
    response = services.response_create(
        youth=YouthFactory(), questionnaire=q, milestone=Milestone.START, values={i.pk: 3 for i in q.items.in_use()}
    )
    return [response.pk]


def _link():
    from fritidsjob.progression import links
    from fritidsjob.progression.models import Milestone, Questionnaire

    return [
        links.token_for(
            youth_id=YouthFactory().pk, questionnaire_id=Questionnaire.objects.current().pk, milestone=Milestone.START
        )
    ]


MATRIX.update(
    {
        "fritidsjob:progression_answer": Entry("get", expect(403, **CASE_STAFF), youth),
        # The young person's own link: no login, the first name only (tests/test_progression.py).
        "fritidsjob:progression_answer_link": Entry("get", expect(200, ANON=200), _link),
        "fritidsjob:progression_note": Entry("post", expect(403, JC=302, US=302, PL=302, ADMIN=302), _response),
        "fritidsjob:questionnaire_list": Entry("get", expect(403, PL=200, ADMIN=200)),
        "fritidsjob:questionnaire_detail": Entry("get", expect(403, PL=200, ADMIN=200), _questionnaire),
        "fritidsjob:questionnaire_item": Entry("get", expect(403, PL=200, ADMIN=200), _item),
        "fritidsjob:questionnaire_item_retire": Entry("post", expect(403, PL=302, ADMIN=302), _item),
    }
)
