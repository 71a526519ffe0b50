"""How hard a new passphrase is to guess, estimated by zxcvbn, and the refusal of a weak one.

A length rule lets ``password12`` and ``aaaaaaaaaa`` through; zxcvbn (Dropbox's estimator)
counts the guesses an attacker working from common passwords, words, names, dates, keyboard
patterns and repeats would need. The person's own names and the word "remedy" are given to it,
so they add nothing to a passphrase's strength.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from remedy_tui.store.errors import PassphrasePolicyError

MIN_PASSPHRASE_LENGTH = 10
# zxcvbn's scale: 3 is "safely unguessable" (about 10^8 guesses and more), before Argon2id
# makes each guess cost a third of a second and 64 MiB.
MIN_SCORE = 3
# zxcvbn refuses longer input (its matching grows fast with length); the first 72 characters
# of a longer passphrase are rated, which can only understate it.
RATED_LENGTH = 72
ADVICE = "A few unrelated words are easiest to remember and hardest to guess."


def _inputs(user_inputs: Iterable[str]) -> list[str]:
    """The words that must not count as strength: each name whole and word by word."""
    words = {"remedy"}
    for given in user_inputs:
        if given and given.strip():
            words.add(given.strip().lower())
            words.add("".join(given.split()).lower())  # "AshaExample" as much as "Asha Example"
            words.update(part.lower() for part in given.split() if len(part) > 1)
    return sorted(words)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def _only_names(sequence: list[dict[str, Any]]) -> bool:
    """True when the passphrase is nothing but the person's names and "remedy" with
    separators between them: zxcvbn's floor for a passphrase of several parts rates three
    such words as strong, yet an attacker who knows the team guesses them first."""
    return bool(sequence) and all(
        match.get("dictionary_name") == "user_inputs"
        or (
            match.get("pattern") == "bruteforce"
            and not any(ch.isalnum() for ch in str(match.get("token", "")))
        )
        for match in sequence
    )


def passphrase_weakness(passphrase: str, *, user_inputs: Iterable[str] = ()) -> str | None:
    """Why ``passphrase`` is too easy to guess, in plain words; None if it is strong enough."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        return f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters. {ADVICE}"
    # Imported here: its word lists take 70 ms to load, which signing in need not wait for.
    from zxcvbn import zxcvbn

    result: dict[str, Any] = zxcvbn(passphrase[:RATED_LENGTH], user_inputs=_inputs(user_inputs))
    sequence: list[dict[str, Any]] = result.get("sequence", [])
    if int(result["score"]) >= MIN_SCORE and not _only_names(sequence):
        return None
    reasons: list[str] = []
    if any(m.get("dictionary_name") == "user_inputs" for m in sequence):
        reasons.append("It contains your name or the word 'remedy'.")
    feedback = result.get("feedback") or {}
    warning = _sentence(str(feedback.get("warning") or ""))
    if warning:
        reasons.append(warning)
    suggestions = [_sentence(str(s)) for s in feedback.get("suggestions") or [] if str(s)]
    reasons.extend(suggestions or [ADVICE])
    return "That passphrase is too easy to guess. " + " ".join(dict.fromkeys(reasons))


def check_passphrase_policy(passphrase: str, *, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a passphrase that is too easy to guess, saying why (:class:`PassphrasePolicyError`).

    ``user_inputs`` are the person's user name and full name: they do not count as strength.
    """
    weakness = passphrase_weakness(passphrase, user_inputs=user_inputs)
    if weakness is not None:
        raise PassphrasePolicyError(weakness)
