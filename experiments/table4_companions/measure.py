"""Diagnostic: the Table-4 sensitivity protocol with and without each element's secondary edges.

`workflows.protocols.evaluate_sensitivity` synthesizes the principal edge alone (`secondary_edges=False`, no
plural scattering), as the package's reading of the paper's protocol. The network and the decoder's companion
term use an element's other edges (L1, M2,3 ...) as evidence; this asks how much of the Table-4 shortfall is
that cue missing. The protocol is run as it is and with `secondary_edges=True` (everything else unchanged), by
replacing the protocol's `SynthesisConfig` for the second run. Nothing is chosen on this.

    python experiments/table4_companions/measure.py > experiments/table4_companions/stage20.txt
"""

import warnings

import hyperspy_eels_edgeid.workflows.protocols as protocols
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.synthesis import SynthesisConfig

warnings.filterwarnings("ignore")


def run(recognizer, secondary: bool) -> dict:
    def config(**kwargs):
        return SynthesisConfig(**{**kwargs, "secondary_edges": secondary})

    protocols.SynthesisConfig = config
    try:
        return protocols.evaluate_sensitivity(recognizer)
    finally:
        protocols.SynthesisConfig = SynthesisConfig


def main():
    rec = load_recognizer(device="cpu")
    plain, companions = run(rec, False), run(rec, True)
    print("element  paper jump ratio | lowest detected: protocol as it is  with secondary edges")
    met = [0, 0]
    for e, v in plain.items():
        w = companions[e]
        paper = v["paper_jump_ratio"]
        cells = []
        for i, r in enumerate((v, w)):
            j = r["jump_ratio"]
            ok = j is not None and paper is not None and j <= paper
            met[i] += ok
            cells.append(("-" if j is None else f"{j:.3f}") + (" meets" if ok else ""))
        print(f"{e:<3} {paper:>6.3f} | {cells[0]:<14} {cells[1]}")
    print(f"meets the paper: {met[0]} of {len(plain)} as it is, {met[1]} with secondary edges")


if __name__ == "__main__":
    main()
