"""The shared base layer: machinery every app stands on, knowing no app.

Here: exports (CSV/XLSX), the import machinery, the KPI types and window, the
registries apps fill from their own modules (menu, case-page panels, timeline),
the shared view mixins, the audit entry points, the consent question, and Danish
formatting. Nothing here imports an app of this project; import-linter checks it
(pyproject.toml, [tool.importlinter]).
"""
