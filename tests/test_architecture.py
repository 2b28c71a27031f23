"""The apps' layering (README, "How the code is arranged") holds: import-linter's contracts in pyproject.toml."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = CONFIG["root_packages"]


def test_import_contracts_are_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    # Every app has its place in the layers contract, so a new app cannot slip in unlayered.
    layers = next(contract["layers"] for contract in CONFIG["contracts"] if contract["type"] == "layers")
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    assert layered == set(APPS)


def test_a_lower_app_importing_a_higher_one_is_caught(tmp_path):
    """The contracts can fail: the same linter, on a copy of the code where blog imports discussion, breaks."""
    import shutil

    for name in APPS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / "blog" / "related.py", "a") as module:
        module.write("\n\ndef _leak():\n    from discussion.models import Comment  # noqa: F401\n")
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "blog.related -> discussion.models" in result.stdout
