"""CPR numbers: validation and encryption at rest.

Decision (see README, "CPR-nummer"): the CPR number is optional and stored
only encrypted. The jobcenter identifies citizens by CPR in its own systems,
so a consultant may need it to link a case; the programme itself never needs
it for anything else. It is never shown in lists, never written to logs, and
the audit trail records only that it changed (masked ciphertext).
"""

import base64
import datetime
import hashlib
import re

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CPR_PATTERN = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")


def birth_date_from_cpr(cpr: str) -> datetime.date:
    """Return the birth date that a CPR number encodes, or raise ValidationError.

    The century follows CPR-kontoret's table for the 7th digit. No modulus-11
    check: numbers issued since 2007 need not satisfy it.
    """
    match = CPR_PATTERN.match(cpr.strip())
    if not match:
        raise ValidationError(_("CPR-nummeret skal skrives som 10 cifre, fx 010110-1234."))
    day, month, year2, _serial = (int(g) for g in match.groups())
    seventh = int(match.group(4)[0])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if year2 <= 36 else 1900
    else:  # 5-8
        century = 2000 if year2 <= 57 else 1800
    try:
        return datetime.date(century + year2, month, day)
    except ValueError:
        raise ValidationError(_("CPR-nummerets første seks cifre er ikke en gyldig dato.")) from None


def normalize(cpr: str) -> str:
    match = CPR_PATTERN.match(cpr.strip())
    return f"{match.group(1)}{match.group(2)}{match.group(3)}-{match.group(4)}"


def _fernet() -> MultiFernet:
    keys = list(settings.CPR_ENCRYPTION_KEYS)
    if not keys:
        # Development only (settings refuse to start without keys when
        # debug is off): a key derived from SECRET_KEY.
        digest = hashlib.sha256(("cpr:" + settings.SECRET_KEY).encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(cpr: str) -> str:
    return _fernet().encrypt(normalize(cpr).encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def masked(cpr: str) -> str:
    """The birth-date part only, as shown on the case page."""
    return cpr[:6] + "-xxxx"
