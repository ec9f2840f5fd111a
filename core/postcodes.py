"""Danish postcodes and their towns, shipped as data (issue 20, item 5): no address API is called.

The table, core/data/postnumre.csv, holds Denmark's 1,089 address postcodes with the town's name.
Origin: the PyPI package countrystatecity-postal-codes 2.0.1 (data/by-country/DK/postcodes.json),
from countries-states-cities-database (github.com/dr5hn/countries-states-cities-database),
licence Open Database License (ODbL) v1.0; only the postcode and the town's name are kept, and the
CSV stays under the ODbL. Company-only postcodes (1092, 0800 and the like) are not in it.

The table is the same for every municipality, so it is read once into memory rather than kept
in the database: 1,089 short rows, a dictionary look-up per check, no migration to keep in step.
"""

import csv
import functools
import io
import pkgutil
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

POSTCODE_FORMAT = re.compile(r"\d{4}")


@functools.cache
def towns() -> dict[str, str]:
    """Postcode -> town, e.g. "8800" -> "Viborg"."""
    data = pkgutil.get_data("core", "data/postnumre.csv")
    if data is None:  # pragma: no cover - the file ships with the code
        raise RuntimeError("core/data/postnumre.csv is missing")
    lines = [line for line in data.decode("utf-8").splitlines() if line and not line.startswith("#")]
    return {row["postnummer"]: row["by"] for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")}


def town(postcode: str) -> str:
    """The town of a postcode, or "" for one that is not in the table."""
    return towns().get((postcode or "").strip(), "")


def postcode_problem(postcode: str) -> str:
    """A Danish sentence saying what is wrong with a postcode, or "" when it is a Danish postcode."""
    postcode = (postcode or "").strip()
    if not POSTCODE_FORMAT.fullmatch(postcode):
        return _("Postnummeret skal være fire cifre.")
    if postcode not in towns():
        return _("%(postcode)s er ikke et dansk postnummer.") % {"postcode": postcode}
    return ""


def validate_postcode(postcode: str) -> None:
    """For a form's clean_postcode: blank passes, anything else must be in the table."""
    if postcode and (problem := postcode_problem(postcode)):
        raise ValidationError(problem, code="unknown_postcode")


def clean_postcode_and_town(form, *, postcode_field: str = "postcode", town_field: str = "city") -> None:
    """In a company form's clean(): an empty town is filled from the postcode.

    Companies may have a company-only postcode (0800, 1092 ...) that the table lacks, so a
    four-digit postcode the table does not know is kept when the town is written by hand, and
    is an error only when there is no town to show.
    """
    postcode = (form.cleaned_data.get(postcode_field) or "").strip()
    if not postcode or postcode_field not in form.cleaned_data:
        return
    typed_town = (form.cleaned_data.get(town_field) or "").strip()
    if not POSTCODE_FORMAT.fullmatch(postcode):
        form.add_error(postcode_field, ValidationError(postcode_problem(postcode), code="invalid_postcode"))
    elif known_town := town(postcode):
        if town_field in form.fields and not typed_town:
            form.cleaned_data[town_field] = known_town
    elif not typed_town:
        message = _("%(postcode)s står ikke i postnummertabellen. Skriv byen, hvis det er et firmapostnummer.")
        form.add_error(postcode_field, ValidationError(message % {"postcode": postcode}, code="unknown_postcode"))
