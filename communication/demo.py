"""Demo data for `manage.py seed_demo` (idempotent: runs on every `make run`)."""

from . import services
from .models import Audience, Channel, Message

CORE_MESSAGE = (
    "Door een digitale verstoring bij het regionale ziekenhuis werken systemen niet zoals "
    "normaal. De spoedeisende hulp is open; planbare zorg kan worden uitgesteld. Heeft u een "
    "afspraak, dan neemt het ziekenhuis contact met u op. Bel bij spoed 112."
)
PUBLISHED_TITLE = "Digitale verstoring ziekenhuis: spoedzorg blijft beschikbaar"
# The subject is checked like the text: the demo headline shows a finding of its own.
DRAFT_TITLE = "Cyberaanval op ziekenhuis: update voor bedrijven (concept)"
EARLIER_DRAFT_TITLES = [DRAFT_TITLE, "Update voor bedrijven (concept)"]


def seed(*, incident, users, stdout) -> None:
    author, approver = users["crisisteam"], users["vic"]
    if not incident.core_messages.exists():
        services.core_message_set(incident=incident, actor=author, text=CORE_MESSAGE)
    if not Message.objects.filter(incident=incident, title=PUBLISHED_TITLE).exists():
        message = services.message_create(
            incident=incident,
            actor=author,
            title=PUBLISHED_TITLE,
            audience=Audience.RESIDENTS,
            channel=Channel.WEBSITE,
            text=(
                "Het regionale ziekenhuis heeft te maken met een digitale verstoring. "
                "De spoedeisende hulp is open en werkt op papier. Het ziekenhuis, de gemeenten "
                "en de veiligheidsregio werken samen om de zorg zo goed mogelijk door te laten "
                "gaan. Wij informeren u hier elke twee uur."
            ),
            action_perspective=(
                "Bel bij spoed 112. Heeft u een afspraak in het ziekenhuis? U wordt gebeld als "
                "die niet doorgaat. Gebruikt u thuis medische apparatuur die niet werkt, bel dan "
                "uw leverancier."
            ),
            aligned_with=["corporate", "gemeente"],
        )
        services.message_submit(message=message, actor=author)
        services.message_approve(
            message=message, actor=approver, expected_revision=message.revision
        )
        services.message_publish(message=message, actor=approver)
    if not Message.objects.filter(incident=incident, title__in=EARLIER_DRAFT_TITLES).exists():
        # A concept with findings, to show the plain-language check.
        services.message_create(
            incident=incident,
            actor=author,
            title=DRAFT_TITLE,
            audience=Audience.BUSINESSES,
            channel=Channel.EMAIL,
            text=(
                "Het ziekenhuis is getroffen door een ransomware-aanval. Mogelijk zitten "
                "criminelen erachter die via een phishingmail binnenkwamen."
            ),
        )
