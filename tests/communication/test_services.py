"""Core message history, the message status flow, approval rights and the logbook entry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communication import services
from communication.access import approval_refusal
from communication.models import CoreMessage, Message
from incidents.models import AuditEvent, LogEntry
from incidents.services import StaleEdit

from .conftest import refreshed

pytestmark = pytest.mark.django_db

Status = Message.Status


# --- Core message -----------------------------------------------------------------------------


def test_every_core_message_change_is_a_new_row_with_author_and_time(
    incident, vic_user, crisis_user
):
    first = services.core_message_set(incident=incident, actor=vic_user, text="Eerste versie.")
    second = services.core_message_set(incident=incident, actor=crisis_user, text="Tweede versie.")
    rows = list(CoreMessage.objects.filter(incident=incident).order_by("created_at", "pk"))
    assert rows == [first, second]
    assert [(r.text, r.created_by) for r in rows] == [
        ("Eerste versie.", vic_user),
        ("Tweede versie.", crisis_user),
    ]
    assert AuditEvent.objects.filter(action="communication.core_message.set").count() == 2


def test_an_unchanged_core_message_is_refused(incident, vic_user):
    services.core_message_set(incident=incident, actor=vic_user, text="Zelfde.")
    with pytest.raises(ValidationError):
        services.core_message_set(incident=incident, actor=vic_user, text="  Zelfde. ")


def test_an_empty_core_message_is_refused(incident, vic_user):
    with pytest.raises(ValidationError):
        services.core_message_set(incident=incident, actor=vic_user, text="  ")


def test_setting_the_core_message_bumps_the_incident_version(incident, vic_user):
    version = incident.version
    services.core_message_set(incident=incident, actor=vic_user, text="Nieuw.")
    incident.refresh_from_db()
    assert incident.version > version


# --- Creating and editing ---------------------------------------------------------------------


def test_a_new_message_is_a_concept_with_its_findings_stored(make_message, crisis_user):
    message = make_message(text="Er is een cyberaanval.", action_perspective="")
    assert message.status == Status.DRAFT
    assert message.created_by == crisis_user == message.updated_by
    assert [f["rule"] for f in message.findings] == ["wording", "action_perspective"]


def test_saving_with_findings_is_allowed(make_message):
    message = make_message(text="Russische hackers zitten erachter.")
    assert refreshed(message).findings


def test_a_message_needs_a_title_and_text(make_message):
    with pytest.raises(ValidationError) as error:
        make_message(title=" ", text="")
    assert set(error.value.message_dict) == {"title", "text"}


def test_alignment_parties_must_come_from_the_list(make_message):
    with pytest.raises(ValidationError):
        make_message(aligned_with=["nkc", "buurman"])
    message = make_message(aligned_with=["nkc", "gemeente", "nkc"], aligned_other="Politie")
    assert message.aligned_with == ["nkc", "gemeente"]
    assert message.aligned_labels == [
        "NKC (Nationaal Kernteam Crisiscommunicatie)",
        "Gemeente(n)",
        "Politie",
    ]


def test_editing_bumps_the_revision_and_reruns_the_check(make_message, vic_user):
    message = make_message(text="Een cyberaanval.")
    updated = services.message_update(
        message=message,
        actor=vic_user,
        expected_revision=message.revision,
        text="Een digitale verstoring.",
    )
    assert updated.revision == message.revision + 1
    assert updated.findings == []
    assert updated.updated_by == vic_user


def test_editing_an_old_revision_is_refused_as_stale(make_message, vic_user):
    message = make_message()
    services.message_update(
        message=message, actor=vic_user, expected_revision=1, text="Nieuwe tekst."
    )
    with pytest.raises(StaleEdit):
        services.message_update(message=message, actor=vic_user, expected_revision=1, text="Oud.")


def test_an_approved_message_cannot_be_edited(approved, crisis_user):
    message = approved()
    with pytest.raises(ValidationError):
        services.message_update(
            message=message, actor=crisis_user, expected_revision=message.revision, text="X"
        )


# --- Status flow ------------------------------------------------------------------------------


def test_the_full_flow_records_who_approved_and_published(make_message, crisis_user, vic_user):
    message = make_message()
    message = services.message_submit(message=message, actor=crisis_user)
    assert message.status == Status.IN_REVIEW
    message = services.message_approve(
        message=message, actor=vic_user, expected_revision=message.revision
    )
    assert (message.status, message.approved_by) == (Status.APPROVED, vic_user)
    assert message.approved_at is not None
    message = services.message_publish(message=message, actor=crisis_user)
    assert (message.status, message.published_by) == (Status.PUBLISHED, crisis_user)
    stored = refreshed(message)
    assert stored.approved_by == vic_user and stored.published_by == crisis_user


def test_publishing_writes_a_communicatie_logbook_entry(approved, crisis_user):
    message = approved(title="Website weer bereikbaar", tlp="GREEN")
    message = services.message_publish(message=message, actor=crisis_user)
    entry = LogEntry.objects.get(pk=message.log_entry_id)
    assert entry.category == LogEntry.Category.COMMUNICATION
    assert "Website weer bereikbaar" in entry.text
    assert "Bel voor vragen 14 030." in entry.text
    assert "Vera" in entry.text  # the approver
    assert entry.tlp == "GREEN"
    assert entry.author == crisis_user


def test_the_logbook_entry_is_dutch_whatever_the_ui_language(approved, crisis_user):
    from django.utils import translation

    with translation.override("en"):
        message = services.message_publish(message=approved(), actor=crisis_user)
    assert message.log_entry.text.startswith("Bericht verstuurd/gepubliceerd")


@pytest.mark.parametrize(
    ("start", "step"),
    [
        ("concept", "approve"),
        ("concept", "publish"),
        ("ter_afstemming", "submit"),
        ("ter_afstemming", "publish"),
        ("vastgesteld", "submit"),
        ("vastgesteld", "approve"),
        ("gepubliceerd", "publish"),
        ("gepubliceerd", "reopen"),
        ("concept", "reopen"),
    ],
)
def test_steps_out_of_order_are_refused(make_message, crisis_user, vic_user, start, step):
    message = make_message()
    path = ["concept", "ter_afstemming", "vastgesteld", "gepubliceerd"]
    for status in path[1 : path.index(start) + 1]:
        if status == "ter_afstemming":
            message = services.message_submit(message=message, actor=crisis_user)
        elif status == "vastgesteld":
            message = services.message_approve(
                message=message, actor=vic_user, expected_revision=message.revision
            )
        else:
            message = services.message_publish(message=message, actor=crisis_user)
    assert message.status == start
    steps = {
        "submit": lambda: services.message_submit(message=message, actor=crisis_user),
        "approve": lambda: services.message_approve(
            message=message, actor=vic_user, expected_revision=message.revision
        ),
        "publish": lambda: services.message_publish(message=message, actor=crisis_user),
        "reopen": lambda: services.message_reopen(message=message, actor=crisis_user),
    }
    with pytest.raises(ValidationError):
        steps[step]()
    assert refreshed(message).status == start


def test_reopening_an_approved_message_clears_the_approval(approved, crisis_user):
    message = services.message_reopen(message=approved(), actor=crisis_user)
    stored = refreshed(message)
    assert (stored.status, stored.approved_by, stored.approved_at) == (Status.DRAFT, None, None)


def test_a_message_in_review_can_still_be_edited_for_alignment(in_review, vic_user):
    message = in_review()
    updated = services.message_update(
        message=message, actor=vic_user, expected_revision=message.revision, aligned_with=["nkc"]
    )
    assert (updated.status, updated.aligned_with) == (Status.IN_REVIEW, ["nkc"])


def test_every_step_is_audited(approved, crisis_user):
    services.message_publish(message=approved(), actor=crisis_user)
    actions = set(
        AuditEvent.objects.filter(action__startswith="communication.message").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "communication.message.created",
        "communication.message.submitted",
        "communication.message.approved",
        "communication.message.published",
    }


# --- Approval rights --------------------------------------------------------------------------


def test_the_author_may_not_approve_their_own_message(in_review, crisis_user):
    message = in_review()
    assert approval_refusal(crisis_user, message)
    with pytest.raises(PermissionDenied):
        services.message_approve(
            message=message, actor=crisis_user, expected_revision=message.revision
        )
    assert refreshed(message).status == Status.IN_REVIEW


def test_the_last_editor_may_not_approve_either(in_review, vic_user):
    message = in_review()
    message = services.message_update(
        message=message, actor=vic_user, expected_revision=message.revision, text="Aangepast."
    )
    assert approval_refusal(vic_user, message)
    with pytest.raises(PermissionDenied):
        services.message_approve(
            message=message, actor=vic_user, expected_revision=message.revision
        )


def test_another_writer_may_approve(in_review, vic_user):
    assert approval_refusal(vic_user, in_review()) is None


def test_a_bestuurder_may_not_approve(in_review, bestuurder):
    message = in_review()
    assert approval_refusal(bestuurder, message)
    with pytest.raises(PermissionDenied):
        services.message_approve(
            message=message, actor=bestuurder, expected_revision=message.revision
        )


def test_staff_may_approve_their_own_message(incident, admin_user):
    message = services.message_create(
        incident=incident,
        actor=admin_user,
        title="Nacht",
        text="Een digitale verstoring.",
        action_perspective="Bel 112 bij spoed.",
    )
    message = services.message_submit(message=message, actor=admin_user)
    message = services.message_approve(
        message=message, actor=admin_user, expected_revision=message.revision
    )
    assert message.approved_by == admin_user


def test_approving_a_revision_the_approver_did_not_read_is_refused(in_review, vic_user):
    message = in_review()
    with pytest.raises(StaleEdit):
        services.message_approve(
            message=message, actor=vic_user, expected_revision=message.revision - 1
        )


def test_approving_with_findings_requires_acknowledging_them(in_review, vic_user):
    message = in_review(text="Er is een cyberaanval.")
    with pytest.raises(ValidationError) as error:
        services.message_approve(
            message=message, actor=vic_user, expected_revision=message.revision
        )
    assert "acknowledge_findings" in error.value.message_dict
    message = services.message_approve(
        message=message,
        actor=vic_user,
        expected_revision=message.revision,
        acknowledge_findings=True,
    )
    assert message.status == Status.APPROVED and refreshed(message).findings_acknowledged


def test_approving_uses_the_current_glossary(in_review, vic_user):
    from communication.models import GlossaryTerm

    message = in_review(text="Het netwerk is gesegmenteerd.")
    assert message.findings == []
    GlossaryTerm.objects.create(term="gesegmenteerd", alternative="opgedeeld")
    with pytest.raises(ValidationError):
        services.message_approve(
            message=message, actor=vic_user, expected_revision=message.revision
        )
