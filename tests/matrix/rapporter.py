from tests.factories_rapporter import (
    DeliverableFactory,
    FundReportFactory,
    ImportBatchFactory,
    IndustryFactory,
    IndustryGuideFactory,
    seeded_project,
)

from . import Entry, expect

STEERING = {"PL": 200, "ADMIN": 200}  # the project leader and the administrator
STEERING_POST = {"PL": 302, "ADMIN": 302}
FUNDING = {"PL": 200, "FOND": 200, "ADMIN": 200}  # ...and the funder: aggregated figures and reports
STAFF = {"JC": 200, "US": 200, "PL": 200, "ADMIN": 200}


def project():
    return [seeded_project().slug]


def deliverable():
    return [DeliverableFactory(project=seeded_project()).pk]


def report():
    return [FundReportFactory(project=seeded_project()).pk]


def industry():
    return [IndustryFactory().pk]


def guide():
    return [IndustryGuideFactory().pk]


def guide_token():
    return [IndustryGuideFactory().public_token]


def batch():
    return [ImportBatchFactory().pk]


MATRIX = {
    # "rapporter:kpi_overview" (the dashboard) is in core.py.
    "rapporter:kpi_definitions": Entry("get", expect(200, MENTOR=403, DPO=403, KONTAKT=403)),
    "rapporter:project_list": Entry("get", expect(403, **STEERING)),
    "rapporter:project_create": Entry("get", expect(403, **STEERING)),
    "rapporter:project_detail": Entry("get", expect(403, **STEERING), project),
    "rapporter:project_update": Entry("get", expect(403, **STEERING), project),
    "rapporter:deliverable_create": Entry("get", expect(403, **STEERING), project),
    "rapporter:deliverable_update": Entry("get", expect(403, **STEERING), deliverable),
    "rapporter:deliverable_delete": Entry("get", expect(403, **STEERING), deliverable),
    "rapporter:report_list": Entry("get", expect(403, **FUNDING)),
    "rapporter:report_create": Entry("get", expect(403, **STEERING), project),
    "rapporter:report_detail": Entry("get", expect(403, **FUNDING), report),
    "rapporter:report_download": Entry("get", expect(403, **FUNDING), report),
    # Prøv igen: a report that is not failed is refused with a message (a redirect).
    "rapporter:report_retry": Entry("post", expect(403, **STEERING_POST), report),
    "rapporter:guide_list": Entry("get", expect(403, **STAFF)),
    "rapporter:guide_update": Entry("get", expect(403, **STEERING), industry),
    "rapporter:guide_regenerate": Entry("post", expect(403, **STEERING_POST), guide),
    "rapporter:guide_download": Entry("get", expect(403, **STAFF), guide),
    # The companies' link: a new address, or closed (back to the list with a message).
    "rapporter:guide_link_rotate": Entry("post", expect(403, **STEERING_POST), guide),
    "rapporter:guide_link_revoke": Entry("post", expect(403, **STEERING_POST), guide),
    # The link companies get: no login (the guide holds no personal data; the token is the access).
    "rapporter:guide_public": Entry("get", expect(200, ANON=200), guide_token),
    "rapporter:import_upload": Entry("get", expect(403, **STEERING)),
    "rapporter:import_template": Entry("get", expect(403, **STEERING), lambda: ["unge"]),
    "rapporter:import_detail": Entry("get", expect(403, **STEERING), batch),
    "rapporter:import_confirm": Entry("post", expect(403, **STEERING_POST), batch),
    "rapporter:import_discard": Entry("post", expect(403, **STEERING_POST), batch),
}
