from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core import industry_guides
from core.exports import Column, Export, ExportMixin
from core.tasks import broker_down_message
from fritidsjob.models import Industry

from .. import selectors, services
from ..downloads import file_response
from ..forms import IndustryGuideForm
from ..models import GuideStatus, IndustryGuide


def _failed_to_queue(guide: IndustryGuide) -> bool:
    """After the save has committed: was the PDF queued, and did the broker refuse it (core.tasks marked it failed)?"""
    queued = guide.pdf_status == GuideStatus.QUEUED
    return queued and IndustryGuide.objects.filter(pk=guide.pk, pdf_status=GuideStatus.FAILED).exists()


class GuideRow(NamedTuple):
    industry: Industry
    guide: IndustryGuide | None
    figures: industry_guides.IndustryFigures


def _guide(attribute: str):
    return lambda row: getattr(row.guide, attribute) if row.guide else None


def _guide_status(row) -> str:
    return row.guide.get_pdf_status_display() if row.guide else _("Ikke skrevet endnu")


class IndustryGuideListView(ExportMixin, PermissionRequiredMixin, ListView):
    """Every industry's guide: its state, the local figures it prints, download and the link for companies."""

    permission_required = "rapporter.view_industryguide"
    template_name = "rapporter/guide_list.html"
    context_object_name = "industries"
    export = Export(
        "brancheguider",
        [
            Column(gettext_lazy("Branche"), "industry.name"),
            Column(gettext_lazy("PDF"), _guide_status),
            Column(gettext_lazy("Version"), _guide("pdf_version")),
            Column(gettext_lazy("PDF lavet"), _guide("pdf_generated_at")),
            Column(gettext_lazy("Tekst senest ændret"), _guide("content_updated_at")),
            Column(gettext_lazy("Virksomheder i netværket"), "figures.companies_in_network"),
            Column(gettext_lazy("Unge i job"), "figures.youth_in_jobs"),
        ],
    )

    def get_queryset(self):
        return selectors.industry_guides()

    def get_export_rows(self):
        # An industry with its guide and its live figures, as the page shows them.
        industries = list(self.get_queryset())
        figures = industry_guides.industry_figures(industries)
        return [GuideRow(industry, getattr(industry, "guide", None), figures[industry.pk]) for industry in industries]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = industry_guides.industry_figures(context["industries"])
        context["rows"] = [
            (industry, getattr(industry, "guide", None), figures[industry.pk]) for industry in context["industries"]
        ]
        return context


class IndustryGuideUpdateView(PermissionRequiredMixin, FormView):
    permission_required = "rapporter.change_industryguide"
    template_name = "rapporter/guide_form.html"
    form_class = IndustryGuideForm

    def dispatch(self, request, *args, **kwargs):
        self.industry = get_object_or_404(Industry, pk=kwargs["industry_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        guide = IndustryGuide.objects.filter(industry=self.industry).first() or IndustryGuide(industry=self.industry)
        return {**super().get_form_kwargs(), "instance": guide}

    def get_context_data(self, **kwargs):
        return super().get_context_data(industry=self.industry, **kwargs)

    def form_valid(self, form):
        guide = services.industry_guide_save(industry=self.industry, data=form.cleaned_data)
        if _failed_to_queue(guide):
            messages.error(
                self.request,
                _("Brancheguiden er gemt, men PDF'en kunne ikke sættes i gang.")
                + " "
                + broker_down_message()
                + " "
                + _("Brug knappen “Lav PDF igen”."),
            )
        else:
            messages.success(self.request, _("Brancheguiden er gemt. PDF'en bliver lavet på ny."))
        return redirect("rapporter:guide_list")


class IndustryGuideRegenerateView(PermissionRequiredMixin, DetailView):
    """Make the PDF again, e.g. to bring its local figures up to date."""

    permission_required = "rapporter.change_industryguide"
    http_method_names = ["post"]

    def get_queryset(self):
        return IndustryGuide.objects.select_related("industry")

    def post(self, request, *args, **kwargs):
        guide = self.get_object()
        services.industry_guide_regenerate(guide=guide)
        if _failed_to_queue(guide):
            messages.error(request, broker_down_message())
        else:
            messages.success(request, _("PDF'en for %(industry)s bliver lavet på ny.") % {"industry": guide.industry})
        return redirect("rapporter:guide_list")


class IndustryGuideLinkView(PermissionRequiredMixin, DetailView):
    """Give the companies' link a new address (the old one stops working), or close it."""

    permission_required = "rapporter.change_industryguide"
    http_method_names = ["post"]
    revoke = False

    def get_queryset(self):
        return IndustryGuide.objects.select_related("industry")

    def post(self, request, *args, **kwargs):
        guide = self.get_object()
        if self.revoke:
            services.industry_guide_link_revoke(guide=guide)
            message = _("Linket til brancheguiden for %(industry)s er lukket. Det gamle link virker ikke mere.")
        else:
            services.industry_guide_link_rotate(guide=guide)
            message = _("Brancheguiden for %(industry)s har fået et nyt link. Det gamle link virker ikke mere.")
        messages.success(request, message % {"industry": guide.industry})
        return redirect("rapporter:guide_list")


def _pdf_response(guide: IndustryGuide, *, as_attachment: bool) -> HttpResponse:
    if not guide.pdf:
        raise Http404(_("Brancheguiden er ikke lavet endnu."))
    return file_response(guide.pdf, filename=guide.download_name, as_attachment=as_attachment)


class IndustryGuideDownloadView(PermissionRequiredMixin, DetailView):
    permission_required = "rapporter.view_industryguide"

    def get_queryset(self):
        return IndustryGuide.objects.select_related("industry")

    def get(self, request, *args, **kwargs):
        return _pdf_response(self.get_object(), as_attachment=True)


@method_decorator(login_not_required, name="dispatch")
class IndustryGuidePublicView(View):
    """The link companies get (no login): the guide holds no personal data, and the link is unguessable."""

    def get(self, request, token):
        guide = get_object_or_404(IndustryGuide.objects.select_related("industry"), public_token=token)
        return _pdf_response(guide, as_attachment=False)
