"""What every area's screens share: forms, dialogs, pickers, lists, unlocking."""

from remedy_tui.screens.common.choice import (
    ChoiceScreen,
)
from remedy_tui.screens.common.confirm import (
    ConfirmScreen,
)
from remedy_tui.screens.common.create_store import (
    CreateStoreScreen,
)
from remedy_tui.screens.common.error_dialog import (
    ErrorDialog,
)
from remedy_tui.screens.common.form import (
    FormScreen,
)
from remedy_tui.screens.common.keymap import (
    KeyMapScreen,
)
from remedy_tui.screens.common.new_passphrase import (
    NewPassphraseScreen,
)
from remedy_tui.screens.common.paged_list import (
    ListPage,
    ListQuery,
    PagedListScreen,
)
from remedy_tui.screens.common.picker import (
    PickerScreen,
)
from remedy_tui.screens.common.quick_resume import (
    QuickResume,
)
from remedy_tui.screens.common.recovery_code import (
    RecoveryCodeScreen,
)
from remedy_tui.screens.common.text_viewer import (
    TextViewer,
)
from remedy_tui.screens.common.unlock import (
    UnlockScreen,
)

__all__ = [
    "ChoiceScreen",
    "ConfirmScreen",
    "CreateStoreScreen",
    "ErrorDialog",
    "FormScreen",
    "KeyMapScreen",
    "ListPage",
    "ListQuery",
    "NewPassphraseScreen",
    "PagedListScreen",
    "PickerScreen",
    "QuickResume",
    "RecoveryCodeScreen",
    "TextViewer",
    "UnlockScreen",
]
