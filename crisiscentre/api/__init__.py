"""The REST API under /api/v1/ (docs/architecture.md, "REST API").

Reads and writes go through the same access functions (incidents.access) and services as the
pages, so audit, incident_touch and live updates are the same; personal tokens live in
incidents.models.ApiToken and are managed on the profile page (crisiscentre/api/profile.py).
"""
