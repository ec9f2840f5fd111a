from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.audit import RecordsAccessMixin
from fritidsjob import selectors as case_selectors

from .. import selectors, services
from ..forms import CVForm, ExperienceFormSet, ReferenceFormSet, formset_items
from .enrollments import file_slug, pdf_response


class CVMixin(RecordsAccessMixin, PermissionRequiredMixin):
    youth = cv = None

    def get_youth(self):
        # The case scope decides whose CV staff may see (404 outside it).
        self.youth = get_object_or_404(case_selectors.youth_for_case_page(user=self.request.user), pk=self.kwargs["pk"])
        return self.youth

    def accessed_record(self):
        # A CV not yet written is no record of its own: the page is still about the young person.
        return self.cv if self.cv and self.cv.pk else self.youth


class CVEditView(CVMixin, View):
    """The CV builder: written with the young person in the workshop."""

    permission_required = ("fritidsjob.view_youth", "talentvaerksted.view_cv", "talentvaerksted.change_cv")
    template_name = "talentvaerksted/cv_form.html"

    def _forms(self, cv, data=None):
        experiences = (
            [{"id": e.pk, **{f: getattr(e, f) for f in services.EXPERIENCE_FIELDS}} for e in cv.experiences.all()]
            if cv.pk
            else []
        )
        references = (
            [{"id": r.pk, **{f: getattr(r, f) for f in services.REFERENCE_FIELDS}} for r in cv.references.all()]
            if cv.pk
            else []
        )
        return (
            CVForm(data, instance=cv),
            ExperienceFormSet(data, initial=experiences, prefix="erfaring"),
            ReferenceFormSet(data, initial=references, prefix="reference"),
        )

    def render(self, youth, cv, form, experiences, references):
        context = {"youth": youth, "cv": cv, "form": form, "experiences": experiences, "references": references}
        return render(self.request, self.template_name, context)

    def get(self, request, pk):
        youth = self.get_youth()
        cv = self.cv = services.cv_for(youth=youth)
        return self.render(youth, cv, *self._forms(cv))

    def post(self, request, pk):
        youth = self.get_youth()
        cv = self.cv = services.cv_for(youth=youth)
        form, experiences, references = self._forms(cv, request.POST)
        if form.is_valid() and experiences.is_valid() and references.is_valid():
            try:
                with transaction.atomic():
                    services.cv_save(
                        cv=cv,
                        data={f: form.cleaned_data[f] for f in services.CV_FIELDS},
                        experiences=formset_items(experiences),
                        references=formset_items(references),
                        updated_by=request.user,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("CV'et er gemt."))
                return redirect("talentvaerksted:cv_edit", youth.pk)
        return self.render(youth, cv, form, experiences, references)


class CVPdfView(CVMixin, View):
    permission_required = ("fritidsjob.view_youth", "talentvaerksted.view_cv")

    def get(self, request, pk):
        youth = self.get_youth()
        cv = self.cv = selectors.cv_of(youth=youth)
        if cv is None:
            raise Http404(_("Der er ikke skrevet et CV endnu."))
        return pdf_response(services.cv_pdf(cv=cv), f"cv-{file_slug(youth.full_name)}.pdf")


class CVPdfForCompanyView(CVMixin, View):
    """The CV to send to a company: refused, with the consent's Danish message, without the consent today."""

    permission_required = ("fritidsjob.view_youth", "talentvaerksted.view_cv")

    def get(self, request, pk):
        youth = self.get_youth()
        cv = self.cv = selectors.cv_of(youth=youth)
        if cv is None:
            raise Http404(_("Der er ikke skrevet et CV endnu."))
        try:
            pdf = services.cv_pdf_for_company(cv=cv)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("talentvaerksted:cv_edit", youth.pk)
        return pdf_response(pdf, f"cv-{file_slug(youth.full_name)}.pdf")
