"""Single sign-on in a real browser on a phone: the button, the provider on 127.0.0.1 and back.

The provider (tests/oidc_provider.py) signs in whoever the test names at once, as a
municipality's login would after its own password and second factor.
"""

import re

from django.contrib.auth import get_user_model

from fritidsjob import roles

from .browser import BROWSER_TEST_MARKS, expect
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

pytestmark = BROWSER_TEST_MARKS
PHONE = {"width": 390, "height": 844}


def test_staff_sign_in_with_the_municipalitys_login_on_a_phone_and_without_a_role_are_refused(page, settings):
    with running_provider() as idp:
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_DISCOVERY_URL = idp.url
        settings.OIDC_ROLE_MAP = {"grp-fritidsjob-konsulent": roles.JOBCENTER_CONSULTANT}
        page.set_viewport_size(PHONE)
        idp.user = {
            "sub": "sub-1",
            "preferred_username": "karen@kommune.dk",
            "email": "karen@kommune.dk",
            "given_name": "Karen",
            "family_name": "Konsulent",
            "groups": ["grp-fritidsjob-konsulent"],
        }

        page.goto("/unge/")
        page.get_by_role("link", name="Log ind med kommunens login").click()

        expect(page).to_have_url(re.compile(r"/unge/$"))
        expect(page.get_by_role("heading", name="Unge")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        user = get_user_model().objects.get(username="karen@kommune.dk")
        assert list(user.groups.values_list("name", flat=True)) == [roles.JOBCENTER_CONSULTANT]

        # Another person, whose groups give no role here.
        page.context.clear_cookies()
        idp.user = {**idp.user, "sub": "sub-2", "preferred_username": "kantine@kommune.dk", "groups": ["grp-kantine"]}
        page.goto("/konto/log-ind/")
        page.get_by_role("link", name="Log ind med kommunens login").click()

        expect(page.get_by_role("alert")).to_contain_text("Din bruger har ingen rolle i Fritidsjob")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
