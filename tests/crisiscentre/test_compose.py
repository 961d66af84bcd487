"""The production compose file takes secrets and endpoints from .env (issue 17, points 1 and 3)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SECRET_OR_ENDPOINT = re.compile(r"(PASSWORD|SECRET|_URL|TOKEN|_HOST)", re.IGNORECASE)


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def test_production_services_hard_code_no_secret_or_endpoint():
    services = load("docker-compose.yml")["services"]
    assert "mailcatcher" not in services
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_OR_ENDPOINT.search(key):
                assert "${" in str(value), f"{name}: {key} is hard-coded ({value!r})"
                assert "mailcatcher" not in str(value), f"{name}: {key} goes to the catcher"
    app = services["web"]["environment"]
    for required in ("SECRET_KEY", "EMAIL_URL"):
        assert app[required].startswith("${" + required + ":?"), required
    assert ":?" in app["DATABASE_URL"] and "POSTGRES_PASSWORD" in app["DATABASE_URL"]
    assert ":?" in services["postgres"]["environment"]["POSTGRES_PASSWORD"]


def test_migrations_run_once_before_the_rest_and_images_are_pinned():
    services = load("docker-compose.yml")["services"]
    assert "migrate" in services["migrate"]["command"]
    for name in ("web", "worker", "beat"):
        assert "migrate" not in str(services[name]["command"])
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name
        assert "healthcheck" in services[name], name
    dev = load("docker-compose.dev.yml")["services"]
    for name, service in {**services, **dev}.items():
        image = service.get("image", "")
        if image:
            assert ":" in image and not image.endswith(":latest"), f"{name}: {image}"


def test_the_mail_catcher_lives_in_the_dev_override():
    dev = load("docker-compose.dev.yml")["services"]
    assert "mailpit" in dev["mailcatcher"]["image"]
