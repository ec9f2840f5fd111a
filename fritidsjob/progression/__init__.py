"""Progression (issue 18): short questionnaires the young person answers at a leisure job's milestones.

The models live with the youth case (they are the young person's answers); the reminder rules
that ask at each milestone live in the apps that own the milestone (opgaver: start and case
closed, talentvaerksted: course completed, virksomheder: three and six months in a job), and
the dashboard's figures in rapporter, which reads them through this package's selectors.
"""
