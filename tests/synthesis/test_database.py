"""Training databases: chunked, deterministic, resumable, bounded in memory."""

import os
import subprocess
from pathlib import Path
import sys

import h5py
import numpy as np
import pytest

from hyperspy_eels_edgeid.synthesis.database import SpectrumDatabase, synthesize_database
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch

SMALL = SynthesisConfig(n_channels=(256, 512), window_start=(100.0, 800.0))


def _read_all(path):
    with SpectrumDatabase(path) as db:
        return db.read(0, len(db))


def test_write_and_read(tmp_path):
    path = synthesize_database(
        tmp_path / "db.h5", 130, SMALL, seed=1, chunk_size=50, n_workers=0, show_progressbar=False
    )
    batch = _read_all(path)
    assert batch.spectra.shape == (130, 512)
    n = batch.parameters["n_channels"]
    assert np.all(np.isnan(batch.spectra[np.arange(512)[None, :] >= n[:, None]]))
    # the same spectra as chunk k of the generator with its own random stream
    chunk1 = synthesize_batch(50, SMALL, np.random.default_rng(np.random.SeedSequence(1, spawn_key=(1,))))
    np.testing.assert_array_equal(batch.spectra[50:100, : chunk1.spectra.shape[1]], chunk1.spectra)
    with SpectrumDatabase(path) as db:
        part = db.read(50, 100)
        assert [part.elements(i) for i in range(50)] == [chunk1.elements(i) for i in range(50)]
        for name, values in chunk1.parameters.items():
            np.testing.assert_array_equal(part.parameters[name], values, err_msg=name)
        assert db.config == SMALL and len(db) == 130


def test_reads_a_database_written_before_the_table_continua(tmp_path):
    """Earlier databases: no beam energy or collection angle columns (NaN), obsolete config fields ignored."""
    import json

    path = synthesize_database(tmp_path / "db.h5", 20, SMALL, seed=1, chunk_size=20, n_workers=0, show_progressbar=False)
    with h5py.File(path, "a") as f:
        del f["parameters/beam_energy"], f["parameters/collection_angle"]
        config = json.loads(f.attrs["config"])
        config.update(secondary_edge_scale=[0.05, 0.25], companion_edge_scale=[0.5, 1.0], beam_energy=200.0)
        f.attrs["config"] = json.dumps(config)
    with SpectrumDatabase(path) as db:
        batch = db.read(0, 20)
        assert db.config.beam_energy == (200.0, 200.0)
    assert np.all(np.isnan(batch.parameters["beam_energy"])) and np.all(np.isnan(batch.parameters["collection_angle"]))
    assert np.all(np.isfinite(batch.parameters["counts"]))


def test_workers_do_not_change_the_content(tmp_path):
    # 12 chunks: more than the 5 shared-memory slots of 2 forked workers, so slots are reused
    a = synthesize_database(tmp_path / "a.h5", 120, SMALL, seed=2, chunk_size=10, n_workers=0, show_progressbar=False)
    b = synthesize_database(tmp_path / "b.h5", 120, SMALL, seed=2, chunk_size=10, n_workers=2, show_progressbar=False)
    c = synthesize_database(tmp_path / "c.h5", 120, SMALL, seed=3, chunk_size=10, n_workers=0, show_progressbar=False)
    x, y, z = _read_all(a), _read_all(b), _read_all(c)
    np.testing.assert_array_equal(x.spectra, y.spectra)
    np.testing.assert_array_equal(x.edges, y.edges)
    assert not np.array_equal(np.nan_to_num(x.spectra), np.nan_to_num(z.spectra))


def test_a_chunk_size_far_above_n_needs_no_more_memory(tmp_path):
    # the workers' shared buffer is sized from what is written (50 spectra), not from chunk_size (40 GB here)
    a = synthesize_database(tmp_path / "a.h5", 50, SMALL, seed=4, chunk_size=10**7, n_workers=2, show_progressbar=False)
    b = synthesize_database(tmp_path / "b.h5", 50, SMALL, seed=4, chunk_size=10**7, n_workers=0, show_progressbar=False)
    np.testing.assert_array_equal(_read_all(a).spectra, _read_all(b).spectra)


def test_resume_after_interruption(tmp_path):
    whole = synthesize_database(
        tmp_path / "whole.h5", 200, SMALL, seed=4, chunk_size=50, n_workers=0, show_progressbar=False
    )
    cut = synthesize_database(
        tmp_path / "cut.h5", 200, SMALL, seed=4, chunk_size=50, n_workers=0, show_progressbar=False
    )
    # simulate a run killed while writing chunk 2: chunks 0-1 recorded as done,
    # chunk 2 written in part (garbage spectra, all of its edge rows and some of chunk 3's)
    with h5py.File(cut, "a") as f:
        edges_after_three = int(np.searchsorted(f["edges"]["spectrum"], 150))
        f.attrs["chunks_done"] = 2
        f["spectra"][100:125] = -1.0
        f["edges"].resize((edges_after_three + 3,))
    with pytest.raises(ValueError, match="unfinished"):
        SpectrumDatabase(cut)
    synthesize_database(cut, 200, SMALL, seed=4, chunk_size=50, n_workers=0, show_progressbar=False)
    x, y = _read_all(whole), _read_all(cut)
    np.testing.assert_array_equal(x.spectra, y.spectra)
    np.testing.assert_array_equal(x.edges, y.edges)  # nothing lost, nothing duplicated


def test_never_writes_into_a_foreign_file(tmp_path):
    path = tmp_path / "precious.h5"
    with h5py.File(path, "w") as f:
        f["precious"] = np.arange(3)
    with pytest.raises(ValueError, match="not a hyperspy_eels_edgeid database"):
        synthesize_database(path, 10, SMALL, chunk_size=10, n_workers=0, show_progressbar=False)
    with h5py.File(path, "r") as f:
        assert list(f.keys()) == ["precious"]


def test_resume_refuses_other_settings(tmp_path):
    path = synthesize_database(
        tmp_path / "db.h5", 60, SMALL, seed=5, chunk_size=30, n_workers=0, show_progressbar=False
    )
    with pytest.raises(ValueError, match="other settings.*seed"):
        synthesize_database(path, 60, SMALL, seed=6, chunk_size=30, n_workers=0, show_progressbar=False)
    synthesize_database(path, 60, SMALL, seed=6, chunk_size=30, n_workers=0, show_progressbar=False, overwrite=True)
    with SpectrumDatabase(path) as db:
        assert db.seed == 6


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="n:"):
        synthesize_database(tmp_path / "x.h5", 0, SMALL)
    with pytest.raises(ValueError, match="chunk_size"):
        synthesize_database(tmp_path / "x.h5", 10, SMALL, chunk_size=0)
    with pytest.raises(ValueError, match="no database"):
        SpectrumDatabase(tmp_path / "missing.h5")


def test_command_line(tmp_path):
    out = tmp_path / "cli.h5"
    cmd = [sys.executable, "-m", "hyperspy_eels_edgeid.workflows.cli", "synthesize", "--n", "64", "--out", str(out),
           "--seed", "9", "--chunk-size", "32", "--workers", "0", "--no-progressbar"]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with SpectrumDatabase(out) as db:
        assert len(db) == 64 and db.seed == 9
    bad = subprocess.run(cmd[:4] + ["--n", "-5", "--out", str(tmp_path / "bad.h5")], capture_output=True, text=True)
    assert bad.returncode == 2 and "n:" in bad.stderr
    from hyperspy_eels_edgeid.synthesis.database import main

    with pytest.raises(SystemExit):  # argparse's error: status 2
        main(["--n", "10", "--out", str(tmp_path / "w.h5"), "--workers", "-1"])
    (tmp_path / "bad.json").write_text("{not json")
    assert main(["--n", "10", "--out", str(tmp_path / "c.h5"), "--config", str(tmp_path / "bad.json")]) == 2
    assert not (tmp_path / "w.h5").exists() and not (tmp_path / "c.h5").exists()


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode(errors="replace").replace("\0", " ")
    except OSError:
        return ""


def _start_run(tmp_path, n):
    """Start a 2-worker database run in another process; return it once its workers are busy.

    Its writer sleeps 0.3 s before each chunk, so the run lasts several seconds
    on any machine and its workers wait to hand over their chunks, as behind a
    slow disk.  The run appends a line to a side file after each chunk: the
    database itself is locked while a chunk is written, so polling it could miss
    the whole run where writing is most of the time.
    """
    import time

    out = tmp_path / "run.h5"
    written = tmp_path / "written.txt"
    script = tmp_path / "run.py"
    script.write_text(
        "import time\n"
        "from hyperspy_eels_edgeid.synthesis import database\n"
        "from hyperspy_eels_edgeid.synthesis.database import synthesize_database\n"
        "from hyperspy_eels_edgeid.synthesis import SynthesisConfig\n"
        "write_chunk = database._write_chunk\n"
        "def slow_write_chunk(*args):\n"
        "    time.sleep(0.3)\n"
        "    write_chunk(*args)\n"
        f"    with open({str(written)!r}, 'a') as f:\n"
        "        f.write('chunk\\n')\n"
        "database._write_chunk = slow_write_chunk\n"
        "if __name__ == '__main__':\n"
        f"    synthesize_database({str(out)!r}, {n}, SynthesisConfig(n_channels=4096), seed=7, chunk_size=256,\n"
        "                        n_workers=2, show_progressbar=False)\n"
    )
    process = subprocess.Popen([sys.executable, str(script)])
    deadline = time.time() + 180
    while _read(written).count("chunk") < 2 and process.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    return process, out, _workers_of(process.pid)


def _chunks_done(path):
    try:
        with h5py.File(path, "r") as f:
            return int(f.attrs.get("chunks_done", 0))
    except (OSError, KeyError):
        return 0


def _is_worker(cmdline: str) -> bool:
    """A spawned worker runs multiprocessing's spawn_main; a forked one has the command line of run.py."""
    return "spawn_main" in cmdline or "run.py" in cmdline


def _workers_of(pid):
    return [
        status.parent.name
        for status in Path("/proc").glob("[0-9]*/status")
        if f"PPid:\t{pid}\n" in _read(status) and _is_worker(_read(status.parent / "cmdline"))
    ]


def _alive(pids):
    return [pid for pid in pids if _is_worker(_read(Path(f"/proc/{pid}/cmdline")))]


def _alive_after(pids, seconds):
    """The workers still alive after waiting up to `seconds` for them to leave (a loaded machine is slow)."""
    import time

    deadline = time.time() + seconds
    while _alive(pids) and time.time() < deadline:
        time.sleep(0.2)
    return _alive(pids)


def test_sigterm_stops_cleanly_and_the_run_resumes(tmp_path):
    import signal

    process, out, workers = _start_run(tmp_path, 6144)
    assert workers
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) != 0  # stopped before the end
    assert _alive_after(workers, 15) == []
    with h5py.File(out, "r") as f:
        stopped_at = int(f.attrs["chunks_done"])
    assert 0 < stopped_at < 24
    config = SynthesisConfig(n_channels=4096)
    synthesize_database(out, 6144, config, seed=7, chunk_size=256, n_workers=2, show_progressbar=False)
    # every chunk around the interruption is what an uninterrupted run writes
    from hyperspy_eels_edgeid.synthesis.database import _chunk

    with SpectrumDatabase(out) as db:
        assert len(db) == 6144
        for k in {0, stopped_at - 1, stopped_at, min(stopped_at + 1, 23), 23}:
            expected = _chunk(config.to_json(), 7, k, 256, 4096)
            got = db.read(256 * k, 256 * (k + 1))
            np.testing.assert_array_equal(got.spectra, expected.spectra)
            np.testing.assert_array_equal(got.edges, expected.edges)
        spectrum = db.read(0, 6144).edges["spectrum"]
        assert np.all(np.diff(spectrum) >= 0)  # nothing duplicated, in order


def test_a_worker_killed_stops_the_run_with_an_error(tmp_path):
    """The pool terminates the other workers (SIGTERM): they must leave, not report an interrupt nobody reads."""
    import signal

    process, out, workers = _start_run(tmp_path, 6144)
    assert workers
    os.kill(int(workers[0]), signal.SIGKILL)
    try:
        returncode = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("the run hung after one of its workers was killed") from None
    assert returncode != 0
    assert _alive_after(workers, 15) == []


def test_sigkill_leaves_no_orphan_workers(tmp_path):
    """Workers blocked on sending a chunk to a killed parent leave by themselves."""
    import signal

    process, _, workers = _start_run(tmp_path, 6144)
    assert workers
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert _alive_after(workers, 20) == []  # a worker notices within a second that its parent is gone


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed one
def test_sigterm_swallowed_by_a_finalizer_still_stops_the_run(tmp_path, monkeypatch):
    """SIGTERM handled inside a ``__del__`` raises there and Python drops it: the run stops after the chunk."""
    import gc
    import signal

    from hyperspy_eels_edgeid.synthesis import database

    class SignalledWhileFinalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            sum(range(10))  # the handler runs here, inside the finalizer

    write_chunk = database._write_chunk

    def write_and_finalize(f, batch, start):
        write_chunk(f, batch, start)
        if start == 0:
            SignalledWhileFinalized()
            gc.collect()

    monkeypatch.setattr(database, "_write_chunk", write_and_finalize)
    out = tmp_path / "swallowed.h5"
    with pytest.raises(KeyboardInterrupt, match="signal 15"):
        synthesize_database(out, 96, SynthesisConfig(n_channels=256), seed=3, chunk_size=32, n_workers=0,
                            show_progressbar=False)  # fmt: skip
    assert _chunks_done(out) == 1
