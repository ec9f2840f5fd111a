"""All writes of the reporting app (split by area; import from here)."""

from .exports import export_record_create
from .figures import (
    figures_compute,
    figures_mark_stale,
    stored_figures,
    stored_figures_nightly,
    stored_figures_refresh,
)
from .guides import (
    industry_guide_generate,
    industry_guide_link_revoke,
    industry_guide_link_rotate,
    industry_guide_regenerate,
    industry_guide_save,
)
from .import_batches import (
    import_batch_check,
    import_batch_confirm,
    import_batch_create,
    import_batch_discard,
    import_batch_run,
    import_batches_discard_stale,
)
from .projects import (
    deliverable_create,
    deliverable_delete,
    deliverable_update,
    project_create,
    project_update,
    report_text_save,
)
from .reports import (
    fund_report_email,
    fund_report_generate,
    fund_report_request,
    fund_report_retry,
    quarterly_fund_reports_send,
)
from .sweep import stuck_jobs_sweep

__all__ = [
    "deliverable_create",
    "deliverable_delete",
    "deliverable_update",
    "export_record_create",
    "figures_compute",
    "figures_mark_stale",
    "fund_report_email",
    "fund_report_generate",
    "fund_report_request",
    "fund_report_retry",
    "import_batch_check",
    "import_batch_confirm",
    "import_batch_create",
    "import_batch_discard",
    "import_batch_run",
    "import_batches_discard_stale",
    "industry_guide_generate",
    "industry_guide_link_revoke",
    "industry_guide_link_rotate",
    "industry_guide_regenerate",
    "industry_guide_save",
    "project_create",
    "project_update",
    "quarterly_fund_reports_send",
    "report_text_save",
    "stored_figures",
    "stored_figures_nightly",
    "stored_figures_refresh",
    "stuck_jobs_sweep",
]
