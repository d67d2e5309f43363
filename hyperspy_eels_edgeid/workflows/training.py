"""Train the edge recognizer (``eels-edgeid train``).

One configuration object (:class:`TrainConfig`) and one loop that reads top
to bottom (:func:`train`): the paper's settings by default (Adam, learning
rate 0.001, gradient clipping at 1, shuffling every epoch, 80/20
train/validation split), CUDA when present, a checkpoint after every epoch
that a restarted run resumes from, a progress bar and a log of the loss and
validation metrics, and fixed seeds.

Data come either from a database written by ``eels-edgeid synthesize``
(``--database``), split 80/20 at random by chunks of spectra, or are
synthesized on the fly (``--on-the-fly``): fresh spectra every epoch, each
batch from a seed of the epoch and the batch (a resumed run sees the same
data, whatever the number of ``--data-workers``), validation a fixed set.
On-the-fly sampling also controls what a database cannot: a share of
edge-free spectra and more C and O (contamination in real spectra).

Checkpoints: safetensors (network and optimizer) and a JSON; nothing is pickled.

Examples
--------
::

    eels-edgeid train --database train.h5 --out runs/model --epochs 20
    eels-edgeid train --on-the-fly --samples-per-epoch 20000 --out runs/model --max-minutes 80
    eels-edgeid train --on-the-fly --data-workers 14 --batch-size 256 --device cuda --out runs/gpu
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import pathlib
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from .._device import resolve_device
from .._parallel import worker_pool
from .._progress import progress_bar, show_progressbar
from ..recognizer.edge_families import FAMILIES
from ..recognizer.grid import model_grid, parse_grid_segments
from ..recognizer.model_files import build_network, decoder_settings_of, model_metadata
from ..recognizer.precision import PRECISIONS, run_network
from ..synthesis import SynthesisConfig
from .checkpoints import (
    claim_run_directory, holding_run_directory, initialise_from, load_checkpoint, model_is_current, run_defining,
    save_checkpoint, save_final_model, trim_log,
)  # fmt: skip
from .losses import losses
from .training_data import DatabaseSource, OnTheFlySource, batches_by_window, grid_and_space
from .validation import keep_hardest, validate

#: Batches whose spectra ``freeze_batchnorm`` deals again by window (:func:`~.training_data.batches_by_window`).
WINDOW_POOL = 16

__all__ = ["TrainConfig", "train", "main", "validate"]


@dataclass
class TrainConfig:
    """Everything a training run depends on.

    Parameters
    ----------
    out : str
        Run directory: checkpoints, log and the final model (bundled format).
    database : str or None
        HDF5 database from ``eels-edgeid synthesize``; None with `on_the_fly`.
    on_the_fly : bool
        Synthesize fresh spectra every epoch instead of reading a database.
    samples_per_epoch : int
        On-the-fly spectra per epoch.
    n_validation : int
        On-the-fly validation spectra (fixed set).
    validation_fraction : float
        Share of the database held out for validation (paper: 0.2).
    epochs : int
        Number of epochs.
    max_minutes : float or None
        Stop (after finishing an epoch and its checkpoint) once this much
        wall time has passed in this process.
    batch_size : int
    learning_rate : float
        Adam's initial learning rate (paper: 0.001).
    lr_schedule : {"constant", "cosine"}
        "constant" is the paper's; "cosine" decays to 5 % over `epochs`.
    grad_clip : float
        Gradient norm clipping (paper: 1).
    position_loss_weight : float
        Weight of the per-position onset loss against the presence loss.
    edge_head : bool
        Give the network an edge head (shape family and sub-step onset at
        every step, :mod:`~hyperspy_eels_edgeid.recognizer.edge_families`).
    edge_loss_weight : float
        Weight of the edge head's losses.
    seed : int
        Seeds numpy, torch and the data order.
    device : str
        "auto" (CUDA when available), "cpu" or "cuda".
    num_threads : int or None
        Torch CPU threads.
    precision : {"float32", "bfloat16"}
        The network's arithmetic (:mod:`~hyperspy_eels_edgeid.recognizer.precision`; weights stay float32).
    data_workers : int
        Processes that synthesize on-the-fly batches and their targets
        while the network trains (0: in the training process).  On a GPU
        machine, give them the CPU cores: synthesis is the bottleneck
        there.  The data do not depend on this number.
    conv_channels, hidden, dense, dropout
        Network architecture (see :class:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet`).
    synthesis : dict
        Overrides of :class:`SynthesisConfig` for on-the-fly data.
    synthesis_alternate : dict
        If not empty, every second on-the-fly batch uses these overrides
        instead (e.g. the steeper backgrounds and weaker edges of
        ``SynthesisConfig.realistic()``), so training mixes two models.
    grid_segments : tuple of (start, stop, step) or None
        The model's energy grid, contiguous uniform segments in eV (None:
        :data:`~hyperspy_eels_edgeid.recognizer.grid.GRID_SEGMENTS`).  With
        `init_from` the grid may differ from the trained model's.
    init_from : str or None
        A model directory (bundled format) whose weights start a new run
        (fine-tuning): tensors are copied where names and shapes agree, the
        output layer row by row for the elements both label spaces share,
        so the grid and the element list may differ.  Ignored on resume.
    zero_element_fraction : float
        On-the-fly share of spectra without any edge.
    element_weights : dict
        On-the-fly relative probability of drawing an element (default 1):
        C, O, N and K three times as likely (contamination, oxides, nitrides;
        N since stage 15 and K since stage 18, each by an equal-budget
        comparison, model card's ablation table).
    weak_label_psnr : float or None
        Labels whose edge has a PSNR below this are neither present nor absent
        for the element head (:func:`~.training_data.make_targets`; the
        evaluation's "don't care"); None labels them present.
    hard_example_fraction : float or None
        Online hard-example mining: synthesize ``batch_size / fraction``
        spectra per step and train on the ``batch_size`` of them on which the
        element head's loss is largest (:func:`~.validation.keep_hardest`);
        an epoch then synthesizes ``samples_per_epoch`` spectra and trains on
        that times the fraction.  None (the default) trains on every spectrum.
    freeze_batchnorm : bool
        Keep the BatchNorm layers' running statistics (evaluation) while
        training: each spectrum's outputs and gradient then do not depend on
        its batch, the spectra of every 16 batches are dealt into batches by
        window (:func:`~.training_data.batches_by_window`) and the network
        runs only the steps its batch measured
        (:meth:`~hyperspy_eels_edgeid.recognizer.network.EdgeNet.measured_steps`).
        Fine-tuning only (a new network has no statistics to keep).
    keep_epoch_models : bool
        Also write the model of every epoch to ``epoch_NNN/`` in the run
        directory (to average the last epochs, ``scripts/average_weights.py``).
    threshold : float
        Decision threshold used for the validation metrics and written to the model.
    show_progressbar : bool or None
        None follows ``hs.preferences.General.show_progressbar``.

    Examples
    --------
    >>> from hyperspy_eels_edgeid.workflows.training import TrainConfig
    >>> TrainConfig(out="runs/x", on_the_fly=True).learning_rate
    0.001
    """

    out: str = "runs/model"
    database: str | None = None
    on_the_fly: bool = False
    samples_per_epoch: int = 20000
    n_validation: int = 1000
    validation_fraction: float = 0.2
    epochs: int = 30
    max_minutes: float | None = None
    batch_size: int = 64
    learning_rate: float = 1e-3
    lr_schedule: str = "constant"
    grad_clip: float = 1.0
    position_loss_weight: float = 1.0
    edge_head: bool = False
    edge_loss_weight: float = 1.0
    seed: int = 0
    device: str = "auto"
    num_threads: int | None = None
    precision: str = "float32"
    data_workers: int = 0
    conv_channels: tuple[int, ...] = (16, 32, 48, 64)
    hidden: int = 100
    dense: int = 64
    dropout: float = 0.2
    synthesis: dict = field(default_factory=dict)
    synthesis_alternate: dict = field(default_factory=dict)
    grid_segments: tuple[tuple[float, float, float], ...] | None = None
    init_from: str | None = None
    zero_element_fraction: float = 0.1
    element_weights: dict = field(default_factory=lambda: {"C": 3.0, "O": 3.0, "N": 3.0, "K": 3.0})
    weak_label_psnr: float | None = None
    hard_example_fraction: float | None = None
    freeze_batchnorm: bool = False
    keep_epoch_models: bool = False
    threshold: float = 0.5
    show_progressbar: bool | None = None

    def __post_init__(self) -> None:
        checks = {
            "epochs": self.epochs >= 1,
            "batch_size": self.batch_size >= 1,
            "samples_per_epoch": self.samples_per_epoch >= 1,
            "n_validation": self.n_validation >= 1,
            "validation_fraction": 0.0 < self.validation_fraction < 1.0,
            "learning_rate": self.learning_rate > 0.0,
            "grad_clip": self.grad_clip > 0.0,
            "data_workers": self.data_workers >= 0,
            "zero_element_fraction": 0.0 <= self.zero_element_fraction <= 1.0,
            "threshold": 0.0 < self.threshold <= 1.0,
            "lr_schedule": self.lr_schedule in ("constant", "cosine"),
            "precision": self.precision in PRECISIONS,
            "hard_example_fraction": self.hard_example_fraction is None or 0.0 < self.hard_example_fraction <= 1.0,
            "num_threads": self.num_threads is None or self.num_threads >= 1,
            "max_minutes": self.max_minutes is None or self.max_minutes > 0.0,
            "conv_channels": len(self.conv_channels) > 0 and min(self.conv_channels) >= 1,
            "hidden": self.hidden >= 1,
            "dense": self.dense >= 1,
            "dropout": 0.0 <= self.dropout < 1.0,
            "position_loss_weight": self.position_loss_weight >= 0.0,
            "edge_loss_weight": self.edge_loss_weight >= 0.0,
            "weak_label_psnr": self.weak_label_psnr is None or self.weak_label_psnr >= 0.0,
            "freeze_batchnorm": not self.freeze_batchnorm or self.init_from is not None,
        }
        wrong = [name for name, ok in checks.items() if not ok]
        if wrong:
            shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in wrong)
            raise ValueError(
                f"TrainConfig: {shown} out of range; epochs, batch_size, samples_per_epoch and n_validation "
                "must be >= 1, validation_fraction in (0, 1), learning_rate and grad_clip > 0, data_workers >= 0, "
                "zero_element_fraction in [0, 1], threshold in (0, 1], lr_schedule 'constant' or 'cosine', "
                f"precision in {PRECISIONS}, hard_example_fraction None or in (0, 1], num_threads None or >= 1, "
                "max_minutes None or > 0, conv_channels, hidden and dense >= 1, dropout in [0, 1), the loss weights "
                ">= 0, weak_label_psnr None or >= 0, freeze_batchnorm only with init_from (a trained start)."
            )
        if self.grid_segments is not None:
            model_grid(self.grid_segments)  # raises on segments whose channels do not increase
        if self.database and (self.synthesis or self.synthesis_alternate):
            raise ValueError(
                "TrainConfig: synthesis and synthesis_alternate set the on-the-fly forward model; a database "
                "already holds its spectra. Drop them, or train with on_the_fly=True instead of a database."
            )

    def network_kwargs(self) -> dict:
        """Keyword arguments of EdgeNet (as stored in the model JSON)."""
        kwargs = {
            "in_channels": 4,
            "conv_channels": [int(c) for c in self.conv_channels],
            "hidden": int(self.hidden),
            "dense": int(self.dense),
            "dropout": float(self.dropout),
        }
        if self.edge_head:
            kwargs["edge_families"] = len(FAMILIES)
        return kwargs


# ------------------------------------------------------------------- the loop


@holding_run_directory
def train(cfg: TrainConfig) -> pathlib.Path:
    """Run (or resume) training; returns the run directory holding the final model.

    The run directory gets ``checkpoint.*`` after every epoch, ``log.jsonl``
    (one line per epoch: losses, validation metrics, time) and, at the end,
    the model in the bundled format (``edge_recognizer.*``), loadable with
    :func:`hyperspy_eels_edgeid.recognizer.loading.load_recognizer`.

    Parameters
    ----------
    cfg : TrainConfig
        The run's settings.

    Returns
    -------
    pathlib.Path
    """
    import torch

    t_start, device = time.time(), resolve_device(cfg.device)
    out = pathlib.Path(cfg.out)
    if cfg.num_threads:
        torch.set_num_threads(int(cfg.num_threads))
    torch.manual_seed(cfg.seed)
    np.random.seed(cfg.seed)

    # --- model, optimizer, data -------------------------------------------------
    space = grid_and_space(cfg.grid_segments)[1]
    if not space:
        raise ValueError(f"grid_segments: the grid {cfg.grid_segments} holds no element's principal edge.")
    meta = model_metadata(cfg.network_kwargs(), thresholds=cfg.threshold, segments=cfg.grid_segments, trained=True)
    net = build_network(meta).to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=cfg.learning_rate)
    if cfg.database:
        source = DatabaseSource(cfg.database, cfg.validation_fraction, cfg.seed, net.stride, net.n_steps,
                                segments=cfg.grid_segments, weak_label_psnr=cfg.weak_label_psnr)  # fmt: skip
    elif cfg.on_the_fly:
        source = OnTheFlySource(cfg, net.stride, net.n_steps)
    else:
        raise ValueError("database: give a database from `eels-edgeid synthesize` (--database) or --on-the-fly.")
    out.mkdir(parents=True, exist_ok=True)  # after every check of the settings: a refused run writes nothing
    claim_run_directory(out)  # no other running process writes here (run.lock, released when this call ends)
    state = load_checkpoint(out, net, optimizer, cfg)
    if state is None:
        state = {"epoch": 0, "step": 0, "seen": 0, "best_f1": -1.0, "config": run_defining(cfg)}
        if cfg.init_from:  # training does not change the decoder: keep the starting model's settings (maps' too)
            n = initialise_from(net, cfg.init_from, list(space))
            state.update(decoder_settings_of(cfg.init_from, meta["decoder"]))
            print(f"started from {cfg.init_from} ({n} tensors copied)", file=sys.stderr)
    elif "decoder" not in state and (out / "edge_recognizer.json").exists():  # a checkpoint written before it kept one
        state.update(decoder_settings_of(out, meta["decoder"]))
    meta.update({key: state[key] for key in ("decoder", "image_decoder") if key in state})  # resumed: init not read
    if state["epoch"]:
        print(f"resuming from the end of epoch {state['epoch']} ({state['seen']} spectra seen)", file=sys.stderr)
    trim_log(out / "log.jsonl", state["epoch"])
    (out / "train_config.json").write_text(json.dumps(dataclasses.asdict(cfg), indent=1, default=list))
    show = show_progressbar(cfg.show_progressbar)
    # with hard-example mining, each step draws more spectra than it trains on
    drawn = math.ceil(cfg.batch_size / (cfg.hard_example_fraction or 1.0))
    n_batches = math.ceil(source.n_train / drawn)
    epoch_at_start = state["epoch"]  # an epoch trained in this call writes the model itself

    # --- epochs -----------------------------------------------------------------
    # data workers (on-the-fly synthesis) live as long as the run
    with worker_pool(cfg.data_workers if cfg.on_the_fly else 0) as pool:
        net.freeze_batchnorm = cfg.freeze_batchnorm
        net.train()
        for epoch in range(state["epoch"], cfg.epochs):
            if cfg.lr_schedule == "cosine":
                lr = cfg.learning_rate * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * epoch / cfg.epochs)))
            else:
                lr = cfg.learning_rate
            for group in optimizer.param_groups:
                group["lr"] = lr
            t_epoch, running, n_seen = time.time(), {}, 0
            batches = source.epoch(epoch, cfg.seed, drawn, pool)
            if cfg.freeze_batchnorm:
                batches = batches_by_window(batches, WINDOW_POOL, np.random.default_rng([cfg.seed, epoch, 2]))
            bar = progress_bar(
                batches,
                show=show, desc=f"epoch {epoch + 1}", total=n_batches, leave=False, mininterval=5.0,
            )  # fmt: skip
            for t in bar:
                t = {k: torch.from_numpy(v).to(device) for k, v in t.items()}
                if drawn > cfg.batch_size:
                    t = keep_hardest(net, t, cfg.batch_size, device, cfg.precision, cfg.position_loss_weight)
                n = len(t["x"])
                outputs = run_network(net, t["x"], device, cfg.precision)
                parts = losses(outputs, t, cfg.position_loss_weight, cfg.edge_loss_weight)
                loss = parts["total"]
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), cfg.grad_clip)
                optimizer.step()
                for name, value in parts.items():
                    running[name] = running.get(name, 0.0) + value.item() * n
                n_seen += n
                state["step"] += 1
                if show and hasattr(bar, "set_postfix"):
                    bar.set_postfix(loss=f"{running['total'] / n_seen:.4f}")
                elif not show and state["step"] % 50 == 0:
                    rate = n_seen / (time.time() - t_epoch)
                    print(f"  step {state['step']}: loss {running['total'] / n_seen:.4f} ({rate:.0f} spectra/s)",
                          file=sys.stderr, flush=True)  # fmt: skip
            state["seen"] += n_seen
            weights = (cfg.position_loss_weight, cfg.edge_loss_weight)
            metrics = validate(net, source, space, device, cfg.threshold, pool, weights, cfg.precision)
            state["epoch"] = epoch + 1
            state["validation"] = metrics
            record = {
                "epoch": epoch + 1,
                "lr": lr,
                "train_loss": running.get("total", 0.0) / max(n_seen, 1),
                **{f"train_{name}_loss": value / max(n_seen, 1) for name, value in running.items() if name != "total"},
                "val": metrics,
                "seen": state["seen"],
                "epoch_seconds": time.time() - t_epoch,
            }
            with open(out / "log.jsonl", "a") as log:
                log.write(json.dumps(record) + "\n")
            print(f"epoch {epoch + 1}: train loss {record['train_loss']:.4f}, val loss {metrics['loss']:.4f}, "
                  f"F1 {metrics['f1']:.3f}, exact {metrics['exact']:.3f}, recognition {metrics['recognition']:.3f} "
                  f"({record['epoch_seconds']:.0f} s)", file=sys.stderr, flush=True)  # fmt: skip
            state["best_f1"] = max(state["best_f1"], metrics["f1"])
            # the model first: a run interrupted between the two redoes this epoch from the previous checkpoint
            save_final_model(out, net, meta, state, cfg)
            if cfg.keep_epoch_models:
                save_final_model(out / f"epoch_{epoch + 1:03d}", net, dict(meta), state, cfg)
            save_checkpoint(out, net, optimizer, state)
            if cfg.max_minutes is not None and time.time() - t_start > 60 * cfg.max_minutes:
                print(f"stopping after epoch {epoch + 1}: max_minutes={cfg.max_minutes} reached", file=sys.stderr)
                break
    if state["epoch"] == epoch_at_start and state["epoch"] and not model_is_current(out, state["epoch"]):
        # interrupted after the last checkpoint but before (or while) writing the model: write it now
        save_final_model(out, net, meta, state, cfg)
    return out


def main(argv: list[str] | None = None) -> int:
    """``eels-edgeid train``: parse arguments into a TrainConfig and train.

    Parameters
    ----------
    argv : list of str, optional
        The settings of :class:`TrainConfig` as options; the command line's by default.

    Returns
    -------
    int
        0 when the run directory holds the final model.
    """
    d = TrainConfig()
    ap = argparse.ArgumentParser(prog="eels-edgeid train", description="Train the edge recognizer.")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--database", help="HDF5 database from `eels-edgeid synthesize`")
    src.add_argument("--on-the-fly", action="store_true", help="synthesize fresh spectra every epoch")
    ap.add_argument("--out", default=d.out, help="run directory (checkpoints, log, final model)")
    ap.add_argument("--epochs", type=int, default=d.epochs)
    ap.add_argument("--samples-per-epoch", type=int, default=None, help=f"on the fly (default {d.samples_per_epoch})")
    ap.add_argument("--n-validation", type=int, default=None, help=f"on the fly (default {d.n_validation})")
    ap.add_argument("--validation-fraction", type=float, default=d.validation_fraction)
    ap.add_argument("--max-minutes", type=float, default=None)
    ap.add_argument("--batch-size", type=int, default=d.batch_size)
    ap.add_argument("--lr", type=float, default=d.learning_rate)
    ap.add_argument("--lr-schedule", choices=["constant", "cosine"], default=d.lr_schedule)
    ap.add_argument("--seed", type=int, default=d.seed)
    ap.add_argument("--device", default=d.device, help="auto (CUDA when available), cpu or cuda[:N]")
    ap.add_argument("--num-threads", type=int, default=None)
    ap.add_argument("--precision", choices=PRECISIONS, default=d.precision, help="the network's arithmetic")
    ap.add_argument("--data-workers", type=int, default=None,
                    help="processes synthesizing on-the-fly batches (give them the CPU cores on a GPU machine)")  # fmt: skip
    ap.add_argument("--conv-channels", type=lambda s: tuple(int(v) for v in s.split(",")), default=d.conv_channels)
    ap.add_argument("--hidden", type=int, default=d.hidden)
    ap.add_argument("--dense", type=int, default=d.dense)
    ap.add_argument("--edge-head", action="store_true", help="add the edge head (shape family, sub-step onset)")
    ap.add_argument("--edge-loss-weight", type=float, default=d.edge_loss_weight)
    ap.add_argument("--zero-element-fraction", type=float, default=None,
                    help=f"on the fly (default {d.zero_element_fraction})")  # fmt: skip
    ap.add_argument("--element-weights", default=None,
                    help=f"JSON of element: relative draw probability, on the fly (default {json.dumps(d.element_weights)}"
                         "; elements not named 1)")  # fmt: skip
    ap.add_argument("--synthesis", default=None, help="JSON of SynthesisConfig overrides (on-the-fly data)")
    ap.add_argument("--synthesis-alternate", default=None, help="JSON of overrides used for every second batch")
    ap.add_argument("--grid-segments", type=parse_grid_segments, default=None,
                    help="the model's energy grid as start:stop:step segments in eV, comma-separated, e.g. "
                         "50:1000:0.25,1000:2000:0.5,2000:4000:1 (default: GRID_SEGMENTS)")  # fmt: skip
    ap.add_argument("--init-from", default=None, help="model directory whose weights start the run (fine-tuning)")
    ap.add_argument("--weak-label-psnr", type=float, default=None, help="labels below this PSNR: don't care")
    ap.add_argument("--hard-example-fraction", type=float, default=None,
                    help="train on this share of the spectra drawn, those with the largest element loss")  # fmt: skip
    ap.add_argument("--freeze-batchnorm", action="store_true",
                    help="keep BatchNorm's running statistics; batches dealt by window, only measured steps run")  # fmt: skip
    ap.add_argument("--keep-epoch-models", action="store_true", help="also write every epoch's model to epoch_NNN/")
    ap.add_argument("--no-progressbar", action="store_true")
    a = ap.parse_args(argv)
    on_the_fly_only = ("samples_per_epoch", "n_validation", "data_workers", "zero_element_fraction", "element_weights",
                       "synthesis", "synthesis_alternate")  # fmt: skip
    given = [f"--{name.replace('_', '-')}" for name in on_the_fly_only if getattr(a, name) is not None]
    if a.database and given:
        ap.error(f"{', '.join(given)}: only for --on-the-fly (a database already holds its spectra)")
    for name in on_the_fly_only:
        if getattr(a, name) is None:
            setattr(a, name, "{}" if name.startswith("synthesis") else getattr(d, name))
    try:
        synthesis, synthesis_alternate = json.loads(a.synthesis), json.loads(a.synthesis_alternate)
        element_weights = json.loads(a.element_weights) if isinstance(a.element_weights, str) else a.element_weights
    except json.JSONDecodeError as err:
        ap.error(f"--synthesis/--synthesis-alternate/--element-weights: not JSON ({err})")
    if not isinstance(element_weights, dict):
        ap.error(f"--element-weights: expected a JSON object of element: weight, got {a.element_weights!r}")
    try:  # the checks the draws would make, now rather than in the first batch
        SynthesisConfig(element_weights=element_weights)
    except (TypeError, ValueError) as err:
        ap.error(f"--element-weights: {err}")
    # the options named as TrainConfig's fields; the others below
    named = {f.name for f in dataclasses.fields(TrainConfig)} & set(vars(a))
    cfg = TrainConfig(
        **{name: getattr(a, name) for name in named - {"synthesis", "synthesis_alternate", "element_weights"}},
        learning_rate=a.lr,
        element_weights=element_weights,
        synthesis=synthesis,
        synthesis_alternate=synthesis_alternate,
        show_progressbar=False if a.no_progressbar else None,
    )
    train(cfg)
    return 0
