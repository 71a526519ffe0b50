"""Where things live (platformdirs) and the few settings a user can change."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

APP_NAME = "remedy"
STORE_ENV = "REMEDY_STORE"
USER_ENV = "REMEDY_USER"
PASSPHRASE_ENV = "REMEDY_PASSPHRASE"
NEW_PASSPHRASE_ENV = "REMEDY_NEW_PASSPHRASE"
RECOVERY_CODE_ENV = "REMEDY_RECOVERY_CODE"
CONFIG_ENV = "REMEDY_CONFIG_DIR"
SERVER_ENV = "REMEDY_SERVER"
#: Set to 1 to allow a plain (unencrypted) connection to a team server on this machine.
PLAIN_LOOPBACK_ENV = "REMEDY_INSECURE_PLAIN_LOOPBACK"
DEMO_USER = "demo"
DEMO_PASSPHRASE = "remedy-demo-only"


def default_store_path() -> Path:
    """The store used when neither ``--store`` nor ``REMEDY_STORE`` is given."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "remedy.db"


def default_demo_store_path() -> Path:
    """Where ``remedy demo`` builds its store unless told otherwise."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo" / "remedy-demo.db"


def resolve_store_path(given: str | None) -> Path:
    """The store path from the command line, then the environment, then the default."""
    if given:
        return Path(given).expanduser()
    from_env = os.environ.get(STORE_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_store_path()


def data_dir() -> Path:
    """The folder of versioned data files (framework, concern areas, roles, templates)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Remedy's data folder is missing from this installation")


def config_dir() -> Path:
    """The folder for settings (nothing about cases is ever written there)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    """Preferences that are not case data: safe to keep unencrypted."""

    lock_after_minutes: float = 10.0
    theme: str = "textual-dark"
    last_user: str | None = None
    #: The saved connection profile: a team server's address (never a password) and whether
    #: it is the plain loopback connection of a demo or test.
    server: str | None = None
    server_plain_loopback: bool = False
    #: How long (ms) a lone Escape waits to be sure no key's sequence follows; raise it if,
    #: over a slow remote link, arrow keys arrive as Escape and a letter (``ESCDELAY`` wins).
    escape_delay_ms: int = 25

    @classmethod
    def load(cls) -> Settings:
        """Read settings, falling back to defaults for anything missing or unreadable."""
        path = config_dir() / "settings.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        settings = cls()
        for key, value in data.items() if isinstance(data, dict) else ():
            if key in asdict(settings):
                setattr(settings, key, value)
        if not isinstance(settings.lock_after_minutes, int | float) or (
            settings.lock_after_minutes <= 0
        ):
            settings.lock_after_minutes = 10.0
        delay = settings.escape_delay_ms
        if isinstance(delay, bool) or not isinstance(delay, int) or not 1 <= delay <= 2000:
            settings.escape_delay_ms = 25
        return settings

    def save(self) -> None:
        """Write settings; failure to save a preference is never fatal."""
        path = config_dir() / "settings.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Readable by its owner only, like every file Remedy writes (it names the team
            # server and the last user).
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(self), indent=2))
            os.chmod(path, 0o600)
        except OSError:
            pass
