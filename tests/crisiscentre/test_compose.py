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


# --- Scaling out (issue 17): --scale web=3 --scale worker=2 behind the proxy, MinIO -----------

SCALED = ("web", "worker")
# A version of its own, not a moving name: postgres:16.4, nginx:1.27.3-alpine,
# minio/minio:RELEASE.2024-11-07T00-52-20Z, crisiscentre:0.1.0.
PINNED_TAG = re.compile(r"^(\d+\.\d+[\w.-]*|RELEASE\.\d{4}-\d\d-\d\dT[\w-]+Z|v\d+\.\d+[\w.-]*)$")


def test_scaled_services_publish_no_host_port_and_have_no_fixed_name():
    services = load("docker-compose.yml")["services"]
    for name in SCALED:
        service = services[name]
        assert "ports" not in service, f"{name} publishes a host port: --scale would clash"
        assert "container_name" not in service, f"{name} has a fixed name: --scale would clash"
        assert "hostname" not in service, name
    assert "--concurrency" in services["worker"]["command"]


def test_the_proxy_balances_over_web_and_is_the_published_port():
    services = load("docker-compose.yml")["services"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx/proxy.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    text = (ROOT / "deploy/nginx/proxy.conf").read_text()
    assert re.search(r"set \$(\w+) web:8000;", text), "the proxy does not target web:8000"
    assert "proxy_pass http://$crisis_web;" in text
    # Docker's DNS, re-resolved: replicas added by --scale (or restarted) are found.
    assert "resolver 127.0.0.11" in text
    assert "X-Forwarded-Proto" in text and "X-Request-ID" in text
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    (published,) = proxy["ports"]
    assert published == "${PROXY_BIND:-127.0.0.1}:${PROXY_PORT:-8000}:8000"
    assert "healthcheck" in proxy


def test_every_service_uses_a_pinned_image_tag():
    services = load("docker-compose.yml")["services"]
    dev = load("docker-compose.dev.yml")["services"]
    for name, service in {**services, **dev}.items():
        image = service.get("image")
        if image is None:  # an override of a production service: the image is there
            assert name in services, name
            continue
        repository, _, tag = image.rpartition(":")
        assert repository and "/" not in tag, f"{name}: {image} has no tag"
        assert PINNED_TAG.match(tag), f"{name}: {image} is not pinned to a version"


def test_minio_and_the_bucket_job_are_the_default_object_store():
    services = load("docker-compose.yml")["services"]
    minio = services["minio"]
    assert minio["image"].startswith("minio/minio:RELEASE.")
    assert "healthcheck" in minio and "ports" not in minio  # private network only
    for key in ("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"):
        assert minio["environment"][key].startswith("${" + key + ":?"), key
    job = services["minio-bucket"]
    assert job["image"].startswith("minio/mc:RELEASE.")
    assert job["restart"] == "no"
    assert job["depends_on"]["minio"]["condition"] == "service_healthy"
    for key in ("MINIO_ROOT_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY"):
        assert ":?" in job["environment"][key], key
    script = (ROOT / "deploy/minio/create-bucket.sh").read_text()
    assert "mc mb --ignore-existing" in script and "mc anonymous set none" in script
    assert "./deploy/minio/create-bucket.sh:/create-bucket.sh:ro" in job["volumes"]
    for name in (*SCALED, "beat"):
        env = services[name]["environment"]
        assert env["AWS_STORAGE_BUCKET_NAME"] == "${S3_BUCKET:-crisiscentre}", name
        assert env["S3_ENDPOINT_URL"] == "${S3_ENDPOINT_URL:-http://minio:9000}", name
        assert env["AWS_ACCESS_KEY_ID"].startswith("${S3_ACCESS_KEY:?"), name
        assert env["AWS_SECRET_ACCESS_KEY"].startswith("${S3_SECRET_KEY:?"), name
        assert env["CACHE_URL"].startswith("${CACHE_URL:-redis://redis:6379/"), name
        job_done = services[name]["depends_on"]["minio-bucket"]["condition"]
        assert job_done == "service_completed_successfully", name
    # The image must carry django-storages, or the S3 settings cannot load.
    assert 'pip install --no-cache-dir ".[s3]"' in (ROOT / "Dockerfile").read_text()


def test_web_and_worker_start_only_after_migrate_completed():
    services = load("docker-compose.yml")["services"]
    for name in SCALED:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
    assert "ports" not in services["migrate"]


def test_the_bucket_job_makes_a_private_bucket_and_a_user_limited_to_it(tmp_path):
    """The job's script, run with a stand-in `mc` that records its calls."""
    import json
    import os
    import subprocess

    calls = tmp_path / "calls"
    fake = tmp_path / "bin" / "mc"
    fake.parent.mkdir()
    fake.write_text(
        '#!/bin/sh\necho "$*" >> "$CALLS"\n'
        'case "$*" in "admin policy create"*) cp "$6" "$CALLS.policy";; esac\n'
        'case "$*" in "admin policy attach"*) [ -n "$ATTACHED" ] && exit 1;; esac\nexit 0\n'
    )
    fake.chmod(0o755)
    env = {
        "PATH": f"{fake.parent}:{os.environ['PATH']}",
        "CALLS": str(calls),
        "MINIO_ROOT_USER": "root",
        "MINIO_ROOT_PASSWORD": "rootpassword",
        "S3_BUCKET": "crisiscentre",
        "S3_ACCESS_KEY": "crisis-app",
        "S3_SECRET_KEY": "app-secret-123",
    }
    script = ROOT / "deploy/minio/create-bucket.sh"
    subprocess.run(["sh", str(script)], env=env, check=True, capture_output=True)
    lines = calls.read_text().splitlines()
    assert lines[0] == "alias set crisis http://minio:9000 root rootpassword"
    assert "mb --ignore-existing crisis/crisiscentre" in lines
    assert "anonymous set none crisis/crisiscentre" in lines
    assert "admin user add crisis crisis-app app-secret-123" in lines
    assert "admin policy attach crisis crisiscentre-app --user crisis-app" in lines
    policy = json.loads((tmp_path / "calls.policy").read_text())
    resources = {r for statement in policy["Statement"] for r in statement["Resource"]}
    assert resources == {"arn:aws:s3:::crisiscentre", "arn:aws:s3:::crisiscentre/*"}
    # The second `up`: the policy is already attached, the job still succeeds.
    subprocess.run(
        ["sh", str(script)], env={**env, "ATTACHED": "1"}, check=True, capture_output=True
    )


def test_the_env_example_names_every_required_setting_and_stays_out_of_the_image():
    compose = (ROOT / "docker-compose.yml").read_text()
    required = set(re.findall(r"\$\{(\w+):\?", compose))
    assert {"MINIO_ROOT_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY"} <= required
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#? ?(\w+)=", example, re.MULTILINE))
    assert required <= named, required - named
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
    assert "/.env" in (ROOT / ".gitignore").read_text().split()
