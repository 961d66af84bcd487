import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": "sqlite:///:memory:",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_check_deploy_only_warns_about_what_the_reverse_proxy_settles():
    result = run_manage(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="crisis.example.nl",
    )
    assert result.returncode == 0, result.stderr
    warnings = set(re.findall(r"\((\w+\.W\d+)\)", result.stderr))
    # HSTS and the HTTPS redirect are set on the reverse proxy (README, "Production").
    assert warnings == {"security.W004", "security.W008"}, result.stderr


def test_bad_boolean_environment_value_is_a_clear_error():
    result = run_manage("check", DEBUG="misschien")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
