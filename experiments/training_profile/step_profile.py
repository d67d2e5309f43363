"""Where a CPU training step's time goes (stage 20's training settings from its JSON, one thread, bfloat16, batch 64).

    OMP_NUM_THREADS=1 python experiments/training_profile/step_profile.py

Ten batches first warm the synthesizer's continuum caches (their synthesis rate is printed), then 30 batches are
timed: synthesis and targets, the forward pass with the losses, the backward pass with clipping and the Adam step.
Prints the shares and the rate, then torch's profiler table of one more forward and backward pass.
"""
import json, time, numpy as np, torch, warnings, os
warnings.filterwarnings("ignore")
torch.set_num_threads(1)
from hyperspy_eels_edgeid.workflows.training import TrainConfig, run_network
from hyperspy_eels_edgeid.workflows.training_data import OnTheFlySource
from hyperspy_eels_edgeid.workflows.losses import losses
from hyperspy_eels_edgeid.recognizer.model_files import build_network, model_metadata
meta0=json.load(open('model_weights/edge_recognizer.json'))
tc=meta0['train_config']
cfg=TrainConfig(**{k:v for k,v in tc.items() if k in TrainConfig.__dataclass_fields__})
cfg=cfg.__class__(**{**cfg.__dict__, 'samples_per_epoch':64*50, 'n_validation':64, 'data_workers':0, 'precision':'bfloat16'})
meta=model_metadata(cfg.network_kwargs(), thresholds=cfg.threshold, segments=cfg.grid_segments, trained=True)
net=build_network(meta); net.train()
opt=torch.optim.Adam(net.parameters(), lr=1e-5)
src=OnTheFlySource(cfg, net.stride, net.n_steps)
it=src.epoch(0, 7, cfg.batch_size, None)
t0 = time.time()
for _ in range(10): next(it)   # warm the continuum caches
print(f"first 10 batches, synthesis and targets: {640 / (time.time() - t0):.0f} spectra/s")
ts=tf=tb=0; n=0
for _ in range(30):
    t0=time.time(); b=next(it); t1=time.time()
    t={k: torch.from_numpy(v) for k,v in b.items()}
    out=run_network(net, t['x'], 'cpu', 'bfloat16'); parts=losses(out, t, cfg.position_loss_weight, cfg.edge_loss_weight)
    t2=time.time()
    opt.zero_grad(); parts['total'].backward(); torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0); opt.step()
    t3=time.time(); ts+=t1-t0; tf+=t2-t1; tb+=t3-t2; n+=len(b['x'])
tot=ts+tf+tb
print(f"{n} spectra, one thread, bf16, batch {cfg.batch_size}: synthesis+targets {ts/tot:.0%} ({n/ts:.0f}/s alone), forward+loss {tf/tot:.0%}, backward+step {tb/tot:.0%}; overall {n/tot:.0f} spectra/s")

from torch.profiler import ProfilerActivity, profile

t = {k: torch.from_numpy(v) for k, v in next(it).items()}
with profile(activities=[ProfilerActivity.CPU]) as prof:
    out = run_network(net, t["x"], "cpu", "bfloat16")
    losses(out, t, cfg.position_loss_weight, cfg.edge_loss_weight)["total"].backward()
print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=12))
