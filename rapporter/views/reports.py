from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from core.exports import Column, Export, ExportMixin
from core.formatting import short_date
from core.tasks import broker_down_message
from core.views import HtmxPartialMixin, add_service_errors
from opgaver import health

from .. import selectors, services
from ..downloads import file_response
from ..forms import FundReportForm
from ..models import FundReport, Project, ReportText


def _project_from(request) -> Project | None:
    slug = request.GET.get("indsats")
    if slug:
        return get_object_or_404(Project, slug=slug)
    return Project.objects.default_first(timezone.localdate()).first()


class FundReportListView(ExportMixin, PermissionRequiredMixin, ListView):
    """The funder reports of a project, newest first: each one downloads exactly as it was made."""

    permission_required = "rapporter.view_fundreport"
    template_name = "rapporter/report_list.html"
    context_object_name = "reports"
    paginate_by = 25
    # The funder may export it too: no person (not who ordered a report, nor the recipients' addresses).
    export = Export(
        "statusrapporter",
        [
            Column(gettext_lazy("Indsats"), "project.name"),
            Column(gettext_lazy("Opgjort pr."), "as_of"),
            Column(gettext_lazy("Kvartalsrapport"), "scheduled"),
            Column(gettext_lazy("Status"), "get_status_display"),
            Column(gettext_lazy("Bestilt"), "requested_at"),
            Column(gettext_lazy("Færdig"), "finished_at"),
            Column(gettext_lazy("Sendt"), "emailed_at"),
        ],
    )

    def get_queryset(self):
        self.project = _project_from(self.request)
        return selectors.report_list(project=self.project) if self.project else FundReport.objects.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, projects=Project.objects.all(), **kwargs)


class FundReportCreateView(PermissionRequiredMixin, FormView):
    """Order a new report: the as-of date and the project leader's texts; the PDF is made in the background."""

    permission_required = "rapporter.add_fundreport"
    template_name = "rapporter/report_form.html"
    form_class = FundReportForm

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(Project, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        text = ReportText.objects.filter(project=self.project).first()
        return text.as_dict() if text else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def form_valid(self, form):
        texts = form.texts()
        try:
            report = services.fund_report_request(
                project=self.project, as_of=form.cleaned_data["as_of"], requested_by=self.request.user, texts=texts
            )
        except ValidationError as error:  # the texts name a young person or a parent
            add_service_errors(form, error)
            return self.form_invalid(form)
        services.report_text_save(project=self.project, data=texts)
        report.refresh_from_db(fields=["status", "error", "file"])
        if report.failed_to_queue:
            messages.error(
                self.request, _("Rapporten er gemt, men kunne ikke sættes i gang.") + " " + broker_down_message()
            )
        elif report.is_done:  # made inside the request: no broker (CELERY_BROKER_URL empty)
            messages.success(self.request, _("Rapporten er lavet."))
        else:
            messages.success(self.request, _("Rapporten er bestilt og bliver lavet i baggrunden."))
        if form.cleaned_data["as_of"] and form.cleaned_data["as_of"] > report.as_of:
            messages.info(
                self.request,
                _("Indsatsen sluttede %(end)s, så rapporten er opgjort pr. %(end)s.")
                % {"end": short_date(report.as_of)},
            )
        return redirect("rapporter:report_detail", pk=report.pk)


class FundReportDetailView(HtmxPartialMixin, PermissionRequiredMixin, DetailView):
    """A report's progress (polled with htmx while it is being made) and then its download."""

    permission_required = "rapporter.view_fundreport"
    template_name = "rapporter/report_detail.html"
    partial_template_name = "rapporter/partials/report_status.html"
    context_object_name = "report"

    def get_queryset(self):
        return selectors.report_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Waiting for a worker that isn't there: the page says so instead of polling in silence.
        context["no_worker"] = self.object.is_pending and health.no_worker_running(now=timezone.now())
        return context


class FundReportRetryView(PermissionRequiredMixin, SingleObjectMixin, View):
    """Prøv igen on a failed report: the same report is queued again."""

    permission_required = "rapporter.add_fundreport"
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.report_list()

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        try:
            services.fund_report_retry(report=report)
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
            return redirect("rapporter:report_detail", pk=report.pk)
        report.refresh_from_db(fields=["status", "error"])
        if report.failed_to_queue:
            messages.error(request, broker_down_message())
        else:
            messages.success(request, _("Rapporten bliver lavet igen."))
        return redirect("rapporter:report_detail", pk=report.pk)


class FundReportDownloadView(PermissionRequiredMixin, DetailView):
    permission_required = "rapporter.view_fundreport"

    def get_queryset(self):
        return selectors.report_list()

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        if not report.is_done:
            raise Http404(_("Rapporten er ikke færdig."))
        return file_response(report.file, filename=report.download_name)
