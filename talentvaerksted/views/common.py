from django.contrib import messages
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
