import pytest

from communication import services
from communication.models import Message


@pytest.fixture
def make_message(incident, crisis_user):
    """make_message(**fields) -> a concept message written by the crisis team member."""

    def make(*, actor=None, **fields):
        values = {
            "title": "Website gemeente onbereikbaar",
            "text": "Door een digitale verstoring is de website van de gemeente niet bereikbaar.",
            "action_perspective": "Bel voor vragen 14 030.",
            "audience": "inwoners",
            "channel": "website",
            **fields,
        }
        return services.message_create(incident=incident, actor=actor or crisis_user, **values)

    return make


@pytest.fixture
def in_review(make_message, crisis_user):
    """A message ter afstemming, written by the crisis team member."""

    def make(**fields):
        message = make_message(**fields)
        return services.message_submit(message=message, actor=crisis_user)

    return make


@pytest.fixture
def approved(in_review, vic_user):
    def make(**fields):
        message = in_review(**fields)
        return services.message_approve(
            message=message,
            actor=vic_user,
            expected_revision=message.revision,
            acknowledge_findings=True,
        )

    return make


def refreshed(message: Message) -> Message:
    return Message.objects.get(pk=message.pk)
