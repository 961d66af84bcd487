"""pyproject.toml states its licence the way setuptools >= 77 wants (no deprecation warning
printed on every install)."""

import tomllib
from pathlib import Path

PYPROJECT = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())


def test_the_license_is_an_spdx_string():
    assert PYPROJECT["project"]["license"] == "EUPL-1.2"


def test_the_build_needs_a_setuptools_that_understands_it():
    assert "setuptools>=77" in PYPROJECT["build-system"]["requires"]
