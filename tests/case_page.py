"""The case page gathers every app's panel and timeline items.

Its query count is one figure for all apps; each app's test asserts that its
own records do not make it grow. When an app adds a panel or a timeline
provider, this number changes once, here.
"""

# session, user, permissions, the case, its industries, the audit entry, the
# journal form's choices, each app's panel and timeline provider (a fixed
# number each); progression, the messages sent from the case and the digital consent
# requests have panels too.
CASE_PAGE_QUERIES = 31
