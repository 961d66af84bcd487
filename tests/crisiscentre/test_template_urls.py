"""Every {% url 'name' %} in a template names a route that exists: a renamed view must not
leave a link that only breaks when its branch renders (the nafase board's "toon alle" did)."""

import re
from pathlib import Path

from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]


def route_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix)
            elif entry.name:
                names.add(namespace + entry.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_tag_names_an_existing_route():
    names = route_names()
    used = {
        (str(path.relative_to(ROOT)), name)
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
        for name in re.findall(r"{%\s*url\s+'([\w:-]+)'", path.read_text(encoding="utf-8"))
    }
    assert len(used) > 100
    assert [(path, name) for path, name in sorted(used) if name not in names] == []
