"""A training run's files: warm start from a model, checkpoints, the epoch log and the final model.

Checkpoints are safetensors files (network and optimizer tensors) plus a JSON
of counters and random states; nothing is pickled.  A resumed run must have
the settings of the checkpointed one, except :data:`RESUMABLE_CHANGES`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import pathlib
import sys

from ..recognizer.model_files import WeightsError, load_model, save_model
from .widening import widen_lstm_state

__all__ = [
    "RESUMABLE_CHANGES",
    "claim_run_directory",
    "holding_run_directory",
    "initialise_from",
    "save_checkpoint",
    "load_checkpoint",
    "save_final_model",
    "model_is_current",
    "run_defining",
    "trim_log",
    "jsonable_config",
]


def initialise_from(net, directory: str | os.PathLike, elements: list[str], random_state=0) -> int:
    """Copy a trained model's weights into `net` (warm start); returns the number of tensors copied.

    Every tensor except the output layer and the ``allowed`` buffer must
    agree in name and shape (the convolutions and the BiLSTM do not depend
    on the grid's length, so the grid may differ), but for a BiLSTM wider
    than the trained one's, which starts as the trained one
    (:func:`~hyperspy_eels_edgeid.workflows.widening.widen_lstm_state`); the output layer is
    copied row by row for the elements of `elements` that the old model
    knows, and new elements keep their initialisation.  An edge head the
    trained model lacks keeps its initialisation too (it is added by this run).

    Parameters
    ----------
    net : EdgeNet
        The new network (changed in place).
    directory : path
        The trained model's directory.
    elements : list of str
        The new network's elements, in order.
    random_state : None, int or numpy.random.Generator
        Chooses the units a widened BiLSTM copies and the noise on the copies
        (0, the default, makes a warm start reproducible).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        When the architectures differ, or `elements` does not match `net`.
    """
    import torch

    if len(elements) != net.n_classes:
        raise ValueError(f"elements: {len(elements)} names for a network with {net.n_classes} outputs.")
    old, old_meta = load_model(directory)
    old_state, new_state = old.state_dict(), net.state_dict()
    if old.lstm.hidden_size < net.lstm.hidden_size:  # a wider BiLSTM starts as the trained one (Net2Net)
        old_state = widen_lstm_state(old_state, net.lstm.hidden_size, random_state=random_state)
    out_layer = f"head.{len(net.head) - 1}."
    new_head = [k for k in new_state if k.startswith("edge_head.") and k not in old_state]
    shared = [k for k in new_state if k != "allowed" and not k.startswith(out_layer) and k not in new_head]
    mismatched = [k for k in shared if k not in old_state or old_state[k].shape != new_state[k].shape]
    if mismatched:
        raise ValueError(
            f"init_from: {directory} has another architecture ({', '.join(mismatched[:4])} differ); "
            "give the same conv_channels, hidden and dense as that model."
        )
    old_index = {e: k for k, e in enumerate(old_meta["elements"])}
    rows = [(k, old_index[e]) for k, e in enumerate(elements) if e in old_index]
    with torch.no_grad():
        for name in shared:
            new_state[name].copy_(old_state[name])
        for name in (out_layer + "weight", out_layer + "bias"):
            for k_new, k_old in rows:
                new_state[name][k_new] = old_state[name][k_old]
    return len(shared) + (2 if rows else 0)


def save_checkpoint(directory: pathlib.Path, net, optimizer, state: dict) -> None:
    """Network + optimizer tensors to safetensors, counters to JSON (written last, atomically).

    Parameters
    ----------
    directory : pathlib.Path
        The run directory.
    net : EdgeNet
        The network.
    optimizer : torch.optim.Optimizer
        Its optimizer.
    state : dict
        Counters of the run (epoch, step, spectra seen ...).
    """
    import torch
    from safetensors.torch import save_file

    tensors = {f"net.{k}": v.detach().cpu().contiguous() for k, v in net.state_dict().items()}
    opt = optimizer.state_dict()
    for pid, entry in opt["state"].items():
        for name, value in entry.items():
            tensors[f"opt.{pid}.{name}"] = torch.as_tensor(value).detach().cpu().contiguous()
    tensors["rng.torch"] = torch.get_rng_state()
    tmp = directory / "checkpoint.safetensors.tmp"
    save_file(tensors, str(tmp))
    os.replace(tmp, directory / "checkpoint.safetensors")
    _write_state(directory, dict(state, param_groups=opt["param_groups"]))


def _write_state(directory: pathlib.Path, state: dict) -> None:
    """The counters to ``checkpoint.json``, atomically (a crash leaves the previous file)."""
    tmp = directory / "checkpoint.json.tmp"
    tmp.write_text(json.dumps(state, indent=1))
    os.replace(tmp, directory / "checkpoint.json")


def _alive(pid: int) -> bool:
    """Whether a process of that id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, as another user
        return True
    return True


def claim_run_directory(directory: pathlib.Path) -> None:
    """Mark a run directory as this process's (``run.lock``, its id), refusing one another running process holds.

    Two runs writing into one directory would interleave their logs and overwrite each other's checkpoints. The
    mark of a process that no longer runs (a run that was killed) is taken over; this process's own mark is removed
    when its training call ends (:func:`holding_run_directory`).

    Parameters
    ----------
    directory : pathlib.Path
        The run directory (existing).

    Raises
    ------
    ValueError
        Where another running process holds it.
    """
    lock = directory / "run.lock"
    try:
        holder = int(lock.read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        holder = 0
    if holder and holder != os.getpid() and _alive(holder):
        raise ValueError(
            f"out: {directory} is in use by another training run (process {holder}); wait for it to end, or give "
            f"another --out (if no run writes there, process {holder} is another program: delete {lock})."
        )
    lock.write_text(str(os.getpid()))


def holding_run_directory(train):
    """Decorate a training function so that the run directory it claims is released when it returns or raises.

    Parameters
    ----------
    train : callable
        Called with a config whose ``out`` is the run directory.

    Returns
    -------
    callable
    """

    @functools.wraps(train)
    def run(cfg):
        try:
            return train(cfg)
        finally:
            _release(pathlib.Path(cfg.out) / "run.lock")

    return run


def _release(lock: pathlib.Path) -> None:
    """Remove this process's mark, unless another run took the directory over."""
    try:
        if lock.read_text().strip() == str(os.getpid()):
            lock.unlink()
    except OSError:
        pass


def load_checkpoint(directory: pathlib.Path, net, optimizer, cfg) -> dict | None:
    """The state saved by :func:`save_checkpoint` (network and optimizer restored), or None.

    Parameters
    ----------
    directory : pathlib.Path
        The run directory.
    net : EdgeNet
        The network, restored in place.
    optimizer : torch.optim.Optimizer
        Its optimizer, restored in place.
    cfg : TrainConfig
        The settings of this call.

    Returns
    -------
    dict or None

    Raises
    ------
    ValueError
        When `cfg` differs from the checkpointed run in a field that defines it (anything but
        :data:`RESUMABLE_CHANGES`): resuming would mix two runs (another seed, for instance, redraws
        the validation split).
    """
    import torch
    from safetensors.torch import load_file

    if not (directory / "checkpoint.json").is_file():
        return None
    state = json.loads((directory / "checkpoint.json").read_text())
    saved = state.get("config")
    if saved is None:
        print(
            f"{directory}: the checkpoint predates the check of a resumed run's settings; resuming with these "
            "settings, which are checked from now on",
            file=sys.stderr,
        )
        state["config"] = run_defining(cfg)
        _write_state(directory, state)  # recorded now, even if this call trains no epoch
    differ = _differences(saved, run_defining(cfg)) if saved is not None else []
    if differ:
        raise ValueError(
            f"train: {directory} holds a run with other settings ({'; '.join(differ)}). Resume it with its own "
            "settings (its train_config.json), or give another --out for a new run."
        )
    tensors = load_file(str(directory / "checkpoint.safetensors"))
    net.load_state_dict({k[4:]: v for k, v in tensors.items() if k.startswith("net.")})
    opt_state: dict = {}
    for key, value in tensors.items():
        if key.startswith("opt."):
            _, pid, name = key.split(".", 2)
            opt_state.setdefault(int(pid), {})[name] = value
    optimizer.load_state_dict({"state": opt_state, "param_groups": state.pop("param_groups")})
    torch.set_rng_state(tensors["rng.torch"])
    return state


def save_final_model(out: pathlib.Path, net, meta: dict, state: dict, cfg) -> None:
    """Write the model of a run, with its provenance (epochs, spectra seen, validation, settings).

    Parameters
    ----------
    out : pathlib.Path
        The run directory.
    net : EdgeNet
        The network.
    meta : dict
        The model's description (updated in place).
    state : dict
        Counters of the run.
    cfg : TrainConfig
        The run's settings.
    """
    meta.update(
        epochs=state["epoch"],
        spectra_seen=state["seen"],
        validation=state.get("validation") or _logged_validation(out / "log.jsonl", state["epoch"]),
        train_config=jsonable_config(cfg),
    )
    save_model(out, net, meta)


def _read_log(log: pathlib.Path) -> list[tuple[str, dict | None]]:
    """The lines of ``log.jsonl`` with their records (None for a line torn by an interruption)."""
    if not log.is_file():
        return []
    out = []
    for line in log.read_text().splitlines():
        if line.strip():
            try:
                out.append((line, json.loads(line)))
            except json.JSONDecodeError:
                out.append((line, None))
    return out


def _logged_validation(log: pathlib.Path, epoch: int) -> dict | None:
    """The validation metrics logged for `epoch` (checkpoints written before they were kept there)."""
    return next((r.get("val") for _, r in _read_log(log)[::-1] if r and r.get("epoch") == epoch), None)


def model_is_current(out: pathlib.Path, epoch: int) -> bool:
    """Whether `out` holds a loadable model written after `epoch`.

    Parameters
    ----------
    out : pathlib.Path
        The run directory.
    epoch : int
        The last epoch trained.

    Returns
    -------
    bool
    """
    try:
        return load_model(out)[1].get("epochs") == epoch
    except WeightsError:
        return False


#: TrainConfig fields that may change when a run is resumed (the rest define the run).
RESUMABLE_CHANGES = ("out", "epochs", "max_minutes", "device", "num_threads", "data_workers", "show_progressbar",
                     "init_from", "precision", "keep_epoch_models")  # fmt: skip


def run_defining(cfg) -> dict:
    """The settings that define a run (all but :data:`RESUMABLE_CHANGES`), as JSON values.

    Parameters
    ----------
    cfg : TrainConfig
        The run's settings.

    Returns
    -------
    dict
    """
    settings = {k: v for k, v in jsonable_config(cfg).items() if k not in RESUMABLE_CHANGES}
    if settings["database"]:  # the same file however the path is written
        settings["database"] = str(pathlib.Path(settings["database"]).resolve())
    return settings


def _differences(saved: dict, now: dict, prefix: str = "") -> list[str]:
    """``key: old in the run, new now`` for every differing entry (nested dicts entry by entry)."""
    out = []
    for key in sorted(set(saved) | set(now)):
        old, new = saved.get(key), now.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            out += _differences(old, new, f"{prefix}{key}.")
        elif old != new:
            out.append(f"{prefix}{key}: {old!r} in the run, {new!r} now")
    return out


def trim_log(log: pathlib.Path, epoch: int) -> None:
    """Drop log lines of epochs after the checkpoint's, and a line torn by an interruption.

    Parameters
    ----------
    log : pathlib.Path
        The run's ``log.jsonl``.
    epoch : int
        The checkpoint's epoch.
    """
    lines = _read_log(log)
    if any(r is None for _, r in lines):
        print(f"{log}: dropping a line that is not JSON (torn by an interruption?)", file=sys.stderr)
    kept = [line for line, r in lines if r is not None and r.get("epoch", 0) <= epoch]
    if len(kept) != len(lines):
        log.write_text("".join(line + "\n" for line in kept))


def jsonable_config(cfg) -> dict:
    """A TrainConfig as JSON values (tuples as lists).

    Parameters
    ----------
    cfg : TrainConfig
        The run's settings.

    Returns
    -------
    dict
    """
    return json.loads(json.dumps(dataclasses.asdict(cfg), default=list))
