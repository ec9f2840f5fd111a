"""Response hardening shared by every app."""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user.

    Nearly every page and file behind the login shows personal data about a young person, so
    the simple, safe rule is: nothing a signed-in user receives may be kept by the browser's
    cache or a proxy (a shared computer, the back button after sign-out). Static files never
    get here: WhiteNoise answers them further out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Replaces any max-age/public a view may have set (e.g. a file download).
            response.headers.pop("Cache-Control", None)
            response.headers.pop("Expires", None)
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
