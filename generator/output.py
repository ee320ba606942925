"""Writing the output folder safely: a staging folder beside it, checks, a manifest, then one move.

Nothing reaches ``DIR`` unless every step succeeded. A non-empty ``DIR`` is refused without ``--force``;
with it, generated files replace their old versions and every other file in ``DIR`` is left alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.errors import OutputError

MANIFEST = Path(".intspec") / "manifest.json"


@dataclass(frozen=True)
class Manifest:
    generator_version: str
    spec_file: str
    spec_sha256: str
    blueprints: list[dict[str, str]]
    files: dict[str, dict[str, str]]

    def to_json(self) -> str:
        data = {
            "generator": {"name": "intspec", "version": self.generator_version},
            "spec": {"file": self.spec_file, "sha256": self.spec_sha256},
            "blueprints": self.blueprints,
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def check_target(target: Path, force: bool) -> None:
    """Refuse what must not be written to: a file, a symlink, or (without ``force``) a non-empty folder."""
    if target.is_symlink():
        raise OutputError(f"{target} is a symbolic link; give the real folder")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(f"{target} is not empty; choose another folder or pass --force to overwrite generated files")


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A fresh folder beside ``target`` (same file system, so the final move is a rename); always removed."""
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.intspec-", dir=parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def check_tree(root: Path) -> list[str]:
    """Every file under ``root`` as a relative posix path; refuses symlinks and anything outside ``root``."""
    resolved_root = root.resolve()
    files: list[str] = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            raise OutputError(f"rendering produced a symbolic link at {path.relative_to(root)}; refused")
        if not path.resolve().is_relative_to(resolved_root):
            raise OutputError(f"rendering produced {path}, outside the output folder; refused")
        if path.is_file():
            files.append(path.relative_to(root).as_posix())
    return files


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(root: Path, manifest: Manifest) -> None:
    path = root / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(manifest.to_json(), encoding="utf-8")


def move_into_place(staged: Path, target: Path) -> list[str]:
    """Put the staged project at ``target``; returns the files left as they were (see ``update_in_place``)."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        staged.replace(target)
        return []
    return update_in_place(staged, target)


def update_in_place(staged: Path, target: Path) -> list[str]:
    """``--force`` into an existing project: check every destination first, then copy the new files, and
    remove files the previous run generated that this one no longer does — unless the user changed them.
    Returns those kept files (relative paths)."""
    inside = target.resolve()
    sources = sorted(staged.rglob("*"))
    for source in sources:
        destination = target / source.relative_to(staged)
        if destination.is_symlink() or not destination.resolve().is_relative_to(inside):
            raise OutputError(f"{destination} is or passes through a symbolic link; refusing to write through it")
    stale, kept = stale_files(target, {p.relative_to(staged).as_posix() for p in sources if p.is_file()})
    for source in sources:
        destination = target / source.relative_to(staged)
        if source.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    for relative in stale:
        (target / relative).unlink()
    return kept


def stale_files(target: Path, new_files: set[str]) -> tuple[list[str], list[str]]:
    """Files the previous manifest lists that the new output lacks: (unchanged, so removable; changed, so kept)."""
    previous = target / MANIFEST
    if not previous.is_file():
        return [], []
    try:
        recorded = json.loads(previous.read_text(encoding="utf-8")).get("files", {})
    except (ValueError, OSError):
        return [], []
    stale: list[str] = []
    kept: list[str] = []
    for relative, entry in sorted(recorded.items()):
        path = target / relative
        if relative in new_files or not path.is_file() or path.is_symlink():
            continue
        unchanged = isinstance(entry, dict) and entry.get("sha256") == sha256_file(path)
        (stale if unchanged else kept).append(relative)
    return stale, kept
