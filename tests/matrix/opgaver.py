"""Mine opgaver, the team's tasks and the health page. Tasks and failed sends belong to the consultant
("konsulent"): the other case staff get 404 for them, the team leaders (Projektleder, Administrator) may act."""

from django.contrib.auth import get_user_model

from tests.factories import YouthFactory
from tests.factories_opgaver import FailedDeliveryFactory, TaskFactory

from . import CASE_STAFF, Entry, expect

TEAM_LEAD = dict(PL=200, ADMIN=200)


def _consultant():
    return get_user_model().objects.get(username="konsulent")


def consultants_task():
    return [TaskFactory(assignee=_consultant()).pk]


def consultants_failed_delivery():
    return [FailedDeliveryFactory(responsible=_consultant()).pk]


# A successful action redirects back to the inbox; outside the user's scope it is a 404.
ACTION_ON_CONSULTANTS = expect(403, JC=302, US=404, PL=302, ADMIN=302)

MATRIX = {
    "opgaver:inbox": Entry("get", expect(403, **CASE_STAFF)),
    "opgaver:team": Entry("get", expect(403, **TEAM_LEAD)),
    "opgaver:task_create": Entry("get", expect(403, **CASE_STAFF)),
    "opgaver:task_complete": Entry("post", ACTION_ON_CONSULTANTS, consultants_task),
    # An empty date is refused with a Danish message (and a redirect), nothing changed.
    "opgaver:task_snooze": Entry("post", ACTION_ON_CONSULTANTS, consultants_task),
    "opgaver:task_reassign": Entry("post", ACTION_ON_CONSULTANTS, consultants_task),
    "opgaver:nav_count": Entry("get", expect(403, **CASE_STAFF)),
    "opgaver:health": Entry("get", expect(403, **TEAM_LEAD)),
    "opgaver:delivery_retry": Entry("post", ACTION_ON_CONSULTANTS, consultants_failed_delivery),
    "opgaver:delivery_dismiss": Entry("post", ACTION_ON_CONSULTANTS, consultants_failed_delivery),
    # The SMS gateways' receipts: no session, only the secret token (tests/test_sms_gateways.py).
    "opgaver:sms_receipt": Entry("post", expect(403, ANON=403), lambda: ["gatewayapi"]),
    # Issue 19: a message from the case, for case staff (the form; sending is tests/test_case_messages.py).
    "opgaver:case_message": Entry("get", expect(403, **CASE_STAFF), lambda: [YouthFactory().pk]),
}
