"""All writes of the Talentværksted. Views, imports and demo data call these, never .save() directly."""

from .courses import (
    COURSE_FIELDS,
    SESSION_FIELDS,
    course_copy,
    course_create,
    course_delete,
    course_update,
    session_create,
    session_create_weekly,
    session_delete,
    session_update,
)
from .cv import CV_FIELDS, EXPERIENCE_FIELDS, REFERENCE_FIELDS, cv_for, cv_save
from .enrollments import (
    attendance_set,
    enrollment_complete,
    enrollment_complete_proposed,
    enrollment_create,
    enrollment_drop,
    enrollment_record_history,
    enrollment_remove,
    fill_free_seats,
    waiting_position,
)
from .pdf import cv_pdf, cv_pdf_for_company, diploma_pdf

__all__ = [
    "COURSE_FIELDS",
    "CV_FIELDS",
    "EXPERIENCE_FIELDS",
    "REFERENCE_FIELDS",
    "SESSION_FIELDS",
    "attendance_set",
    "course_copy",
    "course_create",
    "course_delete",
    "course_update",
    "cv_for",
    "cv_pdf",
    "cv_pdf_for_company",
    "cv_save",
    "diploma_pdf",
    "enrollment_complete",
    "enrollment_complete_proposed",
    "enrollment_create",
    "enrollment_drop",
    "enrollment_record_history",
    "enrollment_remove",
    "fill_free_seats",
    "session_create",
    "session_create_weekly",
    "session_delete",
    "session_update",
    "waiting_position",
]
