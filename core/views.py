"""View mixins every app shares (htmx partial switching, service errors on forms, the indsigt package),
the error pages' helpers and the accessibility statement."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from . import municipality, personal_data, search
from .audit import RecordsAccessMixin
from .insight import insight_package_create
from .municipality import municipality_name


class HtmxPartialMixin:
    """With htmx (a filter change, a poll) only `partial_template_name` is rendered, not the whole page."""

    partial_template_name = ""

    def get_template_names(self):
        if self.request.htmx and self.partial_template_name:
            return [self.partial_template_name]
        return super().get_template_names()


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the fields it names and the form has, else on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_message(error: ValidationError) -> str:
    """A service's ValidationError as one Danish sentence for a message."""
    return " ".join(error.messages) or _("Handlingen kunne ikke gennemføres.")


class ServiceFormMixin:
    """A form view whose `save(form)` calls a service: a ValidationError it raises becomes form errors.

    `save` returns the response for the saved object (usually a redirect); put the mixin before
    the generic view so its `form_valid` is the one used::

        class CourseCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
            def save(self, form):
                course = services.course_create(**form.service_kwargs())
                messages.success(self.request, _("Forløbet er oprettet."))
                return redirect(course)
    """

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            return self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)


def bad_request(request, exception, template_name="400.html"):
    """Django's 400 view with a Danish reason: a request too large to read (RequestDataTooBig) says so."""
    too_big = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    context = {"too_big": too_big, "limit_mb": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000, 1)}
    # No request context: the request could not be read, so nothing may depend on it.
    return HttpResponseBadRequest(loader.get_template(template_name).render(context))


# When the accessibility statement was prepared and last reviewed (the law asks for a review at least
# once a year, and whenever a change affects what it says): change these with the statement's text.
ACCESSIBILITY_STATEMENT_PREPARED_ON = datetime.date(2026, 12, 3)
ACCESSIBILITY_STATEMENT_REVIEWED_ON = datetime.date(2026, 12, 3)


@login_not_required
def municipality_logo(request):
    """The municipality's logo (opsaet_kommune --logo), public as the header of the sign-in page is; 404 without one."""
    found = municipality.logo_bytes()
    if found is None:
        raise Http404(_("Kommunen har intet logo."))
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    # An SVG opened on its own runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(TemplateView):
    """Tilgængelighedserklæringen: public, with no login, as webtilgængelighedsloven § 4 requires."""

    template_name = "core/accessibility_statement.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisation=settings.ACCESSIBILITY_ORGANISATION or municipality_name(),
            contact_email=settings.ACCESSIBILITY_CONTACT_EMAIL,
            contact_phone=settings.ACCESSIBILITY_CONTACT_PHONE,
            was_statement_url=settings.ACCESSIBILITY_STATEMENT_URL,
            site_url=settings.SITE_URL,
            prepared_on=ACCESSIBILITY_STATEMENT_PREPARED_ON,
            reviewed_on=ACCESSIBILITY_STATEMENT_REVIEWED_ON,
            **kwargs,
        )


@login_not_required
def accessibility_statement_short(request):
    """/was, the short address Digitaliseringsstyrelsen asks every public website to have: the statement
    in the WAS-Tool once it is published there (ACCESSIBILITY_STATEMENT_URL), otherwise our own page."""
    return redirect(settings.ACCESSIBILITY_STATEMENT_URL or reverse("accessibility_statement"))


class InsightPackageView(RecordsAccessMixin, DetailView):
    """A person's right-of-access package (core.insight): GET says what it holds, POST downloads the ZIP.

    The subclass brings the person's scoped queryset and its permission mixin; the ZIP is
    made on the fly and never stored. The page records an access entry, the download
    its own ({"insight": "web"}) instead.
    """

    template_name = "core/insight_package.html"
    permission_required = "fritidsjob.produce_insight"

    def accessed_record(self):
        return None if self.request.method == "POST" else getattr(self, "object", None)

    def get_context_data(self, **kwargs):
        subject = personal_data.subject_of(self.object)
        return super().get_context_data(
            subject=subject,
            sections=personal_data.sections(subject.key),
            organisation=personal_data.organisation(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        package = insight_package_create(
            person=self.object, actor=request.user, remote_addr=request.META.get("REMOTE_ADDR")
        )
        response = HttpResponse(package.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{package.filename}"'
        response["Cache-Control"] = "no-store"
        return response


class SearchView(TemplateView):
    """The top bar's search across the apps (core/search.py), grouped; 403 for a role with nothing to search."""

    template_name = "core/search.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not search.sources_for(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        text = " ".join(self.request.GET.get("q", "").split())[: search.MAX_LENGTH]
        groups, too_short = [], False
        if len(text) >= search.MIN_LENGTH:
            groups = search.search(request=self.request, text=text)
        elif text:
            too_short = True
        return super().get_context_data(
            text=text,
            groups=groups,
            too_short=too_short,
            min_length=search.MIN_LENGTH,
            found=sum(len(group.hits) for group in groups),
            **kwargs,
        )
