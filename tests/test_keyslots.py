"""Key slots: passphrases, colleagues, disabled users, recovery and the slow-down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from remedy_tui.services.common import users
from remedy_tui.services.common.errors import PermissionDeniedError, ValidationError
from remedy_tui.store import (
    KeySlotFileError,
    PassphrasePolicyError,
    Store,
    StorePaths,
    TooManyAttemptsError,
    UserDisabledError,
    WrongPassphraseError,
)
from remedy_tui.store.keyslots import KeySlotFile, normalise_recovery_code
from remedy_tui.store.lockout import Lockout
from remedy_tui.store.models import Role
from tests.conftest import FAST_KDF, PASSPHRASE, USERNAME
from tests.helpers.users import add_colleague

# About the encrypted local file itself; the team server has tests/test_server.py.
pytestmark = pytest.mark.local_file


def test_wrong_passphrase_is_refused_and_counted(store: Store, store_path: Path) -> None:
    store.close()
    with pytest.raises(WrongPassphraseError, match="Wrong user name or passphrase"):
        Store.open(store_path, USERNAME, "not the passphrase")
    assert Lockout(StorePaths(store_path).lockout).failures(USERNAME) == 1
    Store.open(store_path, USERNAME, PASSPHRASE).close()
    assert Lockout(StorePaths(store_path).lockout).failures(USERNAME) == 0


def test_an_unknown_user_gets_the_same_refusal(store: Store, store_path: Path) -> None:
    store.close()
    with pytest.raises(WrongPassphraseError, match="Wrong user name or passphrase"):
        Store.open(store_path, "nobody", PASSPHRASE)


def test_repeated_failures_slow_down(store: Store, store_path: Path) -> None:
    store.close()
    for _ in range(3):
        with pytest.raises(WrongPassphraseError):
            Store.open(store_path, USERNAME, "wrong wrong wrong")
    # The fourth attempt, even with the right passphrase, must wait first.
    with pytest.raises(TooManyAttemptsError) as refused:
        Store.open(store_path, USERNAME, PASSPHRASE)
    assert refused.value.wait_seconds > 0
    assert Lockout.delay_for(3) < Lockout.delay_for(4) < Lockout.delay_for(5)
    assert Lockout.delay_for(100) == 60


def test_ten_wrong_guesses_for_one_user_do_not_slow_another(store: Store, store_path: Path) -> None:
    add_colleague(store, "bo", "Bo Colleague", Role.CLINICAL_CASE_MANAGER, "bo's own phrase")
    store.close()
    for _ in range(10):
        with pytest.raises((WrongPassphraseError, TooManyAttemptsError)):
            Store.open(store_path, "bo", "a guess at bo's")
    lockout = Lockout(StorePaths(store_path).lockout)
    assert lockout.failures("bo") == 3 and lockout.wait_seconds("bo") > 0
    # Asha signs in at once, and her success does not clear bo's count.
    Store.open(store_path, USERNAME, PASSPHRASE).close()
    assert lockout.failures(USERNAME) == 0 and lockout.failures("bo") == 3
    with pytest.raises(TooManyAttemptsError):
        Store.open(store_path, "bo", "bo's own phrase")


def test_an_unknown_name_is_slowed_like_a_real_one_and_not_written_down(
    store: Store, store_path: Path
) -> None:
    store.close()
    waits = {}
    for name in (USERNAME, "nobody"):
        for _ in range(3):
            with pytest.raises(WrongPassphraseError, match="Wrong user name or passphrase"):
                Store.open(store_path, name, "wrong wrong wrong")
        with pytest.raises(TooManyAttemptsError) as refused:
            Store.open(store_path, name, PASSPHRASE)
        waits[name] = round(refused.value.wait_seconds)
    assert waits[USERNAME] == waits["nobody"] > 0
    path = StorePaths(store_path).lockout
    assert path.stat().st_mode & 0o777 == 0o600
    written = path.read_text()
    assert "nobody" not in written and USERNAME not in written


def test_a_slow_down_file_of_an_older_version_is_read_as_no_failures(
    store: Store, store_path: Path
) -> None:
    store.close()
    path = StorePaths(store_path).lockout
    path.write_text(json.dumps({"failures": 9, "last_failure": 9e12}))
    Store.open(store_path, USERNAME, PASSPHRASE).close()


def test_passphrase_change_rewraps_only_that_slot(store: Store, store_path: Path) -> None:
    db_before = StorePaths(store_path).db.stat().st_size
    slots_before = {s.id: s.wrapped for s in KeySlotFile.load(StorePaths(store_path).keys).slots}
    users.change_passphrase(store=store, new_passphrase="a brand new passphrase")
    store.close()
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, USERNAME, PASSPHRASE)
    Lockout(StorePaths(store_path).lockout).reset(USERNAME)
    Store.open(store_path, USERNAME, "a brand new passphrase").close()
    slots_after = {s.id: s.wrapped for s in KeySlotFile.load(StorePaths(store_path).keys).slots}
    changed = [k for k in slots_before if slots_before[k] != slots_after.get(k)]
    assert len(changed) == 1  # the user's slot; the recovery slot is untouched
    assert StorePaths(store_path).db.stat().st_size >= db_before  # nothing re-encrypted away


def test_a_short_passphrase_is_refused(store: Store) -> None:
    with pytest.raises(PassphrasePolicyError, match="at least 10 characters"):
        users.change_passphrase(store=store, new_passphrase="short")


def test_recovery_code_sets_a_new_passphrase_and_is_replaced(store_path: Path) -> None:
    store, code = Store.create(
        store_path,
        username=USERNAME,
        full_name="Asha Example",
        role=Role.NON_CLINICAL_CASE_MANAGER,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
    )
    store.close()
    typed = code.lower().replace("-", " ")  # however the user copies it
    new_code = users.recover_access(
        db_path=store_path,
        username=USERNAME,
        recovery_code=typed,
        new_passphrase="recovered passphrase",
    )
    assert new_code != code
    Store.open(store_path, USERNAME, "recovered passphrase").close()
    with pytest.raises(WrongPassphraseError, match="recovery code does not open"):
        users.recover_access(
            db_path=store_path,
            username=USERNAME,
            recovery_code=code,
            new_passphrase="another passphrase",
        )


def test_a_second_user_opens_the_store_with_their_own_passphrase(
    store: Store, store_path: Path
) -> None:
    users.add_user(
        store=store,
        username="ben",
        full_name="Ben Colleague",
        role=Role.CLINICAL_CASE_MANAGER,
        passphrase="bens own passphrase",
    )
    store.close()
    as_ben = Store.open(store_path, "ben", "bens own passphrase")
    assert as_ben.user.full_name == "Ben Colleague" and not as_ben.user.is_admin
    with pytest.raises(PermissionDeniedError):
        users.add_user(
            store=as_ben,
            username="cara",
            full_name="Cara",
            role=Role.TPD,
            passphrase="caras passphrase",
        )
    as_ben.close()
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, "ben", PASSPHRASE)


def test_a_disabled_user_cannot_open_the_store(store: Store, store_path: Path) -> None:
    users.add_user(
        store=store,
        username="ben",
        full_name="Ben Colleague",
        role=Role.CLINICAL_CASE_MANAGER,
        passphrase="bens own passphrase",
    )
    users.disable_user(store=store, username="ben")
    slot = KeySlotFile.load(StorePaths(store_path).keys).user_slot("ben")
    assert slot is not None and slot.disabled and slot.wrapped == b""
    with store.session() as session:
        listed = {u.username: u for u in users.list_users(session=session, keys=store.keys)}
    assert not listed["ben"].active and not listed["ben"].can_sign_in
    store.close()
    with pytest.raises(UserDisabledError, match="disabled"):
        Store.open(store_path, "ben", "bens own passphrase")


def test_a_user_name_in_the_wrong_shape_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="user name is 2 to 32"):
        users.add_user(
            store=store,
            username="Ben Smith",
            full_name="Ben",
            role=Role.TPD,
            passphrase="bens own passphrase",
        )


def test_the_last_administrator_cannot_be_disabled_and_nor_can_you(store: Store) -> None:
    with pytest.raises(ValidationError, match="cannot disable yourself"):
        users.disable_user(store=store, username=USERNAME)


def test_a_missing_key_slot_file_is_a_clear_error(store: Store, store_path: Path) -> None:
    store.close()
    StorePaths(store_path).keys.unlink()
    with pytest.raises(KeySlotFileError, match="missing"):
        Store.open(store_path, USERNAME, PASSPHRASE)


def test_a_slot_moved_to_another_user_does_not_open(store: Store, store_path: Path) -> None:
    users.add_user(
        store=store,
        username="ben",
        full_name="Ben Colleague",
        role=Role.CLINICAL_CASE_MANAGER,
        passphrase="bens own passphrase",
    )
    store.close()
    path = StorePaths(store_path).keys
    data = json.loads(path.read_text())
    for slot in data["slots"]:
        if slot["user"] == "ben":
            slot["user"] = "mallory"
    path.write_text(json.dumps(data))
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, "mallory", "bens own passphrase")


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
@example(b"0")
@example(b"[]")
@example(b'{"format": "remedy-keyslots", "store_id": "x", "slots": [1]}')
@example(b'{"format": "remedy-keyslots", "store_id": "x", "slots": [{"id": 1}]}')
@example(b'{"format": "remedy-keyslots", "version": "x", "slots": []}')
def test_any_damaged_key_slot_file_is_a_clear_error(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.keys"
        path.write_bytes(data)
        with pytest.raises(KeySlotFileError):
            KeySlotFile.load(path)


@given(st.from_regex(r"[A-Za-z0-9]{25}", fullmatch=True))
def test_recovery_codes_normalise_however_typed(code: str) -> None:
    canonical = normalise_recovery_code(code)
    spaced = " ".join(code[i : i + 5].lower() for i in range(0, 25, 5))
    assert normalise_recovery_code(spaced) == canonical
    assert canonical.count("-") == 4


def test_a_colleague_added_by_an_administrator_must_change_their_passphrase(
    store: Store, store_path: Path
) -> None:
    add_colleague(
        store,
        "ben",
        "Ben Colleague",
        Role.CLINICAL_CASE_MANAGER,
        "bens given passphrase",
        first_sign_in_done=False,
    )
    assert not store.must_change_passphrase  # the administrator's own passphrase is theirs
    store.close()
    as_ben = Store.open(store_path, "ben", "bens given passphrase")
    assert as_ben.must_change_passphrase
    with pytest.raises(PassphrasePolicyError, match="of your own"):
        users.change_passphrase(store=as_ben, new_passphrase="bens given passphrase")
    with pytest.raises(PassphrasePolicyError, match="your name"):
        users.change_passphrase(store=as_ben, new_passphrase="ben colleague remedy")
    assert KeySlotFile.load(StorePaths(store_path).keys).must_change("ben")
    users.change_passphrase(store=as_ben, new_passphrase="ben picks his words")
    assert not as_ben.must_change_passphrase
    as_ben.close()
    assert not Store.open(store_path, "ben", "ben picks his words").must_change_passphrase


def test_the_mark_cannot_be_edited_out_of_the_key_file(store: Store, store_path: Path) -> None:
    add_colleague(
        store,
        "ben",
        "Ben",
        Role.CLINICAL_CASE_MANAGER,
        "bens given passphrase",
        first_sign_in_done=False,
    )
    store.close()
    path = StorePaths(store_path).keys
    data = json.loads(path.read_text())
    for slot in data["slots"]:
        if slot["user"] == "ben":
            assert slot.pop("must_change") is True
    path.write_text(json.dumps(data))
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, "ben", "bens given passphrase")


def test_recovery_sets_a_passphrase_of_the_users_own(store_path: Path) -> None:
    store, code = Store.create(
        store_path,
        username=USERNAME,
        full_name="Asha Example",
        role=Role.NON_CLINICAL_CASE_MANAGER,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
    )
    add_colleague(
        store,
        "ben",
        "Ben",
        Role.CLINICAL_CASE_MANAGER,
        "bens given passphrase",
        first_sign_in_done=False,
    )
    store.close()
    users.recover_access(
        db_path=store_path, username="ben", recovery_code=code, new_passphrase="ben recovered it"
    )
    assert not KeySlotFile.load(StorePaths(store_path).keys).must_change("ben")
