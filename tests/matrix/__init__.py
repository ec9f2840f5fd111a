"""The role matrix, one module per app: every URL, every role, the expected answer.

Each module defines MATRIX = {url name: Entry}. tests/test_permissions.py
collects them all and fails when a URL has no entry.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from fritidsjob import roles

ANON = "anonym"
JC, US, PL, FOND, MENTOR, ADMIN, DPO, KONTAKT = (
    roles.JOBCENTER_CONSULTANT,
    roles.YOUTH_SCHOOL,
    roles.PROJECT_LEADER,
    roles.FUNDER,
    roles.MENTOR,
    roles.ADMINISTRATOR,
    roles.DATA_PROTECTION_OFFICER,
    roles.COMPANY_CONTACT,
)
ALL_ROLES = [ANON, JC, US, PL, FOND, MENTOR, ADMIN, DPO, KONTAKT]
LOGIN = "login"  # a redirect to the login page
_SHORT = {
    "JC": JC,
    "US": US,
    "PL": PL,
    "FOND": FOND,
    "MENTOR": MENTOR,
    "ADMIN": ADMIN,
    "DPO": DPO,
    "ANON": ANON,
    "KONTAKT": KONTAKT,
}
CASE_STAFF = dict(JC=200, US=200, PL=200, ADMIN=200)


def expect(default, **by_role) -> dict[str, int | str]:
    """Expected status per role: `default` for every signed-in role unless named; anonymous: login."""
    result = {role: default for role in ALL_ROLES}
    result[ANON] = LOGIN
    result.update({_SHORT[k]: v for k, v in by_role.items()})
    return result


@dataclass(frozen=True)
class Entry:
    method: str
    expected: dict
    # Builds the URL's arguments (creating what it points at); None: no arguments.
    args: Callable[[], list] | None = None
    data: dict = field(default_factory=dict)


def collect() -> dict[str, Entry]:
    matrix: dict[str, Entry] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        duplicated = set(matrix) & set(module.MATRIX)
        assert not duplicated, f"URL names in two matrix modules: {duplicated}"
        matrix.update(module.MATRIX)
    return matrix
