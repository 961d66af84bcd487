"""English must be complete: every UI string (Dutch msgid) has an English translation."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def catalogues() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("locale/en/LC_MESSAGES/django.po")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    )


def entries(path: Path):
    """(msgid, [msgstr...], flags) for each entry of a .po file."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


def test_there_is_an_english_catalogue_for_the_project_and_the_apps():
    found = {path.relative_to(ROOT).parts[0] for path in catalogues()}
    assert "locale" in found  # project-level templates and crisiscentre
    assert "incidents" in found


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_ui_string_has_an_english_translation(path):
    missing = [msgid for msgid, strs, _flags in entries(path) if not all(strs)]
    fuzzy = [msgid for msgid, _strs, flags in entries(path) if "fuzzy" in flags]
    assert not missing, f"untranslated in {path}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_the_placeholders_of_the_dutch_text(path):
    """A translation copied from a similar string (a fuzzy match) usually loses them."""
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    wrong = [
        (msgid, strs[0])
        for msgid, strs, _flags in entries(path)
        if any(set(placeholder.findall(msgid)) != set(placeholder.findall(s)) for s in strs[:1])
    ]
    assert not wrong, f"placeholders differ in {path}: {wrong[:5]}"


@pytest.mark.django_db
def test_the_sentences_of_app_js_come_in_the_pages_language(client, vic_user):
    """static/js/app.js reads them from <body data-msg-*> (issue 13): no strings in the script."""
    client.force_login(vic_user)
    dutch = client.get("/").content.decode()  # Dutch first, whatever the browser asks
    client.cookies["django_language"] = "en"  # the language switch
    english = client.get("/").content.decode()
    assert 'data-msg-more="Toon meer"' in dutch
    assert 'data-msg-more="Show more"' in english
    assert 'data-msg-error="Something went wrong on the server (status %s).' in english
    script = (ROOT / "static/js/app.js").read_text(encoding="utf-8")
    assert "Toon meer" not in script and "Show more" not in script
