from django.urls import path

from . import views

app_name = "rapporter"

urlpatterns = [
    path("noegletal/", views.KpiOverviewView.as_view(), name="kpi_overview"),
    path("noegletal/definitioner/", views.KpiDefinitionsView.as_view(), name="kpi_definitions"),
    path("indsatser/", views.ProjectListView.as_view(), name="project_list"),
    path("indsatser/ny/", views.ProjectCreateView.as_view(), name="project_create"),
    path("indsatser/<slug:slug>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("indsatser/<slug:slug>/rediger/", views.ProjectUpdateView.as_view(), name="project_update"),
    path("indsatser/<slug:slug>/leverancer/ny/", views.DeliverableCreateView.as_view(), name="deliverable_create"),
    path("indsatser/<slug:slug>/statusrapport/ny/", views.FundReportCreateView.as_view(), name="report_create"),
    path("leverancer/<int:pk>/rediger/", views.DeliverableUpdateView.as_view(), name="deliverable_update"),
    path("leverancer/<int:pk>/slet/", views.DeliverableDeleteView.as_view(), name="deliverable_delete"),
    path("statusrapporter/", views.FundReportListView.as_view(), name="report_list"),
    path("statusrapporter/<int:pk>/", views.FundReportDetailView.as_view(), name="report_detail"),
    path("statusrapporter/<int:pk>/proev-igen/", views.FundReportRetryView.as_view(), name="report_retry"),
    path("statusrapporter/<int:pk>/hent/", views.FundReportDownloadView.as_view(), name="report_download"),
    path("brancheguider/", views.IndustryGuideListView.as_view(), name="guide_list"),
    path("brancheguider/<int:industry_pk>/rediger/", views.IndustryGuideUpdateView.as_view(), name="guide_update"),
    path("brancheguider/<int:pk>/lav-igen/", views.IndustryGuideRegenerateView.as_view(), name="guide_regenerate"),
    path("brancheguider/<int:pk>/hent/", views.IndustryGuideDownloadView.as_view(), name="guide_download"),
    path("brancheguider/<int:pk>/nyt-link/", views.IndustryGuideLinkView.as_view(), name="guide_link_rotate"),
    path(
        "brancheguider/<int:pk>/luk-link/", views.IndustryGuideLinkView.as_view(revoke=True), name="guide_link_revoke"
    ),
    # The link for companies: no login, the unguessable token is the access.
    path("brancheguide/<uuid:token>/", views.IndustryGuidePublicView.as_view(), name="guide_public"),
    path("import/", views.ImportUploadView.as_view(), name="import_upload"),
    path("import/skabelon/<slug:kind>/", views.ImportTemplateView.as_view(), name="import_template"),
    path("import/<int:pk>/", views.ImportBatchDetailView.as_view(), name="import_detail"),
    path("import/<int:pk>/importer/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/<int:pk>/forkast/", views.ImportDiscardView.as_view(), name="import_discard"),
]
