"""A store on a network drive is refused, before any of its files is written or opened."""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from remedy_tui import cli
from remedy_tui.demo import DemoSpec, build_demo_store
from remedy_tui.services.common.backups import backup_store, restore_store
from remedy_tui.services.common.users import recover_access
from remedy_tui.store import NetworkDriveError, Store, StorePaths, filesystems
from remedy_tui.store.filesystems import Mount, classify, network_filesystem, unc_share
from remedy_tui.store.models import Role
from tests.conftest import FAST_KDF, PASSPHRASE, TODAY, USERNAME

# A Linux desktop: its own disk, a team share mounted at /mnt/r, and GNOME's mounts.
LINUX_DESKTOP = [
    Mount("/", "ext4", "rw,relatime"),
    Mount("/boot/efi", "vfat", "rw,relatime,fmask=0077"),
    Mount("/mnt/r", "cifs", "rw,relatime,vers=3.1.1,sec=ntlmssp,cache=strict"),
    Mount("/mnt/team share", "smb3", "rw,relatime,vers=3.0"),
    Mount("/run/user/1000", "tmpfs", "rw,nosuid,nodev,relatime,size=1634952k,mode=700"),
    Mount("/run/user/1000/gvfs", "fuse.gvfsd-fuse", "rw,nosuid,nodev,relatime,user_id=1000"),
    Mount("/home/asha/remote", "fuse.sshfs", "rw,nosuid,nodev,relatime,user_id=1000"),
]

# A managed Linux desktop whose home folders are on the file server.
NFS_HOMES = [
    Mount("/", "xfs", "rw,relatime"),
    Mount("/home", "nfs4", "rw,relatime,vers=4.2,hard,proto=tcp,sec=krb5"),
    Mount("/var/tmp", "xfs", "rw,relatime"),
]

# A Mac with a Windows share and a USB stick mounted.
MAC = [
    Mount("/", "apfs", "ro,local,rootfs,dovolfs,journaled,multilabel"),
    Mount("/System/Volumes/Data", "apfs", "rw,local,dovolfs,dontbrowse,journaled"),
    Mount("/Volumes/Cases", "smbfs", "rw,nodev,nosuid,mounted by asha"),
    Mount("/Volumes/STICK", "msdos", "rw,local,nodev,nosuid,noowners"),
]

# A Windows desktop as psutil lists it: C: its own disk, Z: mapped to a share.
WINDOWS = [
    Mount("C:\\", "NTFS", "rw,fixed"),
    Mount("D:\\", "", "cdrom"),
    Mount("Z:\\", "NTFS", "rw,remote"),
]


@pytest.mark.parametrize(
    ("table", "path", "expected"),
    [
        (LINUX_DESKTOP, "/mnt/r/team/remedy.db", "cifs at /mnt/r"),
        (LINUX_DESKTOP, "/mnt/r", "cifs at /mnt/r"),
        (LINUX_DESKTOP, "/mnt/team share/remedy.db", "smb3 at /mnt/team share"),
        (LINUX_DESKTOP, "/home/asha/remote/remedy.db", "fuse.sshfs at /home/asha/remote"),
        (
            LINUX_DESKTOP,
            "/run/user/1000/gvfs/smb-share:server=fs1,share=cases/remedy.db",
            "smb-share:server=fs1,share=cases at /run/user/1000/gvfs",
        ),
        (NFS_HOMES, "/home/asha/.local/share/remedy/remedy.db", "nfs4 at /home"),
        (MAC, "/Volumes/Cases/remedy.db", "smbfs at /Volumes/Cases"),
    ],
)
def test_a_store_on_a_network_filesystem_is_named(
    table: list[Mount], path: str, expected: str
) -> None:
    assert classify(PurePosixPath(path), table) == expected


@pytest.mark.parametrize(
    ("table", "path"),
    [
        (LINUX_DESKTOP, "/home/asha/.local/share/remedy/remedy.db"),
        (LINUX_DESKTOP, "/mnt/rx/remedy.db"),  # beside the share, not in it
        (LINUX_DESKTOP, "/run/user/1000/gvfs/mtp:host=Phone/remedy.db"),  # a phone on USB
        (NFS_HOMES, "/var/tmp/remedy.db"),
        (MAC, "/Users/asha/Library/Application Support/remedy/remedy.db"),
        (MAC, "/Volumes/STICK/remedy.db"),
        ([], "/srv/remedy.db"),
    ],
)
def test_a_store_on_this_computers_own_disk_is_not_refused(table: list[Mount], path: str) -> None:
    assert classify(PurePosixPath(path), table) is None


def test_the_deepest_mount_holding_the_store_decides_whatever_the_order() -> None:
    table = [Mount("/mnt/r", "cifs"), Mount("/", "ext4"), Mount("/mnt", "ext4")]
    assert classify(PurePosixPath("/mnt/r/remedy.db"), table) == "cifs at /mnt/r"
    assert classify(PurePosixPath("/mnt/remedy.db"), table) is None


def test_a_share_mounted_over_a_local_folder_hides_it() -> None:
    local_then_share = [Mount("/", "ext4"), Mount("/data", "ext4"), Mount("/data", "nfs")]
    assert classify(PurePosixPath("/data/remedy.db"), local_then_share) == "nfs at /data"
    share_then_local = [Mount("/", "ext4"), Mount("/data", "nfs"), Mount("/data", "ext4")]
    assert classify(PurePosixPath("/data/remedy.db"), share_then_local) is None


def test_a_mapped_windows_drive_is_refused_and_the_own_disk_is_not() -> None:
    assert classify(PureWindowsPath("Z:/Cases/remedy.db"), WINDOWS) == "mapped drive Z:\\"
    assert classify(PureWindowsPath("z:\\cases\\remedy.db"), WINDOWS) == "mapped drive Z:\\"
    assert (
        classify(PureWindowsPath("C:/Users/asha/AppData/Local/remedy/remedy.db"), WINDOWS) is None
    )


@pytest.mark.parametrize(
    ("path", "share"),
    [
        (r"\\fs1\cases\team\remedy.db", r"\\fs1\cases"),
        (r"\\fs1.example.nhs.uk\cases$\remedy.db", r"\\fs1.example.nhs.uk\cases$"),
        ("//fs1/cases/remedy.db", r"\\fs1\cases"),
        (r"\\?\UNC\fs1\cases\remedy.db", r"\\fs1\cases"),
        (r"\\?\unc\fs1\cases\remedy.db", r"\\fs1\cases"),
        (r"C:\Users\asha\remedy.db", None),
        (r"\\?\C:\Users\asha\remedy.db", None),
        (r"\\.\PhysicalDrive0", None),
        ("remedy.db", None),
    ],
)
def test_a_unc_path_is_recognised_as_written(path: str, share: str | None) -> None:
    assert unc_share(PureWindowsPath(path)) == share


def test_a_store_on_a_unc_path_is_refused_whatever_the_mount_table() -> None:
    where = classify(PureWindowsPath(r"\\fs1\cases\remedy.db"), WINDOWS)
    assert where == r"network share \\fs1\cases"


def test_a_store_in_a_local_temporary_folder_is_not_refused(tmp_path: Path) -> None:
    assert network_filesystem(tmp_path / "store" / "remedy.db") is None


@pytest.mark.skipif(sys.platform == "win32", reason="Windows lists drive letters, not /")
def test_the_mount_table_lists_the_root_filesystem() -> None:
    assert "/" in {mount.mountpoint for mount in filesystems.mount_table()}


# The store refuses a network drive --------------------------------------------------------


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder the mount table (and nothing else) says is a cifs share."""
    folder = tmp_path.resolve() / "share"
    table = [Mount("/", "ext4"), Mount(str(folder), "cifs")]
    monkeypatch.setattr(filesystems, "mount_table", lambda: table)
    return folder


def _everything_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _create(path: Path) -> Store:
    store, _code = Store.create(
        path,
        username=USERNAME,
        full_name="Asha Example",
        role=Role.NON_CLINICAL_CASE_MANAGER,
        passphrase=PASSPHRASE,
        kdf=FAST_KDF,
    )
    return store


def test_creating_a_store_on_a_network_drive_is_refused_and_writes_nothing(
    share: Path, tmp_path: Path
) -> None:
    with pytest.raises(NetworkDriveError) as refused:
        _create(share / "team" / "remedy.db")
    message = str(refused.value)
    assert f"cifs at {share}" in message
    assert "this computer's own disk" in message
    assert "team server" in message
    assert list(tmp_path.iterdir()) == []


def test_opening_a_store_on_a_network_drive_is_refused_and_touches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path.resolve() / "share" / "remedy.db"
    _create(db).close()
    before = _everything_under(tmp_path)
    monkeypatch.setattr(
        filesystems, "mount_table", lambda: [Mount("/", "ext4"), Mount(str(db.parent), "nfs4")]
    )
    with pytest.raises(NetworkDriveError, match="nfs4 at"):
        Store.open(db, USERNAME, PASSPHRASE)
    assert _everything_under(tmp_path) == before
    assert not StorePaths(db).lockout.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege there")
def test_a_link_from_the_own_disk_to_a_share_is_followed(share: Path, tmp_path: Path) -> None:
    share.mkdir()
    link = tmp_path / "looks-local"
    link.symlink_to(share, target_is_directory=True)
    with pytest.raises(NetworkDriveError):
        _create(link / "remedy.db")
    assert list(share.iterdir()) == []


def test_the_demo_is_not_built_on_a_network_drive(share: Path, tmp_path: Path) -> None:
    with pytest.raises(NetworkDriveError):
        build_demo_store(share / "demo.db", DemoSpec(cases=1, seed=1, today=TODAY), kdf=FAST_KDF)
    assert list(tmp_path.iterdir()) == []


def test_recovering_access_to_a_store_on_a_network_drive_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path.resolve() / "share" / "remedy.db"
    _create(db).close()
    before = _everything_under(tmp_path)
    monkeypatch.setattr(filesystems, "mount_table", lambda: [Mount(str(db.parent), "cifs")])
    with pytest.raises(NetworkDriveError):
        recover_access(
            db_path=db, username=USERNAME, recovery_code="unused", new_passphrase=PASSPHRASE
        )
    assert _everything_under(tmp_path) == before


def test_restoring_onto_a_network_drive_is_refused_but_a_backup_kept_on_one_restores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path.resolve()
    local = here / "local" / "remedy.db"
    on_share = here / "backups"
    on_share.mkdir()
    store = _create(local)
    backup = backup_store(store=store, dest=on_share)
    store.close()
    target = here / "share" / "remedy.db"
    table = [Mount("/", "ext4"), Mount(str(target.parent), "cifs"), Mount(str(on_share), "cifs")]
    monkeypatch.setattr(filesystems, "mount_table", lambda: table)
    with pytest.raises(NetworkDriveError):
        restore_store(backup=backup, db_path=target, username=USERNAME, passphrase=PASSPHRASE)
    assert not target.parent.exists()
    # A backup file is only read, so one kept on a share may be restored to the own disk.
    restore_store(backup=backup, db_path=local, username=USERNAME, passphrase=PASSPHRASE)
    Store.open(local, USERNAME, PASSPHRASE).close()


def test_the_command_line_says_why_on_one_line_without_a_traceback(
    share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REMEDY_PASSPHRASE", PASSPHRASE)
    status = cli.main(
        ["--store", str(share / "remedy.db"), "init", "--user", USERNAME, "--full-name", "Asha"]
    )
    captured = capsys.readouterr()
    assert status == cli.EXIT_FAILURE
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"remedy: This store is on a network drive (cifs at {share})")
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []
