"""seed_demo: a personal API token for the demo VIC user, printed once (when it is made)."""

from incidents.models import ApiToken

from . import tokens

DEMO_TOKEN_NAME = "Demo-koppeling"  # noqa: S105 - a label, not a secret


def seed(*, incident, users, stdout) -> None:
    vic = users.get("vic")
    if vic is None or ApiToken.objects.filter(user=vic, name=DEMO_TOKEN_NAME).exists():
        return
    _row, token = tokens.api_token_create(user=vic, name=DEMO_TOKEN_NAME, days=90)
    stdout.write(f"  API token for 'vic' (shown only once): {token}")
    stdout.write(
        f'    curl -H "Authorization: Bearer {token}" '
        f"http://127.0.0.1:8000/api/v1/incidents/{incident.pk}/log-entries/"
    )
