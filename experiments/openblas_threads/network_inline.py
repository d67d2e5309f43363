"""The bundled network on 1,024 spectra, inputs normalised beforehand or just before each call (README.md).

Usage: python experiments/openblas_threads/network_inline.py   (OPENBLAS_NUM_THREADS=1 to compare)
"""
import time, numpy as np, torch
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.grid import normalise
from hyperspy_eels_edgeid.synthesis import synthesize_batch
torch.set_num_threads(2)
rng=np.random.default_rng(0)
b=synthesize_batch(1024, rng=rng, elements=["C","O","Fe"], energy_axis=(200.0,0.5,2048))
E=200+0.5*np.arange(2048)
rec=load_recognizer(None, device="cpu")
rs=rec._resampler(E)
v,m=rs.resample(b.spectra)
net=rec.net
x0=normalise(v[:64],m[:64],rec.grid); print(x0.dtype, x0.shape, x0.flags['C_CONTIGUOUS'], x0.strides)
def run(label, make):
    with torch.inference_mode():
        t=time.perf_counter()
        for i in range(0,1024,64):
            net(make(i))
        print(label, round(1024/(time.perf_counter()-t)))
xs=[torch.from_numpy(normalise(v[i:i+64],m[i:i+64],rec.grid)) for i in range(0,1024,64)]
run("premade", lambda i: xs[i//64])
run("inline", lambda i: torch.from_numpy(normalise(v[i:i+64],m[i:i+64],rec.grid)))
run("premade", lambda i: xs[i//64])
run("inline", lambda i: torch.from_numpy(normalise(v[i:i+64],m[i:i+64],rec.grid)))
run("inline-contig", lambda i: torch.from_numpy(np.ascontiguousarray(normalise(v[i:i+64],m[i:i+64],rec.grid))))
