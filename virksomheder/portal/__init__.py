"""The company portal (virksomhedsportal, issue 16): a company's contact person signs in with a one-time
link sent to their e-mail and sees only their own company: its openings, the candidates a consultant
sent (as far as the consent to share with the company allows, on the day) and the follow-ups.

- services.py: invitations, login links, the contact's writes (openings, candidates' outcomes);
- selectors.py: the portal's only ways to the company's rows (everything else answers 404);
- views.py, forms.py, urls.py: the pages (namespace virksomheder:portal).
"""
