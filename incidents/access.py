"""Who may see and change which incident. Views never query Incident.objects directly."""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import WRITER_ROLES, Incident, Membership, Role
from .tlp import TLP, visible_at


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


def _live_membership(user, prefix: str = "membership__") -> Q:
    """A membership of this user that still counts: not revoked, access not expired (a
    partner guest's limits; other members have neither). Checked on every request, so a
    revocation takes effect at the next one."""
    return (
        Q(**{f"{prefix}user": user})
        & Q(**{f"{prefix}revoked_at__isnull": True})
        & (
            Q(**{f"{prefix}access_until__isnull": True})
            | Q(**{f"{prefix}access_until__gt": timezone.now()})
        )
    )


def incidents_for_user(user) -> QuerySet[Incident]:
    if not can_read(user):
        return Incident.objects.none()
    if user.is_superuser:
        return Incident.objects.all()
    return Incident.objects.filter(_live_membership(user))


def _with_clearance(incidents: QuerySet, user) -> QuerySet:
    """The member's clearance in the same query as the incident (reader_clearance reads it)."""
    if user.is_superuser:
        return incidents
    own = Membership.objects.filter(incident=OuterRef("pk"), user=user)
    return incidents.annotate(
        _reader_clearance=Subquery(own.values("clearance")[:1]),
        _reader_partner=Subquery(own.filter(is_partner=True).values("organisation")[:1]),
    )


def get_incident_for_user(
    user, pk, *, write: bool = False, partner_may_write: bool = False
) -> Incident:
    """The incident, or 404 when the user is not a member (no hint it exists), or 403
    when a read-only user asks to change it. `partner_may_write`: a partner guest may do
    this write too (adding log lines)."""
    try:
        pk = int(pk)
    except (ValueError, TypeError):
        raise Http404 from None
    # Only "no such row" is a 404: an error reading the row must not hide it from its members.
    try:
        incident = _with_clearance(incidents_for_user(user), user).get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404 from None
    _remember_clearance(user, incident)
    guest_write = partner_may_write and is_partner(user, incident)
    if write and not can_write(user) and not guest_write:
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

    if superuser:
        member, reader_columns = "", "NULL AS _reader_clearance, '' AS _reader_partner"
    else:
        # The same live-membership rule as _live_membership: revoked or expired guests out.
        member = (
            f" JOIN {members} m ON m.incident_id = i.id AND m.user_id = %s"
            " AND m.revoked_at IS NULL AND (m.access_until IS NULL OR m.access_until > %s)"
        )
        reader_columns = (
            "m.clearance AS _reader_clearance, "
            "CASE WHEN m.is_partner THEN m.organisation ELSE '' END AS _reader_partner"
        )
    return (
        f"SELECT i.id, i.version, i.part_versions, i.created_at, {reader_columns}, "  # noqa: S608 - as above
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
    params += [pk] if user.is_superuser else [user.pk, timezone.now(), pk]
    rows = list(Incident.objects.raw(_versions_sql(user.is_superuser), params))
    if not rows or not (user.is_superuser or rows[0].reader):
        raise Http404
    _remember_clearance(user, rows[0])
    return rows[0], bool(user.is_superuser or rows[0].writer)


def incident_pulse_for_user(user, pk) -> tuple[int, dict]:
    """incident_version_for_user plus the part versions, in the same one query."""
    incidents = Incident.objects.filter(pk=pk)
    if not user.is_superuser:
        incidents = incidents.filter(_live_membership(user))
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
        incidents = incidents.filter(_live_membership(user))
    version = incidents.values_list("version", flat=True).first()
    if version is None:
        raise Http404
    return version


def _remember_clearance(user, incident: Incident) -> None:
    clearance = getattr(incident, "_reader_clearance", None)
    if clearance is not None and user.is_authenticated:
        _clearance_cache(user)[incident.pk] = clearance
        _partner_cache(user)[incident.pk] = getattr(incident, "_reader_partner", None) or ""


def _partner_cache(user) -> dict:
    cache = getattr(user, "_crisis_partner_of", None)
    if cache is None:
        cache = user._crisis_partner_of = {}
    return cache


def partner_organisation(user, incident: Incident) -> str:
    """The organisation a partner guest of this incident comes from; "" for everyone else.
    Read with the incident by get_incident_for_user, so usually no query."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return ""
    cache = _partner_cache(user)
    if incident.pk not in cache:
        cache[incident.pk] = (
            Membership.objects.filter(incident_id=incident.pk, user=user, is_partner=True)
            .values_list("organisation", flat=True)
            .first()
            or ""
        )
    return cache[incident.pk]


def is_partner(user, incident: Incident) -> bool:
    """A partner guest (samenwerkingsprofiel) in this incident: never sees the member list,
    the audit trail or "wie is wie"."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return False
    if Role.PARTNER.value in user_roles(user):
        return True
    return bool(partner_organisation(user, incident))


def _clearance_cache(user) -> dict:
    cache = getattr(user, "_crisis_clearances", None)
    if cache is None:
        cache = user._crisis_clearances = {}
    return cache


def reader_clearance(user, incident: Incident) -> str:
    """The highest TLP label this user may read in this incident: every page, tile, partial,
    export and mail preview filters on it (incidents.tlp.visible_at / tlps_visible_at).

    Superusers read everything (TLP:RED); a member reads up to `Membership.clearance`;
    anyone else nothing above TLP:CLEAR. No query per call: get_incident_for_user fetches
    the clearance with the incident, and the answer is kept on the user object for the
    request (like user_roles), so twenty tiles cost no query at all.
    """
    if not user.is_authenticated:
        return TLP.CLEAR
    if user.is_superuser:
        return TLP.RED
    cache = _clearance_cache(user)
    if incident.pk not in cache:
        annotated = getattr(incident, "_reader_clearance", None)
        if annotated is None:
            annotated = (
                Membership.objects.filter(incident_id=incident.pk, user=user)
                .values_list("clearance", flat=True)
                .first()
            )
        cache[incident.pk] = annotated or TLP.CLEAR
    return cache[incident.pk]


def capped_to_clearance(user, incident: Incident, requested: str | None) -> str:
    """An audience TLP a reader asked for (a brief, a sitrep preview), never above their own
    clearance; no (or a garbled) request means the incident's TLP, capped the same way."""
    clearance = reader_clearance(user, incident)
    value = requested if requested in TLP.values else incident.tlp
    return value if visible_at(value, clearance) else clearance


def audience_above_clearance_error(user, incident: Incident, audience: str) -> str | None:
    """A Dutch message when a reader asks to produce something for an audience above their
    own clearance (a sitrep); None when it is allowed."""
    clearance = reader_clearance(user, incident)
    if audience in TLP.values and visible_at(audience, clearance):
        return None
    return _(
        "U kunt niets maken voor een doelgroep boven uw eigen rubricering; u ziet informatie "
        "tot en met %(tlp)s."
    ) % {"tlp": TLP(clearance).label}
