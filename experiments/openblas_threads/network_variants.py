"""The bundled network eager, TorchScript-frozen, int8-quantised and at other batch sizes (README.md).

Usage: python experiments/openblas_threads/network_variants.py
"""
import time, copy, numpy as np, torch
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.grid import normalise
from hyperspy_eels_edgeid.synthesis import synthesize_batch
torch.set_num_threads(2)
rng=np.random.default_rng(0)
b=synthesize_batch(1024, rng=rng, elements=["C","O","Fe"], energy_axis=(200.0,0.5,2048))
E=200+0.5*np.arange(2048)
rec=load_recognizer(None, device="cpu")
v,m=rec._resampler(E).resample(b.spectra)
xs=[torch.from_numpy(normalise(v[i:i+64],m[i:i+64],rec.grid)) for i in range(0,1024,64)]
net=rec.net.eval()
def T(name,f,reps=2):
    with torch.inference_mode():
        for r in range(reps):
            t=time.perf_counter(); out=[f(x) for x in xs]; dt=time.perf_counter()-t
    print(name, round(1024/dt), "sp/s"); return out
ref=T("eager", net)
# conv only timing
T("features", net.features if hasattr(net,'features') else list(net.children())[0])
with torch.inference_mode():
    tr=torch.jit.freeze(torch.jit.trace(net, xs[0], strict=False))
    tr=torch.jit.optimize_for_inference(tr)
o=T("jit frozen", tr, 3)
def flat(o): 
    return torch.cat([t.flatten() for t in (o.values() if isinstance(o,dict) else (o if isinstance(o,(tuple,list)) else [o]))])
print("maxdiff", max(float((flat(a)-flat(b)).abs().max()) for a,b in zip(ref,o)))
q=torch.ao.quantization.quantize_dynamic(copy.deepcopy(net), {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)
o=T("dyn quant", q)
print("maxdiff", max(float((flat(a)-flat(b)).abs().max()) for a,b in zip(ref,o)))
for bs in (32,128,256):
    xb=torch.cat(xs); 
    with torch.inference_mode():
        t=time.perf_counter(); [net(xb[i:i+bs]) for i in range(0,1024,bs)]; print("bs",bs, round(1024/(time.perf_counter()-t)))
