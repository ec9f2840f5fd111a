"""Limits on what users may enter, defined once (issue 13: bad input never gives a 500)."""

import datetime

from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# A note, a journal entry: long enough for any real note, far below the request size limit,
# so the browser (maxlength) stops the typing before the server would have to refuse it.
LONG_TEXT_MAX_LENGTH = 10_000

# No case in this programme has anything dated before this (the programme, its data and its
# young people's records are all younger); an earlier date is a typo such as 0202 for 2022.
EARLIEST_DATE = datetime.date(2000, 1, 1)


def cap_long_text(form, *field_names: str, max_length: int = LONG_TEXT_MAX_LENGTH) -> None:
    """Give the form's free-text fields a visible limit ("Højst N tegn."), a validator and `maxlength`."""
    for name in field_names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.max_length = max_length
        field.validators.append(MaxLengthValidator(max_length))
        field.widget.attrs["maxlength"] = str(max_length)
        limit = _("Højst %(count)s tegn.") % {"count": number_format(max_length, force_grouping=True)}
        field.help_text = f"{field.help_text} {limit}".strip() if field.help_text else limit
