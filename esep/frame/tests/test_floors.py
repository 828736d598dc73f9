"""Every app's pages stand on the frame, never on another app's templates: as its Python
imports only floors below it, an app's templates extend and include only its own templates
and the frame's."""

import re
from pathlib import Path

from django.apps import apps

NAMED = re.compile(r'{%\s*(?:extends|include)\s+["\']([^"\']+)["\']')


def templates_of(app_path: str) -> dict[str, Path]:
    root = Path(app_path) / "templates"
    return {path.relative_to(root).as_posix(): path for path in root.rglob("*.html")}


def test_apps_templates_name_only_their_own_and_the_frames():
    frame = templates_of(apps.get_app_config("frame").path)
    borrowed = []
    for config in apps.get_app_configs():
        if not config.name.startswith("esep."):
            continue
        own = templates_of(config.path)
        for name, path in own.items():
            for used in NAMED.findall(path.read_text()):
                if used not in own and used not in frame:
                    borrowed.append(f"{config.label}: {name} uses {used}")
    assert borrowed == []
