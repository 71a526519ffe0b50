"""Telling a network drive from this computer's own disk, so a store is never kept on one.

SQLite's write-ahead log needs memory shared between the processes that use the database and
file locks that hold; over a network filesystem neither does, and two desktops writing to one
store file at once corrupt it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

import psutil

from remedy_tui.store.errors import NetworkDriveError

#: Filesystem types (as Linux and macOS name them) whose files live on another computer.
NETWORK_FILESYSTEMS = frozenset(
    {
        "9p",
        "afpfs",
        "afs",
        "ceph",
        "cifs",
        "coda",
        "davfs",
        "fuse.ceph-fuse",
        "fuse.glusterfs",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.sshfs",
        "glusterfs",
        "ncpfs",
        "nfs",
        "nfs4",
        "smb3",
        "smbfs",
        "sshfs",
        "webdav",
    }
)

# GNOME's file manager mounts every place it connects to under one FUSE filesystem; the
# folder's name says which kind of place it is ("smb-share:server=fs1,share=cases").
_GVFS = "fuse.gvfsd-fuse"
_GVFS_NETWORK = (
    "afp-",
    "dav:",
    "davs:",
    "ftp:",
    "ftps:",
    "google-drive:",
    "nfs:",
    "sftp:",
    "smb-server:",
    "smb-share:",
)

# GetDriveTypeW's answer for a drive letter mapped to a network share.
_DRIVE_REMOTE = 4


@dataclass(frozen=True)
class Mount:
    """One mounted filesystem: where it is mounted, its type and its options."""

    mountpoint: str
    fstype: str
    opts: str = ""


def mount_table() -> list[Mount]:
    """Every filesystem mounted now, as the operating system lists them."""
    if sys.platform == "win32":
        return _windows_drives()
    try:
        partitions = psutil.disk_partitions(all=True)
    except OSError:
        # No readable mount table (a locked-down sandbox): refusing every store for it would
        # lock people out of their own data, so the place counts as this computer's disk.
        return []
    return [Mount(p.mountpoint, p.fstype, p.opts) for p in partitions]


def _windows_drives() -> list[Mount]:
    """Each drive letter, marked "remote" when it is mapped to a network share.

    psutil's ``disk_partitions(all=True)`` asks every drive for its volume information, and
    a mapped drive whose server is out of reach (a laptop away from the office) can hold that
    for twenty seconds or more; the drive type alone answers at once.
    """
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    buffer = ctypes.create_unicode_buffer(1024)
    length = kernel32.GetLogicalDriveStringsW(len(buffer), buffer)
    roots = [root for root in ctypes.wstring_at(buffer, length).split("\0") if root]
    return [
        Mount(root, "", "remote" if kernel32.GetDriveTypeW(root) == _DRIVE_REMOTE else "")
        for root in roots
    ]


def unc_share(path: PureWindowsPath) -> str | None:
    r"""The ``\\server\share`` a Windows path is on, or None when it is not a UNC path."""
    text = str(path)
    if text[:8].upper() == "\\\\?\\UNC\\":
        rest = text[8:]
    elif text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\")):
        rest = text[2:]
    else:
        return None  # a drive letter, or a device path such as \\?\C:\
    server, _, tail = rest.partition("\\")
    share = tail.partition("\\")[0]
    return "\\\\" + server + ("\\" + share if share else "")


def classify(path: PurePath, mounts: Iterable[Mount]) -> str | None:
    """What network filesystem the absolute ``path`` is on by the table ``mounts``, as
    "cifs at /mnt/r"; None when it is on this computer's own disk."""
    if isinstance(path, PureWindowsPath) and (share := unc_share(path)):
        return f"network share {share}"
    best: Mount | None = None
    best_depth = -1
    for mount in mounts:
        mountpoint = type(path)(mount.mountpoint)
        # The deepest mount holding the path is the one it is on; of two at the same place,
        # the later one listed was mounted over the earlier.
        if path.is_relative_to(mountpoint) and len(mountpoint.parts) >= best_depth:
            best, best_depth = mount, len(mountpoint.parts)
    if best is None:
        return None
    fstype = best.fstype.lower()
    if "remote" in best.opts.split(","):
        return f"mapped drive {best.mountpoint}"
    if fstype in NETWORK_FILESYSTEMS:
        return f"{fstype} at {best.mountpoint}"
    if fstype == _GVFS:
        inside = path.relative_to(type(path)(best.mountpoint)).parts
        if inside and inside[0].startswith(_GVFS_NETWORK):
            return f"{inside[0]} at {best.mountpoint}"
    return None


def network_filesystem(path: Path) -> str | None:
    """Which network filesystem a store's file is on (it need not exist yet), as
    "cifs at /mnt/r"; None when it is on this computer's own disk."""
    path = path.expanduser().absolute()
    # A UNC path is refused as written, without reaching for a server that may not answer.
    if isinstance(path, PureWindowsPath) and (share := unc_share(path)):
        return f"network share {share}"
    try:
        # Resolving follows links to where the file really is, as far as the folders exist
        # (a store not yet made is judged by its nearest existing folder), and it mounts an
        # automounted share before the table is read.
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path
    return classify(resolved, mount_table())


def refuse_network_drive(path: Path) -> None:
    """Raise :class:`NetworkDriveError` when the store's file ``path`` is on a network drive."""
    where = network_filesystem(path)
    if where is not None:
        raise NetworkDriveError(where)
