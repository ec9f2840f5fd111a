"""The roles (Django groups) and what each may do: the one place for the role matrix.

Views check these permissions (PermissionRequiredMixin); the groups are
synchronised with this table after every migrate.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

JOBCENTER_CONSULTANT = "Jobcenterkonsulent"
YOUTH_SCHOOL = "Ungdomsskole"
PROJECT_LEADER = "Projektleder"
FUNDER = "Fond"
MENTOR = "Mentor"
# A company's contact person in the company portal (virksomheder.portal): signs in with one-time e-mail links.
COMPANY_CONTACT = "Virksomhedskontakt"
ADMINISTRATOR = "Administrator"
# The municipality's data protection officer: reads the access log, nothing else (no case, no list).
DATA_PROTECTION_OFFICER = "Databeskyttelsesrådgiver"
# The programme's own staff: with single sign-on they sign in through the municipality's login.
# Mentors and the funder are external and always use a local password.
STAFF_ROLES = [JOBCENTER_CONSULTANT, YOUTH_SCHOOL, PROJECT_LEADER, ADMINISTRATOR, DATA_PROTECTION_OFFICER]

CASEWORK = [
    "fritidsjob.view_youth",
    "fritidsjob.add_youth",
    "fritidsjob.change_youth",
    "fritidsjob.view_journalentry",
    "fritidsjob.add_journalentry",
    # Asking for a person to be anonymised; a project leader or administrator approves (fritidsjob/erasure.py).
    "fritidsjob.request_anonymisation",
    # Progression (issue 18): the young person answers with staff; the consultant's note.
    "fritidsjob.view_progressionresponse",
    "fritidsjob.add_progressionresponse",
    "fritidsjob.change_progressionresponse",
]
REPORTING = ["rapporter.view_kpi", "rapporter.view_kpi_definitions", "rapporter.view_fundreport"]
# Staff read the KPI definitions and use the industry guides; the project leader steers the project.
STAFF_REPORTING = ["rapporter.view_kpi_definitions", "rapporter.view_industryguide"]
PROJECT_STEERING = [
    *REPORTING,
    "rapporter.view_industryguide",
    "rapporter.import_data",
    "rapporter.view_project",
    "rapporter.add_project",
    "rapporter.change_project",
    "rapporter.add_deliverable",
    "rapporter.change_deliverable",
    "rapporter.delete_deliverable",
    "rapporter.add_fundreport",
    "rapporter.change_industryguide",
]
# Running Talentværksted courses: sessions, enrollments, roll call, completion, diplomas and CVs.
TALENTVAERKSTED = [
    "talentvaerksted.view_course",
    "talentvaerksted.add_course",
    "talentvaerksted.change_course",
    "talentvaerksted.view_coursesession",
    "talentvaerksted.add_coursesession",
    "talentvaerksted.change_coursesession",
    "talentvaerksted.delete_coursesession",
    "talentvaerksted.view_enrollment",
    "talentvaerksted.add_enrollment",
    "talentvaerksted.change_enrollment",
    "talentvaerksted.delete_enrollment",
    "talentvaerksted.view_attendance",
    "talentvaerksted.add_attendance",
    "talentvaerksted.change_attendance",
    "talentvaerksted.view_cv",
    "talentvaerksted.add_cv",
    "talentvaerksted.change_cv",
]

# Parents, consent, parent contacts, information events; reading and printing the parents' guide.
PARENT_WORK = [
    "foraeldre.view_parent",
    "foraeldre.add_parent",
    "foraeldre.change_parent",
    "foraeldre.view_consent",
    "foraeldre.add_consent",
    "foraeldre.change_consent",
    "foraeldre.view_parentcontact",
    "foraeldre.add_parentcontact",
    "foraeldre.change_parentcontact",
    "foraeldre.view_informationevent",
    "foraeldre.add_informationevent",
    "foraeldre.change_informationevent",
    "foraeldre.view_guidesection",
    # Sign-ups from the public page (the intake queue) and digital consent requests (issue 17).
    "foraeldre.view_signup",
    "foraeldre.change_signup",
    "foraeldre.add_consentrequest",
]
GUIDE_EDITING = ["foraeldre.edit_guide"]

# Companies, guidance, network meetings, job openings, matching, placements and their follow-ups.
VIRKSOMHEDER = [
    "virksomheder.view_company",
    "virksomheder.add_company",
    "virksomheder.change_company",
    "virksomheder.add_contactperson",
    "virksomheder.change_contactperson",
    "virksomheder.view_guidance",
    "virksomheder.add_guidance",
    "virksomheder.change_guidance",
    "virksomheder.view_networkmeeting",
    "virksomheder.add_networkmeeting",
    "virksomheder.change_networkmeeting",
    "virksomheder.view_jobopening",
    "virksomheder.add_jobopening",
    "virksomheder.change_jobopening",
    "virksomheder.view_match",
    "virksomheder.add_match",
    "virksomheder.change_match",
    "virksomheder.view_placement",
    "virksomheder.add_placement",
    "virksomheder.change_placement",
    "virksomheder.view_followup",
    "virksomheder.change_followup",
]
# Coordinating volunteer business mentors: mentors and their vetting, matching, relationships, sessions.
MENTOR_COORDINATION = [
    "mentorer.view_mentor",
    "mentorer.add_mentor",
    "mentorer.change_mentor",
    "mentorer.view_mentorrelationship",
    "mentorer.add_mentorrelationship",
    "mentorer.change_mentorrelationship",
    "mentorer.view_mentorsession",
    "mentorer.add_mentorsession",
]
# The mentor portal: a mentor's own mentees and sessions, nothing else.
MENTOR_PORTAL = ["mentorer.use_portal"]
# The company portal: the contact's own company, its openings, candidates and follow-ups, nothing else.
COMPANY_PORTAL = ["virksomheder.use_portal"]

# Mine opgaver: own tasks, and the send log of messages one answers for.
TASKS = [
    "opgaver.view_task",
    "opgaver.add_task",
    "opgaver.change_task",
    "opgaver.change_delivery",
    # Issue 19: an SMS or e-mail to the young person or a parent, from the case page.
    "opgaver.send_case_message",
]
# The team leader: everyone's overdue and unassigned tasks, the health page, every failed send.
TEAM_LEAD = ["opgaver.view_team_tasks", "opgaver.view_health"]

# What every staff member of the programme does, whatever their employer.
STAFF_WORK = [
    *CASEWORK,
    *TALENTVAERKSTED,
    *PARENT_WORK,
    *VIRKSOMHEDER,
    *MENTOR_COORDINATION,
    *TASKS,
    *STAFF_REPORTING,
]
# What the project leader and the administrator add to that.
LEADERSHIP = [
    "fritidsjob.view_audit_trail",
    # Approving anonymisation, the retention overview and keeping a case past its date.
    "fritidsjob.approve_anonymisation",
    # A family's right of access (art. 15): the indsigt package of a young person or a parent.
    "fritidsjob.produce_insight",
    # The progression questionnaires' statements (issue 18).
    "fritidsjob.view_questionnaire",
    "fritidsjob.change_questionnaire",
    *PROJECT_STEERING,
    "talentvaerksted.delete_course",
    *GUIDE_EDITING,
    *TEAM_LEAD,
    # The table of CVR industry codes to the configured industries (virksomheder/cvr.py).
    "virksomheder.change_industrycodemapping",
    # The "what the programme is" text on the company portal's company page.
    "virksomheder.change_programmetext",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    JOBCENTER_CONSULTANT: STAFF_WORK,
    YOUTH_SCHOOL: STAFF_WORK,
    PROJECT_LEADER: [*STAFF_WORK, *LEADERSHIP],
    # The funder sees aggregated figures and reports, never a person.
    FUNDER: REPORTING,
    # The mentor portal only: mentors get their own views, never case files, lists or reports.
    MENTOR: MENTOR_PORTAL,
    COMPANY_CONTACT: COMPANY_PORTAL,
    ADMINISTRATOR: [
        *STAFF_WORK,
        *LEADERSHIP,
        "fritidsjob.delete_youth",
        # Inviting staff and resetting a user's second factor (fritidsjob/accounts.py).
        "fritidsjob.manage_users",
        # The reminder rules' on/off switches and lead times, in the Django admin.
        "opgaver.view_reminderrule",
        "opgaver.change_reminderrule",
        # Sign-ins, lockouts, passwords, second factors and roles (fritidsjob/security.py).
        "fritidsjob.view_security_log",
        # The access log a data protection officer reads, with the daily flags of unusual access.
        "fritidsjob.view_access_log",
        # Lifting a lockout before its time: delete the attempt in the Django admin (django-axes).
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
    # Who opened whose data, when and why, and the flags of unusual access (fritidsjob/access_log.py).
    DATA_PROTECTION_OFFICER: ["fritidsjob.view_access_log"],
}

ROLE_DESCRIPTIONS = {
    JOBCENTER_CONSULTANT: _("Arbejder med de unges sager, virksomheder og job."),
    YOUTH_SCHOOL: _("Arbejder med de unges sager og Talentværkstedet."),
    PROJECT_LEADER: _("Styrer indsatsen, ser nøgletal og revisionsspor."),
    FUNDER: _("Ser samlede nøgletal og rapporter, aldrig personoplysninger."),
    MENTOR: _("Erhvervsmentor: ser kun egne mentees i mentorportalen."),
    COMPANY_CONTACT: _("Kontaktperson i en virksomhed: ser kun egen virksomhed i virksomhedsportalen."),
    ADMINISTRATOR: _("Administrerer brugere, roller og data."),
    DATA_PROTECTION_OFFICER: _("Databeskyttelsesrådgiver: ser adgangsloggen, ikke sagerne."),
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sync_groups() -> None:
    """Create the role groups and set exactly the permissions the table gives them."""
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in permissions])


def sync_groups_after_migrate(**kwargs) -> None:
    # post_migrate is sent once per app; the permissions named in the table
    # exist only once every app they belong to has had its turn.
    wanted = {p for perms in ROLE_PERMISSIONS.values() for p in perms}
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    if wanted <= existing:
        sync_groups()


@transaction.atomic
def user_roles_set(*, user, roles: Iterable[str], source: str) -> bool:
    """Give `user` exactly these roles (groups from the table; other groups stay), audited.

    The one way a sign-in changes roles: single sign-on calls it with the roles its groups map
    to, every time, so a group removed in the identity provider is a role removed here. The
    Django admin (is_staff) follows the Administrator role. Returns whether anything changed.
    """
    from core.audit import record_change

    wanted = set(roles)
    unknown = wanted - set(ROLE_PERMISSIONS)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    before = set(user.groups.filter(name__in=ROLE_PERMISSIONS).values_list("name", flat=True))
    if before != wanted:
        user.groups.remove(*Group.objects.filter(name__in=before - wanted))
        user.groups.add(*Group.objects.filter(name__in=wanted - before))
        record_change(user, changes={"roles": [", ".join(sorted(before)), ", ".join(sorted(wanted))]}, source=source)
    if user.is_staff != (ADMINISTRATOR in wanted):
        user.is_staff = ADMINISTRATOR in wanted
        user.save(update_fields=["is_staff"])
    return before != wanted
