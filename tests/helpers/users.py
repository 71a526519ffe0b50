"""Adding a colleague to a test's store, as its administrator would on that backend."""

from __future__ import annotations

from remedy_tui.services.common.users import UserView, add_user
from remedy_tui.store import Store
from remedy_tui.store.models import Role


def add_colleague(
    store: Store,
    username: str,
    full_name: str,
    role: Role,
    passphrase: str,
    programmes: tuple[str, ...] = (),
) -> UserView:
    """Add a user with their own key slot (and, on a team server, their own login: made by
    the database owner, as ``remedy server users add`` does)."""
    if store.server is None:
        return add_user(
            store=store,
            username=username,
            full_name=full_name,
            role=role,
            passphrase=passphrase,
            programmes=programmes,
        )
    from tests.conftest import PASSPHRASE, USERNAME
    from tests.helpers.postgres import owner_address

    owner = Store.open(owner_address(store.server.database), USERNAME, PASSPHRASE)
    try:
        added = add_user(
            store=owner,
            username=username,
            full_name=full_name,
            role=role,
            passphrase=passphrase,
            programmes=programmes,
        )
    finally:
        owner.close()
    store.keys = store.load_keys()
    return added
