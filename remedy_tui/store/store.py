"""The encrypted store: create, unlock, sessions that audit every write, and close.

What is particular to the database engine is done by the store's :class:`Backend`
(SQLCipher unless told otherwise); the key slots, the user and the audit are the same on all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from remedy_tui import __version__
from remedy_tui.store import audit
from remedy_tui.store.attachments import derive_attachment_key
from remedy_tui.store.backend import Backend, Where, backend_named, default_backend
from remedy_tui.store.errors import (
    DamagedStoreError,
    NoStoreError,
    StoreError,
    StoreExistsError,
    TooManyAttemptsError,
    UserDisabledError,
    WrongPassphraseError,
)
from remedy_tui.store.filesystems import refuse_network_drive
from remedy_tui.store.in_use import Gate, OpenClaim, exclusively, gate
from remedy_tui.store.keyslots import (
    RECOVERY_SIGNER,
    KdfParams,
    KeySlotFile,
    Rekeyed,
    Unlocked,
    new_data_key,
    new_recovery_code,
)
from remedy_tui.store.lockout import Lockout
from remedy_tui.store.models import Role, StoreMeta, User
from remedy_tui.store.paths import StorePaths
from remedy_tui.store.progress import SILENT, Progress
from remedy_tui.store.server import ServerAddress
from remedy_tui.store.strength import check_passphrase_policy

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from remedy_tui.store.server_keys import ServerKeySlots


@dataclass(frozen=True)
class SignedInUser:
    """Who has the store open."""

    id: int
    username: str
    full_name: str
    role: Role
    is_admin: bool


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


class Store:
    """An open, unlocked store; every write through :meth:`session` is audited."""

    def __init__(
        self,
        paths: StorePaths | None,
        engine: Engine,
        data_key: bytes,
        user: SignedInUser,
        keys: KeySlotFile,
        backend: Backend | None = None,
        server: ServerAddress | None = None,
        *,
        signer: Ed25519PrivateKey | None = None,
        audit_key: bytes | None = None,
    ) -> None:
        self._paths = paths
        self.server = server
        self.backend = backend or default_backend()
        self.engine = engine
        self.user = user
        self.keys = keys
        self._data_key = data_key
        # The chain's key is derived from the first data key and kept in the store once that
        # key has been replaced (:meth:`rekey`), so the chain never changes key.
        self._audit_key = audit_key or audit.derive_audit_key(data_key)
        # The signed-in person's signing key: every audit entry of theirs is signed with it.
        self._signer = signer
        # A signing key this sign-in gave the person (their slot had none): introduced in the
        # chain by :meth:`introduce_new_signing_key` once the store is open.
        self._new_signing_key = False
        self._attachment_key = derive_attachment_key(data_key)
        self._sessions = sessionmaker(bind=engine, class_=Session, expire_on_commit=False)
        event.listen(self._sessions, "after_flush", audit.after_flush)
        self.migration_backup: Path | None = None
        # Wrong passphrases typed for this user since their last sign-in (the local file's
        # slow-down counts them; a team server's logins are PostgreSQL's to count).
        self.failed_sign_ins = 0
        # The claim on the store file held while it is open (a team server's store has none).
        self._claim: OpenClaim | None = None

    def write_first_records(
        self,
        username: str,
        full_name: str,
        role: Role,
        recovery_signer: Ed25519PrivateKey | None = None,
    ) -> None:
        """A new store's identity, the audit chain's genesis and its first (administrator)
        user, who is then the one signed in; their signing key and the recovery code's are
        the chain's first entries."""
        with self.session(write=True) as session:
            now = datetime.now(UTC).isoformat()
            for key, value in (
                ("store_id", self.keys.store_id),
                ("created_at", now),
                ("created_by_version", __version__),
                (audit.HEAD_KEY, '{"id": 0, "mac": "' + audit.GENESIS + '"}'),
            ):
                session.add(StoreMeta(key=key, value=value))
            session.flush()
            # The keys first: every later entry, the first user's own included, is signed.
            if self._signer is not None:
                audit.introduce_signing_key(
                    session, username, audit.public_signing_key(self._signer)
                )
            if recovery_signer is not None:
                audit.introduce_signing_key(
                    session, RECOVERY_SIGNER, audit.public_signing_key(recovery_signer)
                )
            user = User(username=username, full_name=full_name, role=role, is_admin=True)
            session.add(user)
            session.commit()
            assert user.id is not None
            self.user = SignedInUser(user.id, username, full_name, role, True)

    @property
    def paths(self) -> StorePaths:
        """The files of a store on this computer (a team server's store has none)."""
        if self._paths is None:
            raise StoreError(
                "This is the team server's database: it has no files on this computer, and "
                "its backups and key slots are kept on the server."
            )
        return self._paths

    @property
    def where(self) -> Where:
        """The store's file, or its team server's address."""
        return self.server if self.server is not None else self.paths.db

    @property
    def must_change_passphrase(self) -> bool:
        """True when the signed-in user's passphrase was set by an administrator: they choose
        their own (``remedy passwd`` or the app) before anything else."""
        return self.keys.must_change(self.user.username)

    def load_keys(self) -> KeySlotFile:
        """The key slots as they are now (another desktop or process may have changed them)."""
        if self.server is not None:
            from remedy_tui.store.server_keys import ServerKeySlots

            return ServerKeySlots.load_from(self.engine)
        return KeySlotFile.load(self.paths.keys)

    def server_keys(self) -> ServerKeySlots:
        """The team server's key slots as they are now."""
        from remedy_tui.store.server_keys import ServerKeySlots

        if self.server is None:
            raise StoreError("This store is a file on this computer, not a team server.")
        return ServerKeySlots.load_from(self.engine)

    # Opening ------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        db_path: Where,
        *,
        username: str,
        full_name: str,
        role: Role,
        passphrase: str,
        kdf: KdfParams | None = None,
        backend: Backend | None = None,
    ) -> tuple[Store, str]:
        """Make a new store with its first (administrator) user; return it and the recovery code.

        A place on a network drive is refused (:class:`NetworkDriveError`) before anything is
        written.
        """
        if isinstance(db_path, ServerAddress):
            from remedy_tui.store.server_setup import create_team_database

            return create_team_database(
                cls,
                db_path,
                username=username,
                full_name=full_name,
                role=role,
                passphrase=passphrase,
                kdf=kdf,
            )
        refuse_network_drive(db_path)
        backend = backend or default_backend()
        paths = StorePaths(db_path)
        if paths.db.exists() or paths.keys.exists():
            raise StoreExistsError(f"A store already exists at {paths.db}.")
        check_passphrase_policy(passphrase, user_inputs=(username, full_name))
        _private_dir(paths.db.parent)
        data_key = new_data_key()
        keys = KeySlotFile.new(paths.keys, kdf_template=kdf)
        signer = keys.set_user(username, passphrase, data_key)
        recovery_code = new_recovery_code()
        recovery_signer = keys.set_recovery_code(recovery_code, data_key)
        created: list[Path] = []
        claim: OpenClaim | None = None
        try:
            with gate(paths, user=username, doing="creating") as held:
                if paths.db.exists() or paths.keys.exists():
                    raise StoreExistsError(f"A store already exists at {paths.db}.")
                old_umask = os.umask(0o077)
                try:
                    created = backend.create_database(paths.db, data_key)
                    keys.save()
                    created.append(paths.keys)
                finally:
                    os.umask(old_umask)
                claim = held.claim(username)
            engine = backend.open_engine(paths.db, data_key)
            placeholder = SignedInUser(0, username, full_name, role, True)
            store = cls(paths, engine, data_key, placeholder, keys, backend, signer=signer)
            store._claim = claim
            store.write_first_records(username, full_name, role, recovery_signer)
        except BaseException:
            if claim is not None:
                claim.release()
            for path in created:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        return store, recovery_code

    @classmethod
    def open(
        cls,
        db_path: Where,
        username: str,
        passphrase: str,
        *,
        migrate: bool = True,
        backend: Backend | None = None,
    ) -> Store:
        """Unlock the store as ``username``; slow down after repeated failures.

        A store on a network drive is refused (:class:`NetworkDriveError`) before any of its
        files is opened.
        """
        if isinstance(db_path, ServerAddress):
            return cls.open_server(db_path, username, passphrase)
        refuse_network_drive(db_path)
        paths = StorePaths(db_path)
        if not paths.db.exists():
            raise NoStoreError(
                f"There is no store at {paths.db}. Create one with `remedy init`, "
                "or try the demo with `remedy demo`."
            )
        _refuse_empty(paths)
        lockout = Lockout(paths.lockout)
        wait = lockout.wait_seconds(username)
        if wait > 0:
            raise TooManyAttemptsError(wait)
        keys = KeySlotFile.load(paths.keys)
        try:
            unlocked = keys.open_user(username, passphrase)
        except (WrongPassphraseError, UserDisabledError):
            lockout.record_failure(username)
            raise
        failed = lockout.failures(username)
        lockout.reset(username)
        unlocked, given = _with_key_pair(unlocked, keys, username, passphrase)
        store = cls.open_with_key(
            paths,
            keys,
            unlocked.data_key,
            username,
            migrate=migrate,
            backend=backend,
            signer=unlocked.signer,
        )
        store.failed_sign_ins = failed
        if given:
            store.introduce_new_signing_key()
        return store

    @classmethod
    def open_with_key(
        cls,
        paths: StorePaths,
        keys: KeySlotFile,
        data_key: bytes,
        username: str,
        *,
        migrate: bool = True,
        backend: Backend | None = None,
        signer: Ed25519PrivateKey | None = None,
    ) -> Store:
        """Open with an already unwrapped data key (after a passphrase or a recovery code);
        ``signer`` signs the audit entries of the session."""
        backend = backend or default_backend()
        _refuse_empty(paths)
        engine = backend.open_engine(paths.db, data_key)  # connects at its first use
        claim: OpenClaim | None = None
        try:
            backup_path = None
            # The store is claimed as open under its gate: a restore, rekey or migration
            # elsewhere is either done before this open or refused while it lasts.
            with gate(paths, user=username, doing="opening") as held:
                _finish_rekey(paths, data_key)
                if migrate:
                    backup_path = backend.upgrade(
                        engine,
                        paths.db,
                        data_key,
                        lambda revision: _backup_alone(held, engine, paths, revision),
                    )
                claim = held.claim(username)
            store = cls._signed_in(paths, engine, data_key, username, keys, backend, signer=signer)
            store.migration_backup = backup_path
            store._claim = claim
            return store
        except BaseException:
            if claim is not None:
                claim.release()
            engine.dispose()
            raise

    @classmethod
    def open_server(cls, address: ServerAddress, username: str, passphrase: str) -> Store:
        """Sign in to a team database as ``username``'s own login role, then unwrap the team
        key from their slot with the same passphrase. An address that names a database user
        (the administrator's commands) connects as that user instead."""
        from remedy_tui.store.server_keys import ServerKeySlots
        from remedy_tui.store.server_setup import check_reachable

        backend = backend_named("postgresql")
        if address.names_user:
            engine = address.owner_engine()
        else:
            engine = address.engine_for(username, passphrase)
        try:
            check_reachable(engine, address)
            keys = ServerKeySlots.load_from(engine)
            unlocked = keys.open_user(username, passphrase)
            backend.upgrade(engine, address, unlocked.data_key, _no_backup)
            unlocked, given = _with_key_pair(unlocked, keys, username, passphrase)
            store = cls._signed_in(
                None,
                engine,
                unlocked.data_key,
                username,
                keys,
                backend,
                address,
                signer=unlocked.signer,
            )
            if given:
                store.introduce_new_signing_key()
            return store
        except BaseException:
            engine.dispose()
            raise

    @classmethod
    def open_server_with_recovery_code(
        cls, address: ServerAddress, recovery_code: str, username: str
    ) -> Store:
        """The administrator's way back in when every administrator's passphrase is lost:
        connect as the database's owner, unwrap the team key with the recovery code, and act
        as ``username`` (who must be an active administrator of the team)."""
        from remedy_tui.store.server_keys import ServerKeySlots
        from remedy_tui.store.server_setup import check_reachable

        if not address.names_user:
            raise StoreError(
                "The recovery code is used by the team database's owner: give the address as "
                "postgresql://OWNER@HOST:PORT/DATABASE."
            )
        backend = backend_named("postgresql")
        engine = address.owner_engine()
        try:
            check_reachable(engine, address)
            keys = ServerKeySlots.load_from(engine)
            unlocked = keys.open_recovery(recovery_code)
            backend.upgrade(engine, address, unlocked.data_key, _no_backup)
            return cls._signed_in(
                None,
                engine,
                unlocked.data_key,
                username,
                keys,
                backend,
                address,
                signer=unlocked.signer,
            )
        except BaseException:
            engine.dispose()
            raise

    @classmethod
    def _signed_in(
        cls,
        paths: StorePaths | None,
        engine: Engine,
        data_key: bytes,
        username: str,
        keys: KeySlotFile,
        backend: Backend,
        server: ServerAddress | None = None,
        *,
        signer: Ed25519PrivateKey | None = None,
    ) -> Store:
        with Session(engine) as session:
            user = session.exec(select(User).where(User.username == username)).first()
            kept = session.exec(
                select(StoreMeta.value).where(StoreMeta.key == audit.AUDIT_KEY_META)
            ).first()
        if user is None:
            raise WrongPassphraseError("Wrong user name or passphrase.")
        if not user.active:
            raise UserDisabledError(
                f"The user {username!r} has been disabled; ask an administrator of this store."
            )
        assert user.id is not None
        signed_in = SignedInUser(user.id, user.username, user.full_name, user.role, user.is_admin)
        audit_key = bytes.fromhex(kept) if kept else None
        return cls(
            paths,
            engine,
            data_key,
            signed_in,
            keys,
            backend,
            server,
            signer=signer,
            audit_key=audit_key,
        )

    # Working ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session whose writes are audited as the signed-in user; one commit, one transaction.

        ``write`` takes the database's write lock at once (the backend's ``begin_write``):
        what the change reads cannot be changed by another process before it commits, so a
        change never fails half-way on a snapshot gone stale, and the audit chain is numbered
        under the lock.
        """
        session = self._sessions()
        session.info["actor"] = self.user.username
        session.info["actor_id"] = self.user.id
        session.info["audit_key"] = self._audit_key
        session.info["signer"] = self._signer
        session.info["attachment_key"] = self._attachment_key
        session.info["backend"] = self.backend
        try:
            if write:
                self.backend.begin_write(session)
            yield session
        except StatementError:
            session.rollback()
            raise
        finally:
            session.close()

    @property
    def store_id(self) -> str:
        """The identity shared by the database and its key-slot file."""
        return self.keys.store_id

    def data_key(self) -> bytes:
        """The raw data key, for operations that rewrap slots or copy the database."""
        return self._data_key

    def seal_attachment(self, document_id: int, data: bytes) -> bytes:
        """What to store for a document's bytes written outside a session (the demo, moving
        in): sealed under the team key where the backend seals attachments."""
        from remedy_tui.store.attachments import seal

        return (
            seal(self._attachment_key, document_id, data)
            if self.backend.seals_attachments
            else data
        )

    def audit_key(self) -> bytes:
        """The HMAC key of the audit chain."""
        return self._audit_key

    @property
    def signer(self) -> Ed25519PrivateKey | None:
        """The signed-in person's signing key (None: a slot from before signing keys)."""
        return self._signer

    def introduce_new_signing_key(self) -> None:
        """Chain the entry that makes the signing key this sign-in gave the person theirs
        (their slot had none: it was written by an older Remedy)."""
        if self._signer is None:
            return
        with self.session(write=True) as session:
            audit.introduce_signing_key(
                session,
                self.user.username,
                audit.public_signing_key(self._signer),
                str(self.user.id),
            )
            session.commit()

    def sign_from_now_with(self, signer: Ed25519PrivateKey) -> None:
        """Sign with ``signer`` from now on: the person's new key after a passphrase change,
        once the entry introducing it has been signed with the old one."""
        self._signer = signer

    def rekey(
        self,
        change: Callable[[KeySlotFile], None] | None = None,
        progress: Progress = SILENT,
    ) -> str | None:
        """Change the data key of a store file and seal the new one to every remaining slot,
        after applying ``change`` to the key slots (disabling a user, a reset): an earlier copy
        of any slot, and any earlier passphrase, then opens nothing written from now on.

        Only while no other process has the store open (refused naming who has). The database
        is copied under the new key beside the old one; the key-slot file written with the
        new key is the step that commits; the copy then replaces the database. A crash before
        the commit leaves the old store (the copy is removed at the next open); after it, the
        next open finishes the swap. Returns a new recovery code when the old one could not be
        carried over (its slot was written before key pairs), else None.
        """
        from remedy_tui.store.engine import export_rekeyed

        paths = self.paths
        with self.exclusively(
            doing="changing the store's key",
            what="Changing the store's key",
            retry="try again",
        ):
            keys = KeySlotFile.load(paths.keys)
            if change is not None:
                change(keys)
            new_key = new_data_key()
            with self.session(write=True) as session:
                kept = session.get(StoreMeta, audit.AUDIT_KEY_META)
                if kept is None:
                    session.add(StoreMeta(key=audit.AUDIT_KEY_META, value=self._audit_key.hex()))
                    session.commit()
            self.backend.checkpoint(self.engine)
            pending = rekey_pending(paths)
            pending.unlink(missing_ok=True)
            export_rekeyed(self.engine, pending, new_key, progress)
            progress.phase("sealing the new key to every remaining person")
            rekeyed: Rekeyed = keys.rekey(new_key)
            code: str | None = None
            recovery_signer = None
            if rekeyed.recovery_lost:
                code = new_recovery_code()
                recovery_signer = keys.set_recovery_code(code, new_key)
            self.engine.dispose()
            try:
                keys.save()  # the commit
            except BaseException:
                pending.unlink(missing_ok=True)
                raise
            _finish_rekey(paths, new_key)
            self.engine = self.backend.open_engine(paths.db, new_key)
            self._sessions.configure(bind=self.engine)
            self._data_key = new_key
            self._attachment_key = derive_attachment_key(new_key)
            self.keys = keys
        if recovery_signer is not None:
            with self.session(write=True) as session:
                audit.introduce_signing_key(
                    session, RECOVERY_SIGNER, audit.public_signing_key(recovery_signer)
                )
                session.commit()
        return code

    def reconnect_with(self, passphrase: str) -> None:
        """On a team server, after the signed-in person's login password changed with their
        passphrase: connections made from now on sign in with the new one (the old engine's
        would be refused by the server)."""
        if self.server is None or self.server.names_user:
            return
        engine = self.server.engine_for(self.user.username, passphrase)
        old, self.engine = self.engine, engine
        self._sessions.configure(bind=engine)
        old.dispose()

    @contextlib.contextmanager
    def exclusively(self, *, doing: str, what: str, retry: str) -> Iterator[Gate]:
        """Go ahead with ``doing`` (a rekey) only while no other process has this store open,
        holding it so until done; refused naming who has it open (see
        :func:`remedy_tui.store.in_use.exclusively`)."""
        with exclusively(
            self.paths,
            user=self.user.username,
            doing=doing,
            what=what,
            retry=retry,
            ignoring=self._claim,
        ) as held:
            yield held

    def close(self) -> None:
        """Drop every connection, forget the keys held by this object and give up the claim
        on the store file."""
        self.engine.dispose()
        self._data_key = b""
        self._audit_key = b""
        self._attachment_key = b""
        self._sessions.configure(bind=None)
        if self._claim is not None:
            self._claim.release()  # last: a restore may go ahead from here


def _with_key_pair(
    unlocked: Unlocked, keys: KeySlotFile, username: str, passphrase: str
) -> tuple[Unlocked, bool]:
    """``unlocked`` as it is when its slot has a key pair; otherwise the slot (written by an
    older Remedy) is given one under the same passphrase and saved, and the second value is
    True: the caller introduces the new signing key in the chain."""
    if unlocked.has_key_pair:
        return unlocked, False
    signer = keys.give_key_pair(username, passphrase, unlocked.data_key)
    keys.save()
    return Unlocked(unlocked.data_key, signer), True


def rekey_pending(paths: StorePaths) -> Path:
    """Where :meth:`Store.rekey` writes the database under its new key before the swap."""
    return paths.db.with_name(paths.db.name + ".rekey")


def _finish_rekey(paths: StorePaths, data_key: bytes) -> None:
    """Finish or undo a change of key that stopped half-way (called under the store's gate,
    with the key the key-slot file gives now). The copy under the new key opens with it only
    if the key-slot file was written (the commit): then it replaces the database; otherwise it
    is a leftover of a change that never committed and is removed."""
    from remedy_tui.store.engine import opens_with
    from remedy_tui.store.private_files import sync_folder

    pending = rekey_pending(paths)
    if not pending.exists():
        return
    if not opens_with(pending, data_key):
        pending.unlink(missing_ok=True)
        return
    # The old database's write-ahead log belongs to it: left beside the new file it would be
    # replayed into it. It is empty (checkpointed before the copy was made).
    for leftover in (paths.wal, paths.shm):
        leftover.unlink(missing_ok=True)
    os.replace(pending, paths.db)
    sync_folder(paths.db.parent)


def _refuse_empty(paths: StorePaths) -> None:
    """A database file of 0 bytes is a store lost, never one to make afresh."""
    if paths.db.exists() and paths.db.stat().st_size == 0:
        raise DamagedStoreError(
            f"The store's database {paths.db} is empty (0 bytes): it was damaged or cut short. "
            "Nothing was changed; restore a backup with `remedy restore`."
        )


def _backup_alone(held: Gate, engine: Engine, paths: StorePaths, revision: str) -> Path:
    """Back up an older store before migrating it, only while no other process has it open
    (one running an older Remedy would go on writing to the old schema)."""
    from remedy_tui.store.backup import backup_before_migration

    held.now_doing("upgrading")
    held.refuse_if_open(
        "Upgrading the store for this version of Remedy",
        "open it here again",
    )
    return backup_before_migration(engine, paths, revision)


def _no_backup(revision: str) -> Path:
    raise StoreError("A desktop does not back up or migrate the team database.")


def store_exists(db_path: Path) -> bool:
    """True when a store (database or key slots) is at ``db_path``."""
    paths = StorePaths(db_path)
    return paths.db.exists() or paths.keys.exists()


def describe_error(exc: BaseException) -> str:
    """One line for a user about an unexpected store error."""
    if isinstance(exc, StoreError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
