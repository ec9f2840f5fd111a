from django.contrib import admin

from .models import Deliverable, ExportRecord, FundReport, ImportBatch, IndustryGuide, Project, ProjectChange


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "funder", "start", "end"]
    prepopulated_fields = {"slug": ["name"]}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: shown, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProjectChange)
class ProjectChangeAdmin(ReadOnlyAdmin):
    list_display = ["project", "what", "old_value", "new_value", "changed_by", "changed_at"]
    list_filter = ["project"]


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    list_display = ["exported_at", "user", "name", "file_format", "row_count", "personal_data", "query"]
    list_filter = ["personal_data", "name"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["uploaded_at", "kind", "filename", "status", "uploaded_by", "finished_at"]
    list_filter = ["kind", "status"]
    exclude = ["file"]


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "status", "due_date", "delivered_on"]
    list_filter = ["project", "kind", "status"]


@admin.register(FundReport)
class FundReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "as_of", "status", "scheduled", "requested_at", "emailed_at"]


@admin.register(IndustryGuide)
class IndustryGuideAdmin(ReadOnlyAdmin):
    list_display = ["industry", "content_version", "pdf_status", "pdf_generated_at"]
