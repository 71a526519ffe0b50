"""``remedy server``: the administrator's commands for a team server.

They connect with the address the administrator gives, which names the database's owning
role (its password from ``PGPASSWORD`` or ``~/.pgpass``, as for any PostgreSQL tool), and sign
in as a Remedy administrator to unwrap the team key, without which no colleague's key slot can
be made.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from remedy_tui import config
from remedy_tui.services.common import users
from remedy_tui.services.desk import Desk
from remedy_tui.store.models import Role
from remedy_tui.store.server import PLAIN_LOOPBACK, VERIFY_FULL, ServerAddress

Ask = Callable[..., str]


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise argparse.ArgumentTypeError(f"unknown role {value!r}; choose from {choices}") from None


def add_server_parser(server: argparse.ArgumentParser) -> None:
    """The ``server`` command's actions and their arguments."""
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help_text, description=help_text)
        parser.add_argument(
            "--insecure-plain-loopback",
            dest="server_plain",
            action="store_true",
            help="connect WITHOUT TLS to a server on this machine (tests and demos only)",
        )
        return parser

    init = action("init", "make the schema, the roles and the first administrator")
    init.add_argument("url", help="postgresql://OWNER@HOST:PORT/DATABASE")
    init.add_argument("--user", help="the first administrator's Remedy user name")
    init.add_argument("--full-name", help="their full name")
    init.add_argument("--role", type=_role, default=Role.NON_CLINICAL_CASE_MANAGER)

    upgrade = action(
        "upgrade", "bring the team database to this Remedy's schema and make its policies again"
    )
    upgrade.add_argument("url", help="postgresql://OWNER@HOST:PORT/DATABASE")

    users_cmd = action("users", "add, list, disable or reset the team's people")
    users_cmd.add_argument(
        "users_action",
        choices=("add", "list", "disable", "reset"),
        metavar="add|list|disable|reset",
    )
    users_cmd.add_argument("url", help="postgresql://OWNER@HOST:PORT/DATABASE")
    users_cmd.add_argument("username", nargs="?")
    users_cmd.add_argument("--full-name")
    users_cmd.add_argument("--role", type=_role, default=Role.NON_CLINICAL_CASE_MANAGER)
    users_cmd.add_argument("--admin", action="store_true", help="may manage users")
    users_cmd.add_argument(
        "--recovery-code",
        action="store_true",
        help="sign in with the team's recovery code (every administrator's passphrase lost)",
    )
    users_cmd.add_argument(
        "--programme",
        action="append",
        default=[],
        metavar="NAME",
        help="a training programme a TPD or head of school leads (repeat for more)",
    )

    moving = action("import-store", "copy a local store whole into an empty team database")
    moving.add_argument("url", help="postgresql://OWNER@HOST:PORT/DATABASE")
    moving.add_argument("file", help="the local store's database file (remedy.db)")

    use = action("use", "save a team server as this computer's connection profile")
    use.add_argument("url", help="postgresql://HOST:PORT/DATABASE (no user, no password)")
    action("forget", "forget the saved connection profile; use the store file again")


class ServerCommandError(Exception):
    """A refusal of a server command, reported on one line."""


def run_server_command(
    args: argparse.Namespace,
    address: ServerAddress | None,
    *,
    ask: Ask,
    new_secret: Ask,
    secret: Ask,
) -> int:
    """Run one ``remedy server`` action; return the exit status."""
    command = args.server_command
    if command == "forget":
        settings = config.Settings.load()
        settings.server, settings.server_plain_loopback = None, False
        settings.save()
        print("Forgot the team server: Remedy opens the store file on this computer again.")
        return 0
    assert address is not None
    if command == "use":
        if address.names_user:
            raise ServerCommandError(
                "a connection profile holds no user or password: give the address as "
                "postgresql://HOST:PORT/DATABASE; each person signs in as themselves"
            )
        settings = config.Settings.load()
        settings.server = address.url
        settings.server_plain_loopback = address.tls == PLAIN_LOOPBACK
        settings.save()
        print(f"Remedy on this computer now opens the team database {address.display()}.")
        return 0
    if not address.names_user:
        raise ServerCommandError(
            "the administrator's commands connect as the database's owner: give the address "
            "as postgresql://OWNER@HOST:PORT/DATABASE (the password from PGPASSWORD or ~/.pgpass)"
        )
    if command == "init":
        return _init(args, address, ask=ask, new_secret=new_secret)
    if command == "import-store":
        return _import(args, address, ask=ask, secret=secret)
    if command == "upgrade":
        return _upgrade(address)
    return _users(args, address, ask=ask, new_secret=new_secret, secret=secret)


def _init(args: argparse.Namespace, address: ServerAddress, *, ask: Ask, new_secret: Ask) -> int:
    from remedy_tui.services.common.validation import check_username, required_text

    username = check_username(args.user or ask("Your Remedy user name (e.g. asmith): "))
    full_name = required_text(
        args.full_name or ask("Your full name: "),
        field="full_name",
        label="Full name",
        max_length=200,
    )
    passphrase = new_secret(config.NEW_PASSPHRASE_ENV, "Your passphrase")
    desk, code = Desk.create(
        address, username=username, full_name=full_name, role=args.role, passphrase=passphrase
    )
    desk.close()
    print(f"Set up the team database {address.display()} with {full_name} ({username}) as its")
    print("first administrator, and a PostgreSQL login of their own.")
    print()
    print("Recovery code (shown once; write it down and keep it somewhere safe):")
    print()
    print(f"    {code}")
    print()
    plain = " --insecure-plain-loopback" if address.tls == PLAIN_LOOPBACK else ""
    print("Each desktop connects with:")
    print(
        f"    remedy server use{plain} postgresql://{address.host}:{_port(address)}/"
        f"{address.database}"
    )
    return 0


def _upgrade(address: ServerAddress) -> int:
    from remedy_tui.store.server_setup import upgrade_team_database

    before, after = upgrade_team_database(address)
    if before == after:
        print(f"The team database {address.display()} is at schema {after} already;")
        print("its grants and row-level security policies were made again from the role matrix.")
    else:
        print(f"Upgraded the team database {address.display()} from schema {before} to {after},")
        print("and made its grants and row-level security policies again from the role matrix.")
    print("Desktops with this version of Remedy can sign in again.")
    return 0


def _import(args: argparse.Namespace, address: ServerAddress, *, ask: Ask, secret: Ask) -> int:
    from pathlib import Path

    from remedy_tui.store.server_import import import_store

    source = Path(args.file).expanduser()
    if not source.exists():
        raise ServerCommandError(f"there is no store at {source}")
    print(f"Sign in to the store {source} as one of its administrators.")
    user = ask("User name: ", config.USER_ENV)
    passphrase = secret("Passphrase: ", config.PASSPHRASE_ENV)
    done = import_store(address, source, user, passphrase)
    total = sum(done.rows.values())
    print(f"Copied {total:,} records from {source} into {address.display()}:")
    for table, count in done.rows.items():
        if count:
            print(f"    {table:<24} {count:>9,}")
    print(f"{user} signs in to the team database with their passphrase of the store.")
    if done.logins_needed:
        print("Give each of these colleagues a PostgreSQL login and a passphrase, in person:")
        plain = " --insecure-plain-loopback" if address.tls == PLAIN_LOOPBACK else ""
        for name in done.logins_needed:
            print(f"    remedy server users reset{plain} {address.display()} {name}")
    print("Run `remedy check` on the file and on the team database to confirm both are whole.")
    return 0


def _port(address: ServerAddress) -> int:
    from sqlalchemy.engine import make_url

    return make_url(address.url).port or 5432


def _users(
    args: argparse.Namespace, address: ServerAddress, *, ask: Ask, new_secret: Ask, secret: Ask
) -> int:
    needs_name = args.users_action in ("add", "disable", "reset")
    if needs_name and not args.username:
        raise ServerCommandError(f"`remedy server users {args.users_action}` needs a user name")
    print("Sign in as a Remedy administrator of this team database.")
    admin = ask("Administrator's user name: ", config.USER_ENV)
    if args.recovery_code:
        code = secret("The team's recovery code: ", config.RECOVERY_CODE_ENV)
        desk = Desk.open_with_recovery_code(address, code, admin)
    else:
        passphrase = secret("Administrator's passphrase: ", config.PASSPHRASE_ENV)
        desk = Desk.open(address, admin, passphrase, via="command line")
        desk.refuse_until_passphrase_changed()
    try:
        if args.users_action == "list":
            for user in desk.read(users.list_users):
                print(users.describe_user(user))
        elif args.users_action == "add":
            full_name = args.full_name or ask("Full name: ")
            new = new_secret(config.NEW_PASSPHRASE_ENV, f"Passphrase for {args.username}")
            added = desk.with_store(
                users.add_user,
                username=args.username,
                full_name=full_name,
                role=args.role,
                passphrase=new,
                is_admin=args.admin,
                programmes=tuple(args.programme),
            )
            login = address.login_role(added.username)
            print(f"Added {added.full_name} ({added.username}) as {added.role.label}, with the")
            print(f"PostgreSQL login {login!r}. Give them their passphrase in person; they")
            print("choose their own at their first sign-in (the app, or `remedy passwd`).")
        elif args.users_action == "disable":
            desk.with_store(users.disable_user, username=args.username)
            print(f"Disabled {args.username}: their login is dropped, their open connections")
            print("are ended and their key slot is destroyed.")
        else:
            new = new_secret(config.NEW_PASSPHRASE_ENV, f"New passphrase for {args.username}")
            desk.with_store(users.reset_server_passphrase, username=args.username, passphrase=new)
            print(f"Set a new passphrase for {args.username}; give it to them in person. They")
            print("choose their own at their next sign-in (the app, or `remedy passwd`).")
    finally:
        desk.close()
    return 0


__all__ = ["VERIFY_FULL", "add_server_parser", "run_server_command"]
