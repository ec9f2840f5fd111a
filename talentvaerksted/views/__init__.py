from .courses import (
    CourseCopyView,
    CourseCreateView,
    CourseDeleteView,
    CourseDetailView,
    CourseListView,
    CourseUpdateView,
)
from .cv import CVEditView, CVPdfForCompanyView, CVPdfView
from .enrollments import (
    CompleteProposedView,
    DiplomaView,
    EnrollmentCompleteView,
    EnrollmentDropView,
    EnrollmentReminderView,
    EnrollmentRemoveView,
    EnrollView,
)
from .sessions import AttendanceSetView, RollCallView, SessionCreateView, SessionDeleteView, SessionUpdateView

__all__ = [
    "AttendanceSetView",
    "CVEditView",
    "CVPdfForCompanyView",
    "CVPdfView",
    "CompleteProposedView",
    "CourseCopyView",
    "CourseCreateView",
    "CourseDeleteView",
    "CourseDetailView",
    "CourseListView",
    "CourseUpdateView",
    "DiplomaView",
    "EnrollView",
    "EnrollmentCompleteView",
    "EnrollmentDropView",
    "EnrollmentReminderView",
    "EnrollmentRemoveView",
    "RollCallView",
    "SessionCreateView",
    "SessionDeleteView",
    "SessionUpdateView",
]
