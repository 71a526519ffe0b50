"""The team: adding colleagues, listing, disabling, passphrases and recovery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from remedy_tui.services.common.errors import NotFoundError, PermissionDeniedError, ValidationError
from remedy_tui.services.common.paging import Page, count_rows
from remedy_tui.services.common.validation import check_username, required_text
from remedy_tui.store import PassphrasePolicyError, Store, StoreError, StorePaths
from remedy_tui.store.audit import introduce_signing_key, public_signing_key, record_event
from remedy_tui.store.filesystems import refuse_network_drive
from remedy_tui.store.keyslots import RECOVERY_SIGNER, KeySlotFile, new_recovery_code
from remedy_tui.store.models import Role, User, UserProgramme
from remedy_tui.store.private_files import write_atomically
from remedy_tui.store.progress import SILENT, Progress
from remedy_tui.store.strength import check_passphrase_policy

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass(frozen=True)
class UserView:
    """A user as lists show them."""

    id: int
    username: str
    full_name: str
    role: Role
    is_admin: bool
    active: bool
    can_sign_in: bool


def _view(user: User, keys: KeySlotFile) -> UserView:
    assert user.id is not None
    return UserView(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        is_admin=user.is_admin,
        active=user.active,
        can_sign_in=user.active and user.username in keys.users(),
    )


def describe_user(user: UserView) -> str:
    """One line for ``remedy users list`` and ``remedy server users list``."""
    state = "active" if user.active else "disabled"
    admin = ", administrator" if user.is_admin else ""
    sign_in = "" if user.can_sign_in or not user.active else ", no key slot"
    return f"{user.username:<16} {user.full_name:<32} {user.role.label} ({state}{admin}{sign_in})"


def list_users(
    *, session: Session, keys: KeySlotFile, include_disabled: bool = True
) -> list[UserView]:
    """Every user, active first, then by name."""
    query = select(User).order_by(col(User.active).desc(), col(User.full_name))
    if not include_disabled:
        query = query.where(col(User.active).is_(True))
    return [_view(user, keys) for user in session.exec(query)]


def _require_admin(store: Store) -> None:
    if not store.user.is_admin:
        raise PermissionDeniedError(
            "Only an administrator of this store can manage users; ask one of them."
        )


def add_user(
    *,
    store: Store,
    username: str,
    full_name: str,
    role: Role,
    passphrase: str,
    is_admin: bool = False,
    programmes: tuple[str, ...] = (),
) -> UserView:
    """Add a colleague with their own key slot; nothing is re-encrypted. ``programmes`` are
    the training programmes a TPD or head of school leads (what the team server shows them)."""
    _require_admin(store)
    name = check_username(username)
    full = required_text(full_name, field="full_name", label="Full name", max_length=200)
    check_passphrase_policy(passphrase, user_inputs=(name, full))
    if store.server is not None:
        return _add_server_user(store, name, full, role, passphrase, is_admin, programmes)
    keys = KeySlotFile.load(store.paths.keys)
    with store.session() as session:
        if session.exec(select(User).where(User.username == name)).first():
            raise ValidationError("username", f"There is already a user called {name!r}.")
        user = User(username=name, full_name=full, role=role, is_admin=is_admin)
        session.add(user)
        session.flush()
        _add_programmes(session, user, programmes)
        # The key slot is written first: if committing then fails, the slot is removed again.
        signer = keys.set_user(name, passphrase, store.data_key(), set_by_other=True)
        introduce_signing_key(session, name, public_signing_key(signer), str(user.id))
        keys.save()
        try:
            session.commit()
        except BaseException:
            keys.slots = [s for s in keys.slots if s.user != name]
            keys.save()
            raise
        store.keys = keys
        return _view(user, keys)


def _add_programmes(session: Session, user: User, programmes: tuple[str, ...]) -> None:
    assert user.id is not None
    for programme in dict.fromkeys(p.strip() for p in programmes if p.strip()):
        checked = required_text(programme, field="programme", label="A programme", max_length=200)
        session.add(UserProgramme(user_id=user.id, programme=checked))


def _add_server_user(
    store: Store,
    name: str,
    full: str,
    role: Role,
    passphrase: str,
    is_admin: bool,
    programmes: tuple[str, ...],
) -> UserView:
    """On a team server: the user row, their key slot and their login role in one transaction
    (PostgreSQL's DDL is transactional), so a failure leaves none of the three."""
    from remedy_tui.store.server_roles import create_login, may_create_roles

    assert store.server is not None
    keys = store.server_keys()
    with store.session(write=True) as session:
        if not may_create_roles(session.connection()):
            raise PermissionDeniedError(
                "On a team server, colleagues are added by its administrator with "
                "`remedy server users add`."
            )
        if session.exec(select(User).where(User.username == name)).first():
            raise ValidationError("username", f"There is already a user called {name!r}.")
        user = User(username=name, full_name=full, role=role, is_admin=is_admin)
        session.add(user)
        session.flush()
        _add_programmes(session, user, programmes)
        signer = keys.set_user(name, passphrase, store.data_key(), set_by_other=True)
        introduce_signing_key(session, name, public_signing_key(signer), str(user.id))
        keys.save_on(session.connection())
        create_login(session.connection(), store.server.database, name, passphrase, role)
        session.commit()
    store.keys = keys
    return _view(user, keys)


def disable_user(*, store: Store, username: str, progress: Progress = SILENT) -> str | None:
    """Stop a user signing in: mark them inactive and destroy their key slot. On a store file
    the data key is changed too (:meth:`Store.rekey`), so no earlier copy of their slot opens
    what is written from now on; on a team server their login is dropped.

    Returns a new recovery code when the store's old one could not be carried over to the new
    key (its slot was written by an older Remedy): it must be written down.
    """
    _require_admin(store)
    if username == store.user.username:
        raise ValidationError("username", "You cannot disable yourself.")
    if store.server is None:
        return _disable_local_user(store, username, progress)
    keys = store.load_keys()
    with store.session() as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            raise NotFoundError(f"There is no user called {username!r}.")
        if user.is_admin:
            admins = session.exec(
                select(User).where(col(User.is_admin).is_(True), col(User.active).is_(True))
            ).all()
            if len(admins) <= 1:
                raise ValidationError("username", "The last administrator cannot be disabled.")
        user.active = False
        user.disabled_at = datetime.now(UTC)
        session.add(user)
        keys = _drop_server_login(store, session, username)
        session.commit()
    store.keys = keys
    return None


def users_needing_reset(*, store: Store) -> list[str]:
    """Users whose key slots could not be carried over to a new data key (written by an older
    Remedy and not opened since): they need a new passphrase."""
    return [
        slot.user
        for slot in store.load_keys().slots
        if slot.kind == "user" and slot.user and slot.needs_reset
    ]


def _user_to_disable(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFoundError(f"There is no user called {username!r}.")
    if user.is_admin and user.active:
        admins = session.exec(
            select(User).where(col(User.is_admin).is_(True), col(User.active).is_(True))
        ).all()
        if len(admins) <= 1:
            raise ValidationError("username", "The last administrator cannot be disabled.")
    return user


def _disable_local_user(store: Store, username: str, progress: Progress) -> str | None:
    """Destroy the slot and change the data key first (the step that revokes), then mark the
    user inactive: a crash between the two leaves a user who cannot sign in, shown active
    until disabled again, never a disabled user whose slot still opens the store."""
    with store.session() as session:
        _user_to_disable(session, username)
    code = store.rekey(lambda keys: keys.disable_user(username), progress)
    with store.session(write=True) as session:
        user = _user_to_disable(session, username)
        user.active = False
        user.disabled_at = datetime.now(UTC)
        session.add(user)
        session.commit()
    return code


def _drop_server_login(store: Store, session: Session, username: str) -> KeySlotFile:
    """Destroy the slot and drop the login role in the disabling transaction, then end the
    person's open connections: they can neither sign in again nor keep working."""
    from remedy_tui.store.server_roles import drop_login, may_create_roles
    from remedy_tui.store.server_setup import terminate_sessions

    assert store.server is not None
    conn = session.connection()
    if not may_create_roles(conn):
        raise PermissionDeniedError(
            "On a team server, colleagues are disabled by its administrator with "
            "`remedy server users disable`."
        )
    keys = store.server_keys()
    keys.disable_user(username)
    keys.save_on(conn)
    terminate_sessions(conn, store.server.login_role(username))
    drop_login(conn, store.server.database, username)
    return keys


def reset_server_passphrase(*, store: Store, username: str, passphrase: str) -> None:
    """On a team server, the administrator sets a new passphrase for a colleague who lost
    theirs: their slot is rewrapped and their login's password set, in one transaction."""
    from remedy_tui.store.server_roles import create_login, may_create_roles

    _require_admin(store)
    check_passphrase_policy(passphrase, user_inputs=(username,))
    if store.server is None:
        raise ValidationError(
            "username", "On a store file, a lost passphrase is reset with the recovery code."
        )
    keys = store.server_keys()
    with store.session(write=True) as session:
        conn = session.connection()
        if not may_create_roles(conn):
            raise PermissionDeniedError(
                "On a team server, passphrases are reset by its administrator with "
                "`remedy server users reset`."
            )
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None or not user.active:
            raise NotFoundError(f"There is no active user called {username!r}.")
        check_passphrase_policy(passphrase, user_inputs=(username, user.full_name))
        # The administrator knows it: the colleague chooses their own at first sign-in. An
        # administrator back in with the recovery code who resets their own has chosen it.
        by_other = username != store.user.username
        signer = keys.set_user(username, passphrase, store.data_key(), set_by_other=by_other)
        introduce_signing_key(session, username, public_signing_key(signer), str(user.id))
        keys.save_on(conn)
        create_login(conn, store.server.database, username, passphrase, user.role)
        record_event(session, "passphrase_reset", "users", str(user.id), {})
        session.commit()
    store.keys = keys


def change_passphrase(*, store: Store, new_passphrase: str) -> None:
    """Rewrap the signed-in user's slot under a new passphrase (which clears a "must change"
    mark: the passphrase is now the user's own)."""
    check_passphrase_policy(new_passphrase, user_inputs=(store.user.username, store.user.full_name))
    if store.must_change_passphrase and _opens_slot(store, new_passphrase):
        raise PassphrasePolicyError(
            "Choose a passphrase of your own: that is the one the administrator set."
        )
    if store.server is not None:
        from remedy_tui.store.server_roles import change_own_password

        server_keys = store.server_keys()
        signer = server_keys.set_user(store.user.username, new_passphrase, store.data_key())
        # The slot and the login's password change together, or neither does.
        with store.session(write=True) as session:
            conn = session.connection()
            server_keys.save_on(conn)
            change_own_password(conn, store.server.database, store.user.username, new_passphrase)
            record_event(session, "passphrase_changed", "users", str(store.user.id), {})
            _introduce_own(session, store, signer)
            session.commit()
        store.keys = server_keys
        store.reconnect_with(new_passphrase)
        store.sign_from_now_with(signer)
        return
    keys = store.load_keys()
    # A new key pair with the new passphrase: an old copy of the slot and the old passphrase
    # (an administrator's, for a first sign-in) can no longer sign in the person's name.
    signer = keys.set_user(store.user.username, new_passphrase, store.data_key())
    before = store.paths.keys.read_bytes()
    with store.session(write=True) as session:
        record_event(session, "passphrase_changed", "users", str(store.user.id), {})
        _introduce_own(session, store, signer)
        # The slot is written with the entries pending, and put back if they fail to commit:
        # a new key in the slot is never left without the entry that makes it the person's.
        keys.save()
        try:
            session.commit()
        except BaseException:
            write_atomically(store.paths.keys, before)
            raise
    store.keys = keys
    store.sign_from_now_with(signer)


def _introduce_own(session: Session, store: Store, signer: Ed25519PrivateKey) -> None:
    """The entry that gives the signed-in person a new signing key, signed with their old one
    (without one, the new key signs its own introduction)."""
    if store.signer is None:
        session.info["signer"] = signer
    introduce_signing_key(
        session, store.user.username, public_signing_key(signer), str(store.user.id)
    )


def _opens_slot(store: Store, passphrase: str) -> bool:
    try:
        store.load_keys().unwrap_for_user(store.user.username, passphrase)
    except StoreError:
        return False
    return True


def recover_access(
    *,
    db_path: Path,
    username: str,
    recovery_code: str,
    new_passphrase: str,
    progress: Progress = SILENT,
) -> str:
    """Set a new passphrase for ``username`` with the recovery code; return the new code.

    The recovery code is single-use: a fresh one replaces it and must be written down. The
    data key is changed with them (:meth:`Store.rekey`): the old passphrase, and the old code,
    in any earlier copy of the key slots open nothing written from now on. A store on a
    network drive is refused before any of its files is opened.
    """
    refuse_network_drive(db_path)
    check_passphrase_policy(new_passphrase, user_inputs=(username,))
    paths = StorePaths(db_path)
    keys = KeySlotFile.load(paths.keys)
    unlocked = keys.open_recovery(recovery_code)
    store = Store.open_with_key(paths, keys, unlocked.data_key, username, signer=unlocked.signer)
    try:
        check_passphrase_policy(new_passphrase, user_inputs=(username, store.user.full_name))
        code = new_recovery_code()
        signers: list[Ed25519PrivateKey] = []

        def new_slots(keys: KeySlotFile) -> None:
            signers.append(keys.set_user(username, new_passphrase, unlocked.data_key))
            signers.append(keys.set_recovery_code(code, unlocked.data_key))

        store.rekey(new_slots, progress)
        user_signer, recovery_signer = signers
        with store.session(write=True) as session:
            record_event(session, "recovered", "users", str(store.user.id), {"by": "recovery code"})
            # Signed with the old recovery code's key, which opened the store.
            introduce_signing_key(
                session, username, public_signing_key(user_signer), str(store.user.id)
            )
            introduce_signing_key(session, RECOVERY_SIGNER, public_signing_key(recovery_signer))
            session.commit()
        return code
    finally:
        store.close()


@dataclass(frozen=True)
class UsersQuery:
    """A search over the team's users (name or username)."""

    search: str = ""


@dataclass(frozen=True)
class TeamMember:
    """A user as the users area lists them: who, which role, whether they can sign in, and
    for a TPD or head of school the programmes they lead."""

    user: UserView
    programmes: tuple[str, ...]


def users_page(
    *, session: Session, keys: KeySlotFile, query: UsersQuery, offset: int, limit: int
) -> Page[TeamMember]:
    """A page of the team's users, active first, then by name."""
    offset = max(0, offset)
    conditions: list[Any] = []
    words = query.search.strip().lower()
    if words:
        like = f"%{words}%"
        conditions.append(
            or_(
                func.lower(col(User.full_name)).like(like),
                func.lower(col(User.username)).like(like),
            )
        )
    users = list(
        session.exec(
            select(User)
            .where(*conditions)
            .order_by(col(User.active).desc(), col(User.full_name), col(User.id))
            .offset(offset)
            .limit(limit)
        )
    )
    ids = [u.id for u in users]
    led: dict[int, list[str]] = {}
    for user_id, programme in session.execute(
        sa_select(col(UserProgramme.user_id), col(UserProgramme.programme))
        .where(col(UserProgramme.user_id).in_(ids))
        .order_by(col(UserProgramme.programme))
    ):
        led.setdefault(user_id, []).append(programme)
    total = count_rows(session, User, *conditions)
    rows = tuple(TeamMember(_view(u, keys), tuple(led.get(u.id or 0, ()))) for u in users)
    return Page(rows, int(total), offset, limit, query)
