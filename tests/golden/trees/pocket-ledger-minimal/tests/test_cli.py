import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from pocket_ledger.cli import build_parser, main
from pocket_ledger.core.db import make_engine
from pocket_ledger.models import Base


def test_db_upgrade_creates_every_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    from pocket_ledger.core.config import get_settings

    get_settings.cache_clear()
    with pytest.raises(SystemExit) as exited:
        main(["db", "upgrade"])
    get_settings.cache_clear()
    assert exited.value.code == 0
    engine = make_engine(url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_serve_options() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 9000, 1)


def test_module_entry_point_prints_help() -> None:
    source = str(Path(__file__).resolve().parents[1] / "src")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    completed = subprocess.run(
        [sys.executable, "-m", "pocket_ledger", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert completed.returncode == 0
    assert "serve" in completed.stdout and "db" in completed.stdout
