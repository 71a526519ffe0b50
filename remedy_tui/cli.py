"""The ``remedy`` command: parse arguments, ask for secrets, run one command or the app."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from remedy_tui import __version__, config
from remedy_tui.progress_display import showing_progress
from remedy_tui.services.desk import Desk
from remedy_tui.store import (
    StoreError,
    StorePaths,
    TooManyAttemptsError,
    store_exists,
)
from remedy_tui.store.backend import Where
from remedy_tui.store.models import Role
from remedy_tui.store.server import PLAIN_LOOPBACK, VERIFY_FULL, ServerAddress

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A failure to report on one line of stderr."""


def _err(message: str) -> None:
    print(f"remedy: {message}", file=sys.stderr)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(prompt: str, env: str | None = None) -> str:
    if env and os.environ.get(env):
        return os.environ[env]
    if not _interactive():
        hint = f" (set {env})" if env else ""
        raise CliError(f"{prompt.strip(': ')} is needed but there is no terminal to ask{hint}.")
    return input(prompt).strip()


def _secret(prompt: str, env: str | None = None) -> str:
    if env and os.environ.get(env):
        return os.environ[env]
    if not _interactive():
        hint = f" (set {env})" if env else ""
        raise CliError(f"{prompt.strip(': ')} is needed but there is no terminal to ask{hint}.")
    return getpass.getpass(prompt)


def _new_secret(env: str, what: str = "New passphrase") -> str:
    if os.environ.get(env):
        return os.environ[env]
    first = _secret(f"{what}: ")
    second = _secret(f"{what} again: ")
    if first != second:
        raise CliError("The two passphrases differ; nothing was changed.")
    return first


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise argparse.ArgumentTypeError(f"unknown role {value!r}; choose from {choices}") from None


def open_desk(db_path: Where, *, changing_passphrase: bool = False, record: bool = True) -> Desk:
    """Unlock the store for a command, asking for (or reading) the user and passphrase.

    A user whose passphrase an administrator set is refused every command but ``remedy
    passwd`` (``changing_passphrase``) until they have chosen their own. The sign-in is
    recorded in the audit trail, except with ``record`` False: the commands that must work on
    a damaged store (check, backup) write nothing to it.
    """
    desk = _unlock(db_path, record)
    if not changing_passphrase:
        desk.refuse_until_passphrase_changed()
    return desk


# Where a command's sign-in comes from, as the audit trail records it.
VIA_COMMAND_LINE = "command line"


def _unlock(db_path: Where, record: bool = True) -> Desk:
    desk = _signed_in(db_path, VIA_COMMAND_LINE if record else None)
    if desk.history_warning:
        print(f"remedy: warning: {desk.history_warning}", file=sys.stderr)
    return desk


def _signed_in(db_path: Where, via: str | None) -> Desk:
    if isinstance(db_path, ServerAddress):
        user = _ask("User name: ", config.USER_ENV)
        passphrase = _secret("Passphrase: ", config.PASSPHRASE_ENV)
        return Desk.open(db_path, user, passphrase, via=via)
    if not db_path.exists():
        raise CliError(
            f"there is no store at {db_path}. Create one with `remedy init`, or try `remedy demo`."
        )
    user = _ask("User name: ", config.USER_ENV)
    passphrase = _secret("Passphrase: ", config.PASSPHRASE_ENV)
    for _ in range(2):
        try:
            return Desk.open(db_path, user, passphrase, via=via)
        except TooManyAttemptsError as exc:
            print(
                f"remedy: waiting {exc.wait_seconds:.0f} s after repeated failed attempts",
                file=sys.stderr,
            )
            time.sleep(exc.wait_seconds)
    return Desk.open(db_path, user, passphrase, via=via)


# Commands ---------------------------------------------------------------------------------


def cmd_launch(args: argparse.Namespace) -> int:
    """Open the app on the store (offering to create one if there is none)."""
    from remedy_tui.app import RemedyApp

    RemedyApp(store_path=args.where).run()
    return EXIT_OK


def _local(args: argparse.Namespace, what: str) -> Path:
    """The store file, for commands that work on a file on this computer only."""
    if isinstance(args.where, ServerAddress):
        raise CliError(f"{what} works on a store file on this computer, not on a team server.")
    path: Path = args.store_path
    return path


def cmd_init(args: argparse.Namespace) -> int:
    """Create a new, empty store with its first (administrator) user."""
    _local(args, "`remedy init`")
    if store_exists(args.store_path):
        raise CliError(f"a store already exists at {args.store_path}; nothing was changed.")
    username = args.user or _ask("Your user name (e.g. asmith): ", config.USER_ENV)
    full_name = args.full_name or _ask("Your full name: ")
    passphrase = os.environ.get(config.PASSPHRASE_ENV) or _new_secret(
        config.NEW_PASSPHRASE_ENV, "Passphrase"
    )
    from remedy_tui.services.common.validation import check_username, required_text

    username = check_username(username)
    full_name = required_text(full_name, field="full_name", label="Full name", max_length=200)
    desk, code = Desk.create(
        args.store_path,
        username=username,
        full_name=full_name,
        role=args.role,
        passphrase=passphrase,
    )
    desk.close()
    print(f"Created a store at {args.store_path} for {full_name} ({username}).")
    print()
    print("Recovery code (shown once; write it down and keep it somewhere safe):")
    print()
    print(f"    {code}")
    print()
    print("If every passphrase is lost, this code is the only way back in: `remedy recover`.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Build the demo store if it is absent, print how to sign in, and open the app on it."""
    from remedy_tui.demo import DemoSpec, build_demo_store

    path = _local(args, "`remedy demo`")
    if args.cases < 1 or args.cases > 1_000_000:
        raise CliError("--cases must be between 1 and 1,000,000.")
    if not store_exists(path):
        with showing_progress(
            f"Building a demo store of {args.cases:,} synthetic cases at {path} ..."
        ) as shown:
            shown.phase("writing synthetic cases", total=args.cases, unit="cases")
            store, counts = build_demo_store(
                path,
                DemoSpec(cases=args.cases, seed=args.seed, today=date.today()),
                progress=lambda done, _total: shown.advance(done),
            )
            store.close()
        print(f"  {sum(counts.rows.values()):,} rows written.", file=sys.stderr)
    else:
        print(f"Using the demo store already at {path}.", file=sys.stderr)
    print("Demo store: every name and detail in it is fictional.")
    print(f"  user name:  {config.DEMO_USER}")
    print(f"  passphrase: {config.DEMO_PASSPHRASE}")
    if args.no_launch:
        return EXIT_OK
    from remedy_tui.app import RemedyApp

    RemedyApp(store_path=path, demo=True).run()
    return EXIT_OK


def cmd_users(args: argparse.Namespace) -> int:
    """Add, list or disable users."""
    from remedy_tui.services.common import users

    desk = open_desk(args.where)
    try:
        if args.users_command == "list":
            listed = desk.read(users.list_users)
            for u in listed:
                print(users.describe_user(u))
        elif args.users_command == "add":
            full_name = args.full_name or _ask("Full name: ")
            passphrase = _new_secret(config.NEW_PASSPHRASE_ENV, f"Passphrase for {args.username}")
            added = desk.with_store(
                users.add_user,
                username=args.username,
                full_name=full_name,
                role=args.role,
                passphrase=passphrase,
                is_admin=args.admin,
                programmes=tuple(args.programme),
            )
            print(f"Added {added.full_name} ({added.username}) as {added.role.label}.")
            print("Give them their passphrase in person; they choose their own at their first")
            print("sign-in (the app, or `remedy passwd`).")
        elif args.users_command == "disable":
            local = not isinstance(args.where, ServerAddress)
            with showing_progress(
                f"Disabling {args.username} and changing the store's key ..."
                if local
                else f"Disabling {args.username} ..."
            ) as progress:
                new_code = desk.with_store(
                    users.disable_user, username=args.username, progress=progress
                )
            print(f"Disabled {args.username}: their key slot is destroyed and they cannot sign in.")
            print("The store's key has been changed: no earlier copy of their key slot (in an")
            print("old key file or a backup) opens anything written from now on. Backups made")
            print("before keep the old key and the slots of their time.")
            for user_name in desk.with_store(users.users_needing_reset):
                print(
                    f"{user_name} had not signed in since this version of Remedy was installed,"
                    " so their key slot could not be carried over: set them a new passphrase"
                    " with `remedy recover`."
                )
            if new_code:
                print()
                print("The old recovery code could not be carried over to the new key either.")
                print("The new recovery code (write it down):")
                print()
                print(f"    {new_code}")
    finally:
        desk.close()
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    """Change the signed-in user's passphrase."""
    from remedy_tui.services.common import users

    desk = open_desk(args.where, changing_passphrase=True)
    try:
        new_passphrase = _new_secret(config.NEW_PASSPHRASE_ENV)
        desk.with_store(users.change_passphrase, new_passphrase=new_passphrase)
        print(f"Changed the passphrase for {desk.user.username}.")
    finally:
        desk.close()
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    """Set a new passphrase with the recovery code; a new recovery code replaces it."""
    from remedy_tui.services.common import users

    if isinstance(args.where, ServerAddress):
        raise CliError(
            "on a team server a lost passphrase is reset by the administrator: "
            "`remedy server users reset NAME`"
        )
    if not args.store_path.exists():
        raise CliError(f"there is no store at {args.store_path}.")
    username = args.user or _ask("User name to recover: ", config.USER_ENV)
    code = _secret("Recovery code: ", config.RECOVERY_CODE_ENV)
    new_passphrase = _new_secret(config.NEW_PASSPHRASE_ENV)
    with showing_progress("Setting a new passphrase and changing the store's key ...") as progress:
        new_code = users.recover_access(
            db_path=args.store_path,
            username=username,
            recovery_code=code,
            new_passphrase=new_passphrase,
            progress=progress,
        )
    print(f"Set a new passphrase for {username}.")
    print()
    print("The old recovery code no longer works. The new one (write it down):")
    print()
    print(f"    {new_code}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Write an encrypted backup of the store to PATH."""
    from remedy_tui.services.common.backups import backup_store

    desk = open_desk(args.where, record=False)
    try:
        with showing_progress("Writing an encrypted backup ...") as progress:
            written = desk.with_store(backup_store, dest=Path(args.path), progress=progress)
    finally:
        desk.close()
    print(f"Backup written to {written} (encrypted; it opens with the passphrases of today).")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    """Write the audit trail to a CSV file for an information-governance review."""
    from remedy_tui.services.oversight.audit_trail import AuditKind, AuditQuery, export_audit

    query = AuditQuery(search=args.case or "", actor=args.user_filter, kind=AuditKind(args.kind))
    desk = open_desk(args.where)
    try:
        count, written = desk.with_store(export_audit, typed_path=args.path, query=query)
    finally:
        desk.close()
    print(f"Wrote {count:,} audit entries to {written} (readable by you only). It names the")
    print("fields each change touched, never their values; the export itself is now on the trail.")
    return EXIT_OK


def cmd_salvage(args: argparse.Namespace) -> int:
    """Copy whatever can still be read of a damaged store into a new store at PATH."""
    from remedy_tui.store.salvage import salvage

    _local(args, "`remedy salvage`")
    user = _ask("User name: ", config.USER_ENV)
    passphrase = _secret("Passphrase: ", config.PASSPHRASE_ENV)
    dest = Path(args.path).expanduser()
    print(f"Reading {args.store_path} table by table; nothing is written to it.")
    results = salvage(args.store_path, user, passphrase, dest)
    lost_any = False
    for result in results:
        if not result.damaged:
            if result.copied:
                print(f"  {result.table:<24} {result.copied:>9,} copied")
            continue
        lost_any = True
        words = []
        if result.lost:
            spans = ", ".join(f"{a:,}" if a == b else f"{a:,}-{b:,}" for a, b in result.lost[:5])
            more = f" and {len(result.lost) - 5} more ranges" if len(result.lost) > 5 else ""
            words.append(f"rows {spans}{more} could not be read")
        if result.end_lost_after is not None:
            words.append(
                f"any rows after {result.end_lost_after:,} could not be read"
                if result.end_lost_after
                else "none of its rows could be read"
            )
        print(f"  {result.table:<24} {result.copied:>9,} copied; {'; '.join(words)}")
    print(f"Salvaged into {dest} (encrypted with the same key; the same people sign in).")
    if lost_any:
        print("What could not be read is lost from the copy: restore a backup if you have one,")
        print("and run `remedy check` on the copy (its audit chain will say where it breaks).")
    else:
        print("Every row could be read. Run `remedy check` on the copy.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the store with a backup, keeping the current store aside."""
    from remedy_tui.services.common.backups import check_restore, restore_store

    _local(args, "`remedy restore`")
    # Refused before any passphrase is asked for: not a backup, another store's, in use.
    check_restore(backup=Path(args.path), db_path=args.store_path, other_store=args.other_store)
    user = _ask("User name: ", config.USER_ENV)
    passphrase = _secret("Passphrase (as it was when the backup was made): ", config.PASSPHRASE_ENV)
    with showing_progress("Restoring: the backup is unpacked and checked first ...") as progress:
        done = restore_store(
            backup=Path(args.path),
            db_path=args.store_path,
            username=user,
            passphrase=passphrase,
            other_store=args.other_store,
            progress=progress,
        )
    print(f"Restored {args.path} to {args.store_path}.")
    if done.replaced_other_store:
        print(f"As asked, store {done.replaced_other_store} was replaced by store {done.store_id}.")
    if done.kept:
        print(f"The store it replaced is kept, encrypted, in {done.kept}.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Check integrity, cipher integrity, foreign keys, migration head and the audit chain."""
    from remedy_tui.services.common.history import check_history
    from remedy_tui.store.check import CheckResult, run_checks

    desk = open_desk(args.where, record=False)
    try:
        title = "Checking the store (the full check) ..." if args.full else "Checking the store ..."
        with showing_progress(title) as progress:
            results = desk.with_store(run_checks, full=args.full, progress=progress)
            progress.phase("the history this computer has seen")
            problem = desk.with_store(check_history)
    finally:
        desk.close()
    results.append(
        CheckResult(
            "history",
            problem is None,
            "reaches the newest entry this computer has seen" if problem is None else problem,
        )
    )
    for result in results:
        print(f"{'ok  ' if result.ok else 'FAIL'}  {result.name:<18} {result.detail}")
    failed = [r for r in results if not r.ok]
    if failed:
        _err(f"{len(failed)} check(s) failed: {', '.join(r.name for r in failed)}")
        if {r.name for r in failed} & {"integrity", "cipher integrity"}:
            _err(
                "the store file is damaged: restore a backup (`remedy restore PATH`), or copy "
                "what can still be read into a new store with `remedy salvage NEW_FILE`"
            )
        return EXIT_FAILURE
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import practitioners, referrals, decisions, cases and actions from a spreadsheet."""
    from remedy_tui.import_command import ImportCommandError, run_import

    try:
        return run_import(args, args.where, open_desk=open_desk, ask=_ask)
    except ImportCommandError as exc:
        raise CliError(str(exc)) from None


def _where(args: argparse.Namespace) -> Where:
    """The team server if one is named (``--server``, ``REMEDY_SERVER``, the saved profile),
    else the store file. ``--store`` always means the file."""
    if args.store or getattr(args, "handler", None) in (cmd_demo, cmd_server):
        return args.store_path  # type: ignore[no-any-return]
    settings = config.Settings.load()
    url = args.server or os.environ.get(config.SERVER_ENV) or settings.server
    if not url:
        return args.store_path  # type: ignore[no-any-return]
    plain = args.insecure_plain_loopback or os.environ.get(config.PLAIN_LOOPBACK_ENV) == "1"
    if not (args.server or os.environ.get(config.SERVER_ENV)):
        plain = plain or settings.server_plain_loopback
    address = ServerAddress(url, PLAIN_LOOPBACK if plain else VERIFY_FULL)
    if address.names_user:
        # The app and every desktop command sign in as the person's own login role, never
        # as the database's owner: only `remedy server ...` takes an owner's address.
        raise CliError(
            f"{address.display()} names a database user: a desktop signs in as its own Remedy "
            "user, so give the address as postgresql://HOST:PORT/DATABASE"
        )
    return address


def _owner_address(args: argparse.Namespace) -> ServerAddress | None:
    url = getattr(args, "url", None)
    if url is None:
        return None
    plain = (
        args.insecure_plain_loopback
        or args.server_plain
        or os.environ.get(config.PLAIN_LOOPBACK_ENV) == "1"
    )
    return ServerAddress(url, PLAIN_LOOPBACK if plain else VERIFY_FULL)


def cmd_server(args: argparse.Namespace) -> int:
    """Set up and look after a team server (the administrator's commands)."""
    from remedy_tui.server_admin import ServerCommandError, run_server_command

    try:
        return run_server_command(
            args, _owner_address(args), ask=_ask, new_secret=_new_secret, secret=_secret
        )
    except ServerCommandError as exc:
        raise CliError(str(exc)) from None


# Parsing ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="remedy",
        description="Remedy: case management for concerns about doctors, dentists and "
        "pharmacists, on an encrypted local store.",
        epilog="For scripts: REMEDY_STORE, REMEDY_USER and REMEDY_PASSPHRASE replace "
        "--store and the prompts; REMEDY_NEW_PASSPHRASE and REMEDY_RECOVERY_CODE likewise.",
    )
    parser.add_argument("--version", action="version", version=f"remedy {__version__}")
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="the store's database file (default: $REMEDY_STORE, "
        f"else {config.default_store_path()})",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="a team server's database, postgresql://HOST:PORT/DATABASE (default: "
        "$REMEDY_SERVER, else the saved profile, else the store file)",
    )
    parser.add_argument(
        "--insecure-plain-loopback",
        action="store_true",
        help="connect to a team server on this machine WITHOUT TLS (tests and demos only)",
    )
    parser.set_defaults(handler=cmd_launch)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    init = add("init", cmd_init, "create a new store with you as its first administrator")
    init.add_argument("--user", help="your user name (default: $REMEDY_USER or ask)")
    init.add_argument("--full-name", help="your full name")
    init.add_argument(
        "--role",
        type=_role,
        default=Role.NON_CLINICAL_CASE_MANAGER,
        help="your role (default: non_clinical_case_manager)",
    )

    demo = add("demo", cmd_demo, "build (if absent) and open a store of synthetic demo data")
    demo.add_argument("--cases", type=int, default=400, help="how many cases (default 400)")
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        help="the number the synthetic data is drawn from (default 1)",
    )
    demo.add_argument("--no-launch", action="store_true", help="only build the store")

    users = add("users", cmd_users, "add, list or disable users")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    users_sub.add_parser("list", help="list every user")
    users_add = users_sub.add_parser("add", help="add a colleague with their own passphrase")
    users_add.add_argument("username")
    users_add.add_argument("--full-name")
    users_add.add_argument("--role", type=_role, default=Role.NON_CLINICAL_CASE_MANAGER)
    users_add.add_argument("--admin", action="store_true", help="may manage users")
    users_add.add_argument(
        "--programme",
        action="append",
        default=[],
        metavar="NAME",
        help="a training programme a TPD or head of school leads (repeat for more)",
    )
    users_disable = users_sub.add_parser("disable", help="stop a user signing in")
    users_disable.add_argument("username")

    add("passwd", cmd_passwd, "change your passphrase")
    recover = add("recover", cmd_recover, "set a new passphrase using the recovery code")
    recover.add_argument("--user", help="the user to recover")
    backup = add("backup", cmd_backup, "write an encrypted backup of the store")
    backup.add_argument("path", help="the backup file (or a folder to put it in)")
    restore = add("restore", cmd_restore, "replace the store with a backup")
    restore.add_argument("path", help="the backup file")
    restore.add_argument(
        "--replace-with-other-store",
        dest="other_store",
        metavar="STORE_ID",
        help="restore a backup of another store (the id the refusal names) in place of this one",
    )
    check = add("check", cmd_check, "check integrity, encryption, schema and the audit chain")
    check.add_argument(
        "--full",
        action="store_true",
        help="also compare every index with its table (SQLite's full integrity check; "
        "about twice as long)",
    )
    audit = add("audit", cmd_audit, "export the audit trail for an information-governance review")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_export = audit_sub.add_parser("export", help="write the trail to a CSV file")
    audit_export.add_argument("path", help="the CSV file to write (or a folder to put it in)")
    audit_export.add_argument("--case", help="only entries about this case (its reference)")
    audit_export.add_argument(
        "--by", dest="user_filter", metavar="USER", help="only this person's entries"
    )
    audit_export.add_argument(
        "--kind",
        choices=["all", "changes", "sign-ins", "exports", "passphrases"],
        default="all",
        help="only entries of this kind",
    )
    salvage = add("salvage", cmd_salvage, "copy what can be read of a damaged store into a new one")
    salvage.add_argument("path", help="the new store file to write (remedy-salvaged.db)")
    from remedy_tui.import_command import add_import_parser

    add_import_parser(
        add(
            "import",
            cmd_import,
            "import practitioners, referrals, cases, decisions and actions from a spreadsheet",
        )
    )
    from remedy_tui.server_admin import add_server_parser

    add_server_parser(add("server", cmd_server, "set up and look after a team server"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``remedy`` with ``argv``; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    default = config.default_demo_store_path() if args.handler is cmd_demo else None
    args.store_path = (
        config.resolve_store_path(args.store)
        if default is None or args.store or os.environ.get(config.STORE_ENV)
        else default
    )
    from remedy_tui.services.common.errors import DomainError
    from remedy_tui.terminal import apply_escape_delay

    apply_escape_delay(config.Settings.load().escape_delay_ms)
    try:
        args.where = _where(args)
        return int(args.handler(args))
    except (CliError, StoreError, DomainError) as exc:
        _err(str(exc).rstrip("."))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _err("interrupted; nothing more was changed")
        return 130
    except OSError as exc:
        # The system refused a file or folder (a read-only folder, a full disk): say which and
        # why in words, never the exception's name.
        from remedy_tui.store.backup import describe_os_error

        where = f" {exc.filename}" if exc.filename else ""
        _err(f"could not use{where}: {describe_os_error(exc)}")
        return EXIT_FAILURE
    except Exception as exc:  # pragma: no cover - last resort, no traceback with case data
        if os.environ.get("REMEDY_DEBUG"):
            raise
        _err(f"unexpected error ({type(exc).__name__}); set REMEDY_DEBUG=1 to see details")
        return EXIT_FAILURE


__all__ = ["StorePaths", "main"]
