from foraeldre.models import GuideLanguage
from tests.factories import YouthFactory
from tests.factories_foraeldre import (
    ConsentFactory,
    InformationEventFactory,
    ParentContactFactory,
    ParentFactory,
    SignUpFactory,
    make_guide,
)

from . import CASE_STAFF, Entry, expect

GUIDE_EDITORS = dict(PL=200, ADMIN=200)


def parent():
    return [ParentFactory().pk]


def youth():
    return [YouthFactory().pk]


def consent():
    return [ConsentFactory().pk]


def contact():
    return [ParentContactFactory().pk]


def event():
    return [InformationEventFactory().pk]


def signup():
    return [SignUpFactory().pk]


def consent_link():
    from foraeldre import digital_consent
    from tests.factories import UserFactory

    parent = ParentFactory(email="matrix@example.org")
    youth = parent.children.get()
    _request, token = digital_consent.consent_request_send(
        youth=youth, parent=parent, channel="email", by=UserFactory()
    )
    return [token]


def section_in_danish():
    return [make_guide(1)[0].pk, GuideLanguage.DANISH]


def section():
    return [make_guide(1)[0].pk]


MATRIX = {
    # The public sign-up page: no login, every role sees the same form.
    "familie:signup": Entry("get", expect(200, ANON=200)),
    # The family's consent link: no login, the code is asked first; the receipt needs the code.
    "familie:consent": Entry("get", expect(200, ANON=200), consent_link),
    "familie:consent_receipt": Entry("get", expect(302, ANON=302), consent_link),
    # Without a recipient the request is refused with a message, back on the consent page.
    "foraeldre:consent_request_send": Entry("post", expect(403, JC=302, US=302, PL=302, ADMIN=302), youth),
    "foraeldre:signup_list": Entry("get", expect(403, **CASE_STAFF)),
    "foraeldre:signup_detail": Entry("get", expect(403, **CASE_STAFF), signup),
    # An empty decision is shown again with its errors, nothing decided.
    "foraeldre:signup_accept": Entry("post", expect(403, **CASE_STAFF), signup),
    "foraeldre:signup_reject": Entry("post", expect(403, **CASE_STAFF), signup),
    "foraeldre:parent_list": Entry("get", expect(403, **CASE_STAFF)),
    "foraeldre:parent_create": Entry("get", expect(403, **CASE_STAFF)),
    "foraeldre:parent_detail": Entry("get", expect(403, **CASE_STAFF), parent),
    # A family's right of access: the project leader and the administrator make the package.
    "foraeldre:parent_insight": Entry("get", expect(403, PL=200, ADMIN=200), parent),
    "foraeldre:parent_update": Entry("get", expect(403, **CASE_STAFF), parent),
    # Asking for a parent to be anonymised; the project leader or administrator approves (fritidsjob/erasure.py).
    "foraeldre:parent_anonymisation_request": Entry("get", expect(403, **CASE_STAFF), parent),
    # An empty contact is refused with the form shown again, never saved.
    "foraeldre:contact_create": Entry("post", expect(403, **CASE_STAFF), parent),
    "foraeldre:contact_update": Entry("get", expect(403, **CASE_STAFF), contact),
    "foraeldre:youth_consents": Entry("get", expect(403, **CASE_STAFF), youth),
    # An empty consent form is shown again with its errors.
    "foraeldre:consent_create": Entry("post", expect(403, **CASE_STAFF), youth),
    # Without a date the withdrawal is refused with a message, back on the consent page.
    "foraeldre:consent_withdraw": Entry("post", expect(403, JC=302, US=302, PL=302, ADMIN=302), consent),
    # This consent has no scanned document: staff get a 404, everybody else is stopped before.
    "foraeldre:consent_document": Entry("get", expect(403, JC=404, US=404, PL=404, ADMIN=404), consent),
    "foraeldre:event_list": Entry("get", expect(403, **CASE_STAFF)),
    "foraeldre:event_create": Entry("get", expect(403, **CASE_STAFF)),
    "foraeldre:event_update": Entry("get", expect(403, **CASE_STAFF), event),
    "foraeldre:guide": Entry("get", expect(403, **CASE_STAFF)),
    # No sections yet, so there is no PDF to print: staff get a 404.
    "foraeldre:guide_pdf": Entry("get", expect(403, JC=404, US=404, PL=404, ADMIN=404), lambda: ["da"]),
    "foraeldre:guide_section_create": Entry("get", expect(403, **GUIDE_EDITORS)),
    "foraeldre:guide_section_text": Entry("get", expect(403, **GUIDE_EDITORS), section_in_danish),
    "foraeldre:guide_section_delete": Entry("get", expect(403, **GUIDE_EDITORS), section),
    "foraeldre:guide_edition_create": Entry("get", expect(403, **GUIDE_EDITORS)),
    "foraeldre:guide_edition_update": Entry("get", expect(403, **GUIDE_EDITORS), lambda: ["da"]),
}
