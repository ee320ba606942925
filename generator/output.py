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


def move_into_place(staged: Path, target: Path) -> None:
    """Rename the staged project to ``target``; into an existing folder (``--force``) copy file by file."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        staged.replace(target)
        return
    inside = target.resolve()
    for source in sorted(staged.rglob("*")):
        destination = target / source.relative_to(staged)
        if destination.is_symlink() or not destination.resolve().is_relative_to(inside):
            raise OutputError(f"{destination} is or passes through a symbolic link; refusing to write through it")
        if source.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
