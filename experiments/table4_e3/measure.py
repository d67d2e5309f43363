"""The paper's Table-4 sensitivity protocol read by the single-spectrum ensemble *E3* (a measurement, not a choice).

``identify_edges`` reads a single spectrum without a low-loss partner with stage 20, the branching-ratio network and
the thick-specimen reader as one ensemble (*E3*); the card's Table-4 rows are stage 20's alone (``eels-edgeid
evaluate``).  This runs ``protocols.evaluate_sensitivity`` (the protocol's defaults: seed 4, 16 noise realisations,
25 jump ratios) with each reader, on the axis as given (no search: the protocol draws no shift).

Usage: ``OMP_NUM_THREADS=1 python experiments/table4_e3/measure.py > experiments/table4_e3/out.txt``
"""

import time

import torch

from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import default_weights_dir
from hyperspy_eels_edgeid.workflows.protocols import evaluate_sensitivity

torch.set_num_threads(1)
bundled = default_weights_dir()
readers = {
    "stage 20": load_recognizer(bundled),
    "E3": load_recognizer([bundled, bundled / "branching", bundled / "thick"]),
}
rows = {}
for name, recognizer in readers.items():
    t0 = time.time()
    rows[name] = evaluate_sensitivity(recognizer)
    print(f"# {name}: {time.time() - t0:.0f} s", flush=True)

print("| element | paper jump ratio | " + " | ".join(f"{n}: lowest jump ratio (PSNR)" for n in rows) + " |")
print("|---|---|" + "---|" * len(rows))
meets = dict.fromkeys(rows, 0)
for element in rows["stage 20"]:
    paper = rows["stage 20"][element]["paper_jump_ratio"]
    cells = []
    for name, out in rows.items():
        jr, psnr = out[element]["jump_ratio"], out[element]["psnr"]
        cells.append("not detected" if jr is None else f"{jr:.3f} ({psnr:.2f})")
        meets[name] += jr is not None and paper is not None and jr <= paper
    print(f"| {element} | {paper} | " + " | ".join(cells) + " |")
print("meets the paper: " + ", ".join(f"{n} {m} of {len(rows[n])}" for n, m in meets.items()))
