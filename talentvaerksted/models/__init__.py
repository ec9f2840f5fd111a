from .courses import (
    OPEN_STATUSES,
    SEAT_STATUSES,
    Attendance,
    AttendanceStatus,
    Course,
    CourseKind,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
    Topic,
    meets_rule,
)
from .cv import CV, MAX_EXPERIENCES, MAX_REFERENCES, CVExperience, CVReference, ExperienceKind

__all__ = [
    "CV",
    "MAX_EXPERIENCES",
    "MAX_REFERENCES",
    "OPEN_STATUSES",
    "SEAT_STATUSES",
    "Attendance",
    "AttendanceStatus",
    "CVExperience",
    "CVReference",
    "Course",
    "CourseKind",
    "CourseSession",
    "Enrollment",
    "EnrollmentStatus",
    "ExperienceKind",
    "Topic",
    "meets_rule",
]
