from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def announce_promoted(request, promoted) -> None:
    """Tell staff who moved up from the waiting list (the course page marks them too)."""
    if promoted:
        names = ", ".join(enrollment.youth.full_name for enrollment in promoted)
        messages.info(
            request,
            ngettext(
                "En plads blev ledig: %(names)s er rykket op fra ventelisten og er nu tilmeldt.",
                "Pladser blev ledige: %(names)s er rykket op fra ventelisten og er nu tilmeldt.",
                len(promoted),
            )
            % {"names": names},
        )


def error_message(error: ValidationError) -> str:
    return " ".join(error.messages) or _("Handlingen kunne ikke gennemføres.")


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields it knows, else the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
