"""The reporting app's pages, by area."""

from .dashboard import KpiDefinitionsView, KpiOverviewView
from .guides import (
    IndustryGuideDownloadView,
    IndustryGuideLinkView,
    IndustryGuideListView,
    IndustryGuidePublicView,
    IndustryGuideRegenerateView,
    IndustryGuideUpdateView,
)
from .projects import (
    DeliverableCreateView,
    DeliverableDeleteView,
    DeliverableUpdateView,
    ProjectCreateView,
    ProjectDetailView,
    ProjectListView,
    ProjectUpdateView,
)
from .reports import (
    FundReportCreateView,
    FundReportDetailView,
    FundReportDownloadView,
    FundReportListView,
    FundReportRetryView,
)
from .uploads import ImportBatchDetailView, ImportConfirmView, ImportDiscardView, ImportTemplateView, ImportUploadView

__all__ = [
    "DeliverableCreateView",
    "DeliverableDeleteView",
    "DeliverableUpdateView",
    "FundReportCreateView",
    "FundReportDetailView",
    "FundReportDownloadView",
    "FundReportListView",
    "FundReportRetryView",
    "ImportBatchDetailView",
    "ImportConfirmView",
    "ImportDiscardView",
    "ImportTemplateView",
    "ImportUploadView",
    "IndustryGuideDownloadView",
    "IndustryGuideLinkView",
    "IndustryGuideListView",
    "IndustryGuidePublicView",
    "IndustryGuideRegenerateView",
    "IndustryGuideUpdateView",
    "KpiDefinitionsView",
    "KpiOverviewView",
    "ProjectCreateView",
    "ProjectDetailView",
    "ProjectListView",
    "ProjectUpdateView",
]
