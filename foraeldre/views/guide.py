"""The parents' guide: read and download for staff, edited by the project leader."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DeleteView, TemplateView

from .. import guide, services
from ..forms import GuideEditionForm, GuideSectionTextForm
from ..models import GuideEdition, GuideLanguage, GuideSection, GuideSectionText

EDIT = "foraeldre.edit_guide"


def guide_url(language: str = GuideLanguage.DANISH) -> str:
    url = reverse("foraeldre:guide")
    return url if language == GuideLanguage.DANISH else f"{url}?sprog={language}"


class GuideView(PermissionRequiredMixin, TemplateView):
    """The guide as it prints, in one language (?sprog=en), with its editions' state."""

    permission_required = "foraeldre.view_guidesection"
    template_name = "foraeldre/guide.html"

    def get_context_data(self, **kwargs):
        statuses = guide.edition_statuses()
        editions = {status.edition.language: status for status in statuses}
        language = self.request.GET.get("sprog", GuideLanguage.DANISH)
        if language not in editions:
            raise Http404(_("Guiden findes ikke på det sprog."))
        current = editions[language]
        section_rows = []
        for section in GuideSection.objects.prefetch_related("texts"):
            texts = {text.language: text for text in section.texts.all()}
            danish = texts.get(GuideLanguage.DANISH)
            languages = [
                (s.edition.language, s.edition.get_language_display(), s.edition.language in texts) for s in statuses
            ]
            section_rows.append({"section": section, "title": danish.title if danish else "", "languages": languages})
        return super().get_context_data(
            statuses=statuses,
            current=current,
            introduction=guide.render_markdown(current.edition.introduction),
            rendered=guide.rendered_sections(language),
            section_rows=section_rows,
            can_edit=self.request.user.has_perm(EDIT),
            **kwargs,
        )


class GuidePdfView(PermissionRequiredMixin, View):
    permission_required = "foraeldre.view_guidesection"

    def get(self, request, language):
        try:
            pdf = guide.guide_pdf(language=language)
        except guide.GuideNotReady as problem:
            raise Http404(str(problem)) from None
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{guide.guide_filename(language)}"'
        return response


class GuideSectionCreateView(PermissionRequiredMixin, View):
    """A new section, written in Danish."""

    permission_required = ("foraeldre.view_guidesection", EDIT)
    template_name = "foraeldre/guide_section_form.html"

    def get(self, request):
        return self.render(GuideSectionTextForm())

    def post(self, request):
        form = GuideSectionTextForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        services.guide_section_create(
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            position=form.cleaned_data["position"],
            by=request.user,
        )
        messages.success(request, _("Afsnittet er oprettet."))
        return redirect(guide_url())

    def render(self, form):
        context = {"form": form, "language": GuideLanguage.DANISH, "language_label": GuideLanguage.DANISH.label}
        return render(self.request, self.template_name, context)


class GuideSectionTextView(PermissionRequiredMixin, View):
    """A section's text in one language: the Danish original or a translation of it."""

    permission_required = ("foraeldre.view_guidesection", EDIT)
    template_name = "foraeldre/guide_section_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():  # 403 (or the login page) before looking anything up
            return self.handle_no_permission()
        self.section = get_object_or_404(GuideSection, pk=kwargs["pk"])
        self.edition = get_object_or_404(GuideEdition, language=kwargs["language"])
        self.text = GuideSectionText.objects.filter(section=self.section, language=self.edition.language).first()
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return GuideSectionTextForm(data, instance=self.text, section=self.section, language=self.edition.language)

    def get(self, request, pk, language):
        return self.render(self.form())

    def post(self, request, pk, language):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        if self.edition.is_danish and form.cleaned_data.get("position") is not None:
            services.guide_section_update(section=self.section, position=form.cleaned_data["position"])
        services.guide_section_text_save(
            section=self.section,
            language=self.edition.language,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            by=request.user,
        )
        messages.success(request, _("Afsnittet er gemt."))
        return redirect(guide_url(self.edition.language))

    def render(self, form):
        danish = None
        if not self.edition.is_danish:
            danish = GuideSectionText.objects.filter(section=self.section, language=GuideLanguage.DANISH).first()
        context = {
            "form": form,
            "section": self.section,
            "language": self.edition.language,
            "language_label": self.edition.get_language_display(),
            "danish": danish,
            "danish_html": guide.render_markdown(danish.body) if danish else "",
        }
        return render(self.request, self.template_name, context)


class GuideSectionDeleteView(PermissionRequiredMixin, DeleteView):
    permission_required = ("foraeldre.view_guidesection", EDIT)
    model = GuideSection
    template_name = "foraeldre/guide_section_confirm_delete.html"
    context_object_name = "section"

    def get_context_data(self, **kwargs):
        danish = self.object.texts.filter(language=GuideLanguage.DANISH).first()
        return super().get_context_data(danish=danish, **kwargs)

    def form_valid(self, form):
        services.guide_section_delete(section=self.object)
        messages.success(self.request, _("Afsnittet er slettet på alle sprog."))
        return redirect(guide_url())


class GuideEditionView(PermissionRequiredMixin, View):
    """Create an edition in a new language (no language in the URL) or change one's title and introduction."""

    permission_required = ("foraeldre.view_guidesection", EDIT)
    template_name = "foraeldre/guide_edition_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        language = kwargs.get("language")
        self.edition = get_object_or_404(GuideEdition, language=language) if language else None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, language=None):
        return self.render(GuideEditionForm(instance=self.edition))

    def post(self, request, language=None):
        form = GuideEditionForm(request.POST, instance=self.edition)
        if not form.is_valid():
            return self.render(form)
        language = self.edition.language if self.edition else form.cleaned_data["language"]
        try:
            edition = services.guide_edition_save(
                language=language, title=form.cleaned_data["title"], introduction=form.cleaned_data["introduction"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form)
        messages.success(request, _("Guiden på %(language)s er gemt.") % {"language": edition.get_language_display()})
        return redirect(guide_url(edition.language))

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "edition": self.edition})
