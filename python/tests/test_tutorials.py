"""The tutorials' Python blocks run as written, in order: the blocks that
import torch are skipped when PyTorch is absent (a NumPy stand-in block
takes the trained model's place), and nothing is downloaded."""

import os
import re

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def blocks(path):
    text = open(path, encoding="utf-8").read()
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_learned_fields_tutorial_runs(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    try:
        import torch  # noqa: F401

        have_torch = True
    except ImportError:
        have_torch = False
    monkeypatch.chdir(tmp_path)
    scope = {"__name__": "tutorial"}
    ran = 0
    for code in blocks(os.path.join(ROOT, "docs", "learned-fields.md")):
        if "import torch" in code and not have_torch:
            continue
        exec(compile(code, "learned-fields.md", "exec"), scope)
        ran += 1
    assert ran >= 6
    assert (tmp_path / "learned-fields.png").stat().st_size > 10_000
