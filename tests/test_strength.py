"""How guessable a new passphrase is: zxcvbn's estimate, and the refusal in plain words."""

from __future__ import annotations

import pytest

from remedy_tui import config
from remedy_tui.demo.generator import DEMO_TEAM
from remedy_tui.store import PassphrasePolicyError
from remedy_tui.store.strength import check_passphrase_policy, passphrase_weakness
from tests.conftest import PASSPHRASE, USERNAME


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("password12", "This is a very common password."),
        ("1234567890", "This is a top-100 common password."),
        ("aaaaaaaaaa", 'Repeats like "aaa" are easy to guess.'),
        ("asdfghjkl;", "Straight rows of keys are easy to guess."),
        ("short", "at least 10 characters"),
    ],
)
def test_a_weak_passphrase_is_refused_with_zxcvbns_reason(weak: str, reason: str) -> None:
    with pytest.raises(PassphrasePolicyError) as refused:
        check_passphrase_policy(weak)
    assert reason in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_persons_names_and_remedy_count_for_nothing() -> None:
    names = ("ben", "Ben Colleague")
    for guessable in ("ben colleague remedy", "BenColleague1", "remedy  ben"):
        weakness = passphrase_weakness(guessable, user_inputs=names)
        assert weakness is not None and "your name or the word 'remedy'" in weakness
    assert passphrase_weakness("ben colleague remedy") is None  # strong for a stranger's


def test_a_long_passphrase_is_rated_without_error() -> None:
    assert passphrase_weakness("seven mossy lanterns drift over " * 5) is None


def test_the_passphrases_people_are_shown_or_tests_use_are_strong_enough() -> None:
    demo_user, demo_name, _ = DEMO_TEAM[0]
    check_passphrase_policy(config.DEMO_PASSPHRASE, user_inputs=(config.DEMO_USER, demo_name))
    assert demo_user == config.DEMO_USER
    check_passphrase_policy(PASSPHRASE, user_inputs=(USERNAME, "Asha Example"))
