"""The ``remedy`` command, run as a user would run it: exit codes and one-line errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from remedy_tui.store import Store, StorePaths
from remedy_tui.store.models import Grade, Practitioner

PASS = "a long enough passphrase"


def remedy(*args: str, store: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``remedy`` with no terminal, as a script would."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REMEDY_")}
    full_env["REMEDY_CONFIG_DIR"] = os.environ["REMEDY_CONFIG_DIR"]
    full_env.update(env)
    command = [sys.executable, "-m", "remedy_tui"]
    if store is not None:
        command += ["--store", str(store)]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def one_clean_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def cli_store(tmp_path: Path) -> Path:
    path = tmp_path / "team" / "remedy.db"
    result = remedy(
        "init",
        "--full-name",
        "Asha Example",
        store=path,
        REMEDY_USER="asha",
        REMEDY_PASSPHRASE=PASS,
    )
    assert result.returncode == 0, result.stderr
    return path


def test_init_creates_a_store_and_shows_the_recovery_code_once(tmp_path: Path) -> None:
    path = tmp_path / "remedy.db"
    result = remedy(
        "init",
        "--full-name",
        "Asha Example",
        "--role",
        "clinical_case_manager",
        store=path,
        REMEDY_USER="asha",
        REMEDY_PASSPHRASE=PASS,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"\b[A-Z2-9]{5}(-[A-Z2-9]{5}){4}\b", result.stdout)
    assert path.exists() and StorePaths(path).keys.exists()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = remedy("init", "--full-name", "X", store=path, REMEDY_USER="x", REMEDY_PASSPHRASE=PASS)
    assert again.returncode == 1
    assert "already exists" in one_clean_line(again.stderr)


def test_a_wrong_passphrase_exits_non_zero_with_one_clear_line(cli_store: Path) -> None:
    result = remedy("check", store=cli_store, REMEDY_USER="asha", REMEDY_PASSPHRASE="wrong one!")
    assert result.returncode == 1
    assert one_clean_line(result.stderr) == "remedy: Wrong user name or passphrase"
    assert result.stdout == ""


def test_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = remedy("check", store=tmp_path / "none.db", REMEDY_USER="a", REMEDY_PASSPHRASE=PASS)
    assert result.returncode == 1
    assert "remedy init" in one_clean_line(result.stderr)


def test_without_a_terminal_the_missing_secret_is_named(cli_store: Path) -> None:
    result = remedy("check", store=cli_store, REMEDY_USER="asha")
    assert result.returncode == 1
    assert "REMEDY_PASSPHRASE" in one_clean_line(result.stderr)


def test_the_store_can_come_from_the_environment(cli_store: Path) -> None:
    result = remedy(
        "check", REMEDY_STORE=str(cli_store), REMEDY_USER="asha", REMEDY_PASSPHRASE=PASS
    )
    assert result.returncode == 0, result.stderr


def test_users_are_added_listed_and_disabled(cli_store: Path) -> None:
    admin = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}
    added = remedy(
        "users",
        "add",
        "ben",
        "--full-name",
        "Ben Colleague",
        "--role",
        "deputy_postgraduate_dean",
        store=cli_store,
        REMEDY_NEW_PASSPHRASE="bens own passphrase",
        **admin,
    )
    assert added.returncode == 0, added.stderr
    listed = remedy("users", "list", store=cli_store, **admin)
    assert "ben" in listed.stdout and "Deputy Postgraduate Dean (active)" in listed.stdout
    as_ben = {"REMEDY_USER": "ben", "REMEDY_PASSPHRASE": "bens own passphrase"}
    chosen = remedy(
        "passwd", store=cli_store, REMEDY_NEW_PASSPHRASE="ben picks his words", **as_ben
    )
    assert chosen.returncode == 0, chosen.stderr
    checked = remedy(
        "check", store=cli_store, REMEDY_USER="ben", REMEDY_PASSPHRASE="ben picks his words"
    )
    assert checked.returncode == 0, checked.stderr
    disabled = remedy("users", "disable", "ben", store=cli_store, **admin)
    assert disabled.returncode == 0, disabled.stderr
    assert "The store's key has been changed" in disabled.stdout
    refused = remedy(
        "check", store=cli_store, REMEDY_USER="ben", REMEDY_PASSPHRASE="ben picks his words"
    )
    assert refused.returncode == 1
    assert "disabled" in one_clean_line(refused.stderr)
    bad_role = remedy("users", "add", "cara", "--role", "wizard", store=cli_store, **admin)
    assert bad_role.returncode == 2 and "unknown role" in bad_role.stderr


def test_a_colleague_added_by_an_administrator_must_choose_their_own_passphrase_first(
    cli_store: Path,
) -> None:
    admin = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}
    given = {"REMEDY_USER": "ben", "REMEDY_PASSPHRASE": "bens own passphrase"}
    added = remedy(
        "users",
        "add",
        "ben",
        "--full-name",
        "Ben Colleague",
        store=cli_store,
        REMEDY_NEW_PASSPHRASE="bens own passphrase",
        **admin,
    )
    assert added.returncode == 0, added.stderr
    assert "choose their own at their first" in added.stdout
    keys = StorePaths(cli_store).keys
    before = keys.read_bytes()
    for command in (("check",), ("users", "list"), ("backup", str(cli_store.parent / "b"))):
        refused = remedy(*command, store=cli_store, **given)
        assert refused.returncode == 1, command
        assert "`remedy passwd`" in one_clean_line(refused.stderr), command
    assert not (cli_store.parent / "b").exists()
    same = remedy("passwd", store=cli_store, REMEDY_NEW_PASSPHRASE="bens own passphrase", **given)
    assert same.returncode == 1
    assert "of your own" in one_clean_line(same.stderr)
    assert keys.read_bytes() == before
    changed = remedy(
        "passwd", store=cli_store, REMEDY_NEW_PASSPHRASE="ben picks his words", **given
    )
    assert changed.returncode == 0, changed.stderr
    now_his = {"REMEDY_USER": "ben", "REMEDY_PASSPHRASE": "ben picks his words"}
    assert remedy("check", store=cli_store, **now_his).returncode == 0
    # Asha's own change never sets the mark.
    own = remedy("passwd", store=cli_store, REMEDY_NEW_PASSPHRASE="asha chose these", **admin)
    assert own.returncode == 0, own.stderr
    again = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": "asha chose these"}
    assert remedy("users", "list", store=cli_store, **again).returncode == 0


@pytest.mark.parametrize("weak", ["password12", "1234567890", "aaaaaaaaaa"])
def test_a_weak_passphrase_is_refused_with_the_reason_and_nothing_changes(
    cli_store: Path, tmp_path: Path, weak: str
) -> None:
    admin = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}
    keys = StorePaths(cli_store).keys
    before = keys.read_bytes()
    attempts = [
        ("init", "--full-name", "Zed", {"REMEDY_USER": "zed", "REMEDY_PASSPHRASE": weak}),
        ("users", "add", "ben", "--full-name", "Ben", {**admin, "REMEDY_NEW_PASSPHRASE": weak}),
        ("passwd", {**admin, "REMEDY_NEW_PASSPHRASE": weak}),
    ]
    for *command, env in attempts:
        where = tmp_path / "new" / "remedy.db" if command[0] == "init" else cli_store
        refused = remedy(*command, store=where, **env)  # type: ignore[arg-type]
        assert refused.returncode == 1, command
        line = one_clean_line(refused.stderr)
        assert "too easy to guess" in line and ("common" in line or "Repeats" in line), line
    assert not (tmp_path / "new" / "remedy.db").exists()
    assert keys.read_bytes() == before
    listed = remedy("users", "list", store=cli_store, **admin)
    assert "ben" not in listed.stdout
    name = remedy("passwd", store=cli_store, REMEDY_NEW_PASSPHRASE="asha remedy", **admin)
    assert "your name or the word 'remedy'" in one_clean_line(name.stderr)
    assert keys.read_bytes() == before


def test_recover_refuses_a_weak_passphrase_and_the_code_still_works(tmp_path: Path) -> None:
    path = tmp_path / "remedy.db"
    init = remedy(
        "init", "--full-name", "Asha", store=path, REMEDY_USER="asha", REMEDY_PASSPHRASE=PASS
    )
    code = re.search(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){4}", init.stdout)
    assert code
    before = StorePaths(path).keys.read_bytes()
    weak = remedy(
        "recover",
        "--user",
        "asha",
        store=path,
        REMEDY_RECOVERY_CODE=code.group(0),
        REMEDY_NEW_PASSPHRASE="password12",
    )
    assert weak.returncode == 1 and "too easy to guess" in one_clean_line(weak.stderr)
    assert StorePaths(path).keys.read_bytes() == before
    assert remedy("check", store=path, REMEDY_USER="asha", REMEDY_PASSPHRASE=PASS).returncode == 0


def test_passwd_changes_the_passphrase(cli_store: Path) -> None:
    changed = remedy(
        "passwd",
        store=cli_store,
        REMEDY_USER="asha",
        REMEDY_PASSPHRASE=PASS,
        REMEDY_NEW_PASSPHRASE="the new passphrase",
    )
    assert changed.returncode == 0, changed.stderr
    assert (
        remedy(
            "check", store=cli_store, REMEDY_USER="asha", REMEDY_PASSPHRASE="the new passphrase"
        ).returncode
        == 0
    )


def test_recover_uses_the_code_and_prints_a_new_one(tmp_path: Path) -> None:
    path = tmp_path / "remedy.db"
    init = remedy(
        "init", "--full-name", "Asha", store=path, REMEDY_USER="asha", REMEDY_PASSPHRASE=PASS
    )
    code = re.search(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){4}", init.stdout)
    assert code
    recovered = remedy(
        "recover",
        "--user",
        "asha",
        store=path,
        REMEDY_RECOVERY_CODE=code.group(0),
        REMEDY_NEW_PASSPHRASE="recovered at last",
    )
    assert recovered.returncode == 0, recovered.stderr
    new_code = re.search(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){4}", recovered.stdout)
    assert new_code and new_code.group(0) != code.group(0)
    assert (
        remedy(
            "check", store=path, REMEDY_USER="asha", REMEDY_PASSPHRASE="recovered at last"
        ).returncode
        == 0
    )
    reused = remedy(
        "recover",
        "--user",
        "asha",
        store=path,
        REMEDY_RECOVERY_CODE=code.group(0),
        REMEDY_NEW_PASSPHRASE="recovered again",
    )
    assert reused.returncode == 1 and "does not open" in one_clean_line(reused.stderr)


def test_backup_and_restore_bring_back_the_earlier_store(cli_store: Path, tmp_path: Path) -> None:
    creds = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}
    backup = tmp_path / "monday.remedy-backup"
    made = remedy("backup", str(backup), store=cli_store, **creds)
    assert made.returncode == 0, made.stderr
    assert str(backup) in made.stdout
    store = Store.open(cli_store, "asha", PASS)
    with store.session() as session:
        session.add(Practitioner(given_names="After", family_name="Backup", grade=Grade.SAS))
        session.commit()
    store.close()
    restored = remedy("restore", str(backup), store=cli_store, **creds)
    assert restored.returncode == 0, restored.stderr
    kept = list((cli_store.parent / "backups").glob("before-restore-*"))
    assert len(kept) == 1 and (kept[0] / cli_store.name).exists()
    store = Store.open(cli_store, "asha", PASS)
    with store.session() as session:
        assert session.exec(select(Practitioner)).all() == []
    store.close()
    assert remedy("check", store=cli_store, **creds).returncode == 0


def test_restoring_something_that_is_not_a_backup_changes_nothing(
    cli_store: Path, tmp_path: Path
) -> None:
    bogus = tmp_path / "holiday.jpg"
    bogus.write_bytes(b"\xff\xd8\xff not a backup")
    before = cli_store.read_bytes()
    result = remedy(
        "restore", str(bogus), store=cli_store, REMEDY_USER="asha", REMEDY_PASSPHRASE=PASS
    )
    assert result.returncode == 1
    assert "not a Remedy backup" in one_clean_line(result.stderr)
    assert cli_store.read_bytes() == before


def test_demo_without_launch_builds_and_prints_how_to_sign_in(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = remedy("demo", "--cases", "25", "--no-launch", store=path)
    assert result.returncode == 0, result.stderr
    assert "user name:  demo" in result.stdout and "passphrase: remedy-demo-only" in result.stdout
    check = remedy("check", store=path, REMEDY_USER="demo", REMEDY_PASSPHRASE="remedy-demo-only")
    assert check.returncode == 0, check.stdout + check.stderr
    again = remedy("demo", "--no-launch", store=path)
    assert "already at" in again.stderr


def test_help_lists_every_command() -> None:
    result = remedy("--help")
    for command in ("init", "demo", "users", "passwd", "recover", "backup", "restore", "check"):
        assert command in result.stdout


def _loose(*folders: Path) -> list[str]:
    """Every file or folder under ``folders`` that anyone but its owner may read."""
    found = []
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            if path.stat().st_mode & 0o077:
                found.append(f"{path} {oct(path.stat().st_mode & 0o777)}")
    return found


def test_every_file_remedy_writes_is_owner_only_after_every_command(tmp_path: Path) -> None:
    """Under a umask that lets others read (0o022, the usual default), every command leaves
    the store, its key slots, the sign-in slow-down, backups, a restored store and the
    settings readable by their owner only."""
    folder = tmp_path / "team"
    store = folder / "remedy.db"
    out = tmp_path / "backups"
    out.mkdir(mode=0o700)
    creds = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}
    previous = os.umask(0o022)
    try:
        steps = [
            ("init", "--full-name", "Asha Example"),
            ("users", "add", "bo", "--full-name", "Bo Colleague"),
            ("users", "disable", "bo"),
            ("passwd",),
            ("backup", str(out / "monday.remedy-backup")),
            ("restore", str(out / "monday.remedy-backup")),
        ]
        for step in steps:
            env = dict(creds)
            if step[0] in ("users", "passwd"):
                env["REMEDY_NEW_PASSPHRASE"] = PASS if step[0] == "passwd" else "bo's own phrase"
            done = remedy(*step, store=store, **env)
            assert done.returncode == 0, (step, done.stderr)
            assert _loose(folder, out) == [], step
        wrong = remedy("check", store=store, REMEDY_USER="asha", REMEDY_PASSPHRASE="not it at all")
        assert wrong.returncode != 0
        assert _loose(folder, out) == []
    finally:
        os.umask(previous)


def test_a_commands_sign_in_is_on_the_audit_trail_and_the_check_writes_nothing(
    cli_store: Path,
) -> None:
    import json

    from sqlalchemy import func

    from remedy_tui.store.models import AuditEntry

    admin = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}
    assert remedy("users", "list", store=cli_store, **admin).returncode == 0

    def entries(action: str) -> list[str]:
        store = Store.open(cli_store, "asha", PASS)
        try:
            with store.session() as session:
                return [
                    row.changes
                    for row in session.exec(select(AuditEntry).where(AuditEntry.action == action))
                ]
        finally:
            store.close()

    assert [json.loads(e)["via"] for e in entries("sign_in")] == ["command line"]
    store = Store.open(cli_store, "asha", PASS)
    with store.session() as session:
        before = session.exec(select(func.count()).select_from(AuditEntry)).one()
    store.close()
    checked = remedy("check", store=cli_store, **admin)
    assert checked.returncode == 0, checked.stderr
    assert "signed by their authors" in checked.stdout
    store = Store.open(cli_store, "asha", PASS)
    with store.session() as session:
        after = session.exec(select(func.count()).select_from(AuditEntry)).one()
    store.close()
    assert after == before


def test_the_escape_delay_is_a_setting_and_escdelay_wins(tmp_path: Path) -> None:
    import json

    from remedy_tui import config

    probe = (
        "from remedy_tui import config; from remedy_tui.terminal import apply_escape_delay; "
        "apply_escape_delay(config.Settings.load().escape_delay_ms); "
        "import textual.constants as c; print(c.ESCAPE_DELAY)"
    )

    def delay(**env: str) -> float:
        full = {k: v for k, v in os.environ.items() if k != "ESCDELAY"}
        full.update(env)
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=full, timeout=60
        )
        assert out.returncode == 0, out.stderr
        return float(out.stdout)

    assert delay() == 0.025
    settings_file = config.config_dir() / "settings.json"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text(json.dumps({"escape_delay_ms": 120}), encoding="utf-8")
    assert delay() == 0.12
    assert delay(ESCDELAY="300") == 0.3
    settings_file.write_text(json.dumps({"escape_delay_ms": "soon"}), encoding="utf-8")
    assert config.Settings.load().escape_delay_ms == 25
