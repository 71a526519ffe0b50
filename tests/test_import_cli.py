"""``remedy import`` as a script runs it: one line on stderr for every refusal, no traceback."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tests.test_cli import PASS, cli_store, one_clean_line, remedy

__all__ = ["cli_store"]  # the fixture, shared with the other command-line tests

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "import-sample.csv"
SIGN_IN = {"REMEDY_USER": "asha", "REMEDY_PASSPHRASE": PASS}


def test_the_sample_imports_and_a_second_import_matches_it(cli_store: Path, tmp_path: Path) -> None:
    sample = Path(shutil.copy(SAMPLE, tmp_path / "sample.csv"))
    unconfirmed = remedy("import", str(sample), store=cli_store, **SIGN_IN)
    assert unconfirmed.returncode == 1
    assert "confirm the mapping with --yes" in one_clean_line(unconfirmed.stderr)

    dry = remedy("import", str(sample), "--yes", "--dry-run", store=cli_store, **SIGN_IN)
    assert dry.returncode == 0, dry.stderr
    assert "practitioners        3 would be created" in dry.stdout
    assert "Dry run: nothing was written." in dry.stdout

    done = remedy("import", str(sample), "--yes", store=cli_store, **SIGN_IN)
    assert done.returncode == 0, done.stderr
    assert "practitioners        3 created, 0 already on file" in done.stdout
    assert "cases                1 created" in done.stdout
    again = remedy("import", str(sample), "--yes", store=cli_store, **SIGN_IN)
    assert again.returncode == 0, again.stderr
    assert "practitioners        0 created, 3 already on file" in again.stdout
    assert "referrals            0 created, 2 already on file" in again.stdout

    saved = Path(os.environ["REMEDY_CONFIG_DIR"]) / "import-mappings.json"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert "registration_number" in json.loads(saved.read_text()).popitem()[1].values()


def test_a_refused_row_is_named_on_stderr_and_in_the_error_workbook(
    cli_store: Path, tmp_path: Path
) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("7100002", "710000")
    sample = tmp_path / "sample.csv"
    sample.write_text(text, encoding="utf-8")
    refused = remedy("import", str(sample), "--yes", store=cli_store, **SIGN_IN)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "refused: row 4: GMC numbers are seven digits; '710000'" in refused.stderr
    assert "1 row(s) refused, so nothing was imported" in refused.stderr
    assert (tmp_path / "sample-refused.xlsx").stat().st_mode & 0o777 == 0o600
    check = remedy("import", str(sample), "--map", "Surname=nonsense", store=cli_store, **SIGN_IN)
    assert check.returncode == 1
    assert "'nonsense' is not one of Remedy's fields" in one_clean_line(check.stderr)
    missing = remedy("import", str(tmp_path / "absent.xlsx"), store=cli_store, **SIGN_IN)
    assert "There is no file" in one_clean_line(missing.stderr)
