"""HyperSpy finds the extension's YAML from an editable install and from a built wheel.

``hyperspy_extension.yaml`` lives at the repository top level (the single
source of truth); the package folder holds a symbolic link to it, which the
wheel build turns into a copy.
"""

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TOP_YAML = ROOT / "hyperspy_extension.yaml"


def test_yaml_is_one_file_linked_into_the_package():
    package_yaml = ROOT / "hyperspy_eels_edgeid" / "hyperspy_extension.yaml"
    assert package_yaml.is_symlink()
    assert package_yaml.resolve() == TOP_YAML.resolve()
    assert isinstance(yaml.safe_load(TOP_YAML.read_text()), dict)


def test_hyperspy_reads_our_yaml_from_the_installed_package():
    from hyperspy.extensions import ALL_EXTENSIONS

    origin = Path(importlib.util.find_spec("hyperspy_eels_edgeid").origin).parent
    assert (origin / "hyperspy_extension.yaml").read_text() == TOP_YAML.read_text()
    ours = yaml.safe_load(TOP_YAML.read_text()).get("signals", {})
    for name in ours:
        assert name in ALL_EXTENSIONS["signals"]


@pytest.mark.slow
def test_built_wheel_carries_yaml_and_weights_and_hyperspy_finds_them(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("hyperspy_eels_edgeid-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert zf.read("hyperspy_eels_edgeid/hyperspy_extension.yaml").decode() == TOP_YAML.read_text()
    folder = ROOT / "model_weights"
    bundled = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".safetensors", ".json", ".md"))
    for name in bundled:
        assert f"hyperspy_eels_edgeid/model_weights/{name}" in names
    for name in ("edge_gos.gosh", "README.md", "__init__.py", "white_lines.py"):
        assert f"hyperspy_eels_edgeid/cross_sections/{name}" in names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import hyperspy_eels_edgeid, hyperspy.api, yaml, pathlib;"
        "from hyperspy.extensions import ALL_EXTENSIONS;"
        "here = pathlib.Path(hyperspy_eels_edgeid.__file__).parent;"
        "assert str(here).startswith(%r), here;"
        "assert not (here / 'hyperspy_extension.yaml').is_symlink();"
        "ours = yaml.safe_load((here / 'hyperspy_extension.yaml').read_text()).get('signals', {});"
        "assert all(n in ALL_EXTENSIONS['signals'] for n in ours);"
        "from hyperspy_eels_edgeid.cross_sections import gos_file_path;"
        "assert str(gos_file_path()).startswith(%r);"
        "print('ok', len(ours))" % (str(site), str(site))
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("ok")


def test_import_is_light():
    code = "import sys, hyperspy_eels_edgeid; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_dir_lists_the_public_names_not_the_modules_imports():
    import hyperspy_eels_edgeid as edgeid

    names = dir(edgeid)
    assert {"identify_edges", "supported_elements", "data", "synthesis", "__version__"} <= set(names)
    assert not {"annotations", "importlib", "register_signal_methods"} & set(names)


def test_cli_reports_user_errors_in_one_line(tmp_path, capsys, monkeypatch):
    from hyperspy_eels_edgeid.workflows.cli import main

    monkeypatch.delenv("EELS_EDGEID_TRACEBACK", raising=False)
    assert main(["demo", "--file", str(tmp_path / "absent.msa")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("eels-edgeid demo: error:") and "absent.msa" in err[0]
    assert main(["demo", "--plot", str(tmp_path / "no_folder" / "x.png")]) == 2  # before the run, not after it
    err = capsys.readouterr()
    assert "no_folder" in err.err and "truth" not in err.out
    assert main(["evaluate", "--weights", str(tmp_path / "no_model"), "--skip", "synthetic"]) == 2
    assert "eels-edgeid evaluate: error:" in capsys.readouterr().err
    monkeypatch.setenv("EELS_EDGEID_TRACEBACK", "1")
    with pytest.raises((ValueError, OSError)):
        main(["demo", "--file", str(tmp_path / "absent.msa")])


def test_cli_version_and_a_closed_pipe(monkeypatch, capsys):
    import hyperspy_eels_edgeid
    from hyperspy_eels_edgeid.workflows.cli import main

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"eels-edgeid {hyperspy_eels_edgeid.__version__}"

    class ClosedPipe:  # stdout read by a reader that closed early (``eels-edgeid -h | head -3``)
        def write(self, *text):
            raise BrokenPipeError

        flush = write

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["--help"]) == 1  # no traceback
    monkeypatch.undo()

    def command_fails(argv):  # a broken pipe of the command itself is not hidden
        raise BrokenPipeError

    monkeypatch.setattr("hyperspy_eels_edgeid.workflows.demo.main", command_fails)
    with pytest.raises(BrokenPipeError):
        main(["demo"])


def test_demo_identifies_its_example(tmp_path, capsys):
    """README's first command: the bundled example is identified and the figure written."""
    pytest.importorskip("torch")
    from hyperspy_eels_edgeid.workflows.cli import main

    png = tmp_path / "demo.png"
    assert main(["demo", "--device", "cpu", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "truth                    = ['C', 'Fe', 'O']  (missed: [], extra: [])" in out
    assert png.is_file() and png.stat().st_size > 1000


def test_demo_on_a_file_saves_its_probabilities_and_refuses_what_it_would_guess(tmp_path, capsys):
    """`--file` with `--lazy` and `--save`; a pattern of two files, `--map` beside `--file` and a saved result are
    refused in one line instead of being read as something else."""
    pytest.importorskip("torch")
    import hyperspy.api as hs

    from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
    from hyperspy_eels_edgeid.workflows.cli import main

    s = synthetic_eels(["Fe", "O"], navigation_shape=(3, 2), random_state=0)
    for name in ("a.hspy", "b.hspy"):
        s.save(tmp_path / name)
    saved = tmp_path / "edges.hspy"
    assert main(["demo", "--file", str(tmp_path / "a.hspy"), "--lazy", "--save", str(saved), "--device", "cpu"]) == 0
    assert "probabilities saved to" in capsys.readouterr().out
    result = hs.load(saved)
    assert result.summary().elements == ["Fe", "O"]
    for argv, said in (
        (["--file", str(tmp_path / "*.hspy")], "read 3 signals"),
        (["--file", str(tmp_path / "a.hspy"), "--map"], "--map makes a synthetic spectrum image"),
        (["--lazy"], "--lazy loads --file"),
        (["--file", str(saved)], "holds a result of identify_edges"),
        (["--file", str(tmp_path / "a.hspy"), "--save", str(tmp_path / "a.hspy")], "is the spectrum's own file"),
        (["--file", str(tmp_path / "a.hspy"), "--save", str(tmp_path / "a")], "is the spectrum's own file"),
    ):
        assert main(["demo", *argv]) == 2
        assert said in capsys.readouterr().err
