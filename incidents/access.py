"""Who may see and change which incident. Views never query Incident.objects directly."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import WRITER_ROLES, Incident, Role


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_crisis_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._crisis_roles = cached
    return cached


def can_write(user) -> bool:
    """Crisis team members and VIC staff create and edit; Bestuurders only read."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & {role.value for role in WRITER_ROLES})


def incident_writers(incident: Incident) -> QuerySet:
    """The members who may change the incident: the same rule as can_write, as a query."""
    writer_roles = [role.value for role in WRITER_ROLES]
    return (
        incident.members.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=writer_roles))
        .distinct()
    )


def can_read(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & {role.value for role in Role})


def incidents_for_user(user) -> QuerySet[Incident]:
    if not can_read(user):
        return Incident.objects.none()
    if user.is_superuser:
        return Incident.objects.all()
    return Incident.objects.filter(membership__user=user)


def get_incident_for_user(user, pk, *, write: bool = False) -> Incident:
    """The incident, or 404 when the user is not a member (no hint it exists), or 403
    when a read-only user asks to change it."""
    try:
        pk = int(pk)
    except (ValueError, TypeError):
        raise Http404 from None
    # Only "no such row" is a 404: an error reading the row must not hide it from its members.
    try:
        incident = incidents_for_user(user).get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404 from None
    if write and not can_write(user):
        raise PermissionDenied
    return incident


def _versions_sql(superuser: bool) -> str:
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from .models import Membership

    q = connection.ops.quote_name
    incidents, members = q(Incident._meta.db_table), q(Membership._meta.db_table)
    user_groups, groups = q(User.groups.through._meta.db_table), q(Group._meta.db_table)

    def has_role(count: int) -> str:
        names = ", ".join(["%s"] * count)
        return (
            f"EXISTS (SELECT 1 FROM {user_groups} ug JOIN {groups} g ON g.id = ug.group_id "  # noqa: S608 - model table names; values are parameters
            f"WHERE ug.user_id = %s AND g.name IN ({names}))"
        )

    member = "" if superuser else f" JOIN {members} m ON m.incident_id = i.id AND m.user_id = %s"
    return (
        f"SELECT i.id, i.version, i.part_versions, i.created_at, "  # noqa: S608 - as above
        f"{has_role(len(Role))} AS reader, {has_role(len(WRITER_ROLES))} AS writer "
        f"FROM {incidents} i{member} WHERE i.id = %s"
    )


def incident_versions_for_user(user, pk) -> tuple[Incident, bool]:
    """(incident with only its versions and creation time, may the user write), one query.

    For the tile view's cached path (incidents/tile_cache.py): it answers 404 exactly when
    get_incident_for_user would, and "may write" by can_write's rule, without loading the
    incident's row or the user's roles in queries of their own (one raw query: this runs for
    every tile request of every viewer; tests/incidents/test_tile_cache.py compares the rules).
    """
    try:
        pk = int(pk)
    except (ValueError, TypeError):
        raise Http404 from None
    if not user.is_authenticated or not user.is_active:
        raise Http404
    params = [user.pk, *[role.value for role in Role], user.pk]
    params += [role.value for role in WRITER_ROLES]
    params += [pk] if user.is_superuser else [user.pk, pk]
    rows = list(Incident.objects.raw(_versions_sql(user.is_superuser), params))
    if not rows or not (user.is_superuser or rows[0].reader):
        raise Http404
    return rows[0], bool(user.is_superuser or rows[0].writer)


def incident_pulse_for_user(user, pk) -> tuple[int, dict]:
    """incident_version_for_user plus the part versions, in the same one query."""
    incidents = Incident.objects.filter(pk=pk)
    if not user.is_superuser:
        incidents = incidents.filter(membership__user=user)
    row = incidents.values_list("version", "part_versions").first()
    if row is None:
        raise Http404
    return row[0], row[1] or {}


def incident_version_for_user(user, pk) -> int:
    """The live poll's one query: the version of an incident the user is a member of.

    It reveals nothing but a counter, so membership alone is checked (no role lookup); a
    non-member gets 404 like everywhere else.
    """
    incidents = Incident.objects.filter(pk=pk)
    if not user.is_superuser:
        incidents = incidents.filter(membership__user=user)
    version = incidents.values_list("version", flat=True).first()
    if version is None:
        raise Http404
    return version


def reader_clearance(user, incident: Incident) -> str:
    """The highest TLP label this user may read in this incident: every page, tile, partial,
    export and mail preview filters on it (incidents.tlp.visible_at / tlps_visible_at).

    Until memberships carry their own clearance every member reads up to TLP:RED; callers
    must go through this function so that a per-member clearance changes one place.
    """
    from .tlp import TLP

    return TLP.RED
