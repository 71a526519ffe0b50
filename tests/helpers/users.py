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
    *,
    first_sign_in_done: bool = True,
) -> UserView:
    """Add a user with their own key slot (and, on a team server, their own login: made by
    the database owner, as ``remedy server users add`` does).

    The administrator's passphrase must be changed at the colleague's first sign-in; unless
    ``first_sign_in_done`` is False, the colleague is taken to have done that already, choosing
    ``passphrase`` as their own (their slot rewrapped without the mark), so a test can sign in
    as them and get on with what it is about.
    """
    if store.server is None:
        added = add_user(
            store=store,
            username=username,
            full_name=full_name,
            role=role,
            passphrase=passphrase,
            programmes=programmes,
        )
        if first_sign_in_done:
            _choose_own(store, username, passphrase)
        store.keys = store.load_keys()
        return added
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
        if first_sign_in_done:
            _choose_own(owner, username, passphrase)
    finally:
        owner.close()
    store.keys = store.load_keys()
    return added


def _choose_own(store: Store, username: str, passphrase: str) -> None:
    """The colleague's own passphrase in their slot (a new key pair, as their own change at
    first sign-in makes), its signing key introduced in the chain by the administrator."""
    from remedy_tui.store.audit import introduce_signing_key, public_signing_key

    keys = store.load_keys()
    signer = keys.set_user(username, passphrase, store.data_key())
    with store.session(write=True) as session:
        introduce_signing_key(session, username, public_signing_key(signer))
        if store.server is not None:
            keys.save_on(session.connection())  # type: ignore[attr-defined]
        else:
            keys.save()
        session.commit()
