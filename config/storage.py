"""Static files in production: whitenoise's compressed, hashed files, with each URL worked out once."""

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Remembers the URL of each file it was asked about.

    Every page links the same four assets, and turning a name into its hashed URL (manifest look-up, URL
    parsing and joining) cost more than the rest of the page frame. The manifest is read once when the
    process starts and `collectstatic` runs before the server does, so a URL cannot change while the
    process lives.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force=force)
        found = self._urls.get(name)
        if found is None:
            found = super().url(name)
            self._urls[name] = found
        return found
