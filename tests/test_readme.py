"""README.md documents every environment variable the settings and gunicorn read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def variables_read() -> set[str]:
    settings = (ROOT / "config" / "settings.py").read_text()
    gunicorn = (ROOT / "config" / "gunicorn.py").read_text()
    return (
        set(re.findall(r'env\.\w+\("([A-Z_]+)"', settings))
        | set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', gunicorn))
        | set(re.findall(r"os\.environ\.get\('([A-Z_]+)'", gunicorn))
    )


def variables_documented() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_variable_the_code_reads_is_in_a_readme_settings_table() -> None:
    read = variables_read()

    assert read - variables_documented() == set()
    assert len(read) > 20  # the pattern above still finds the settings
