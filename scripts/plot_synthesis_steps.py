"""Figure of the synthesis steps of one spectrum, like Fig. 3 (a-g) of Kong, Ji & Xin.

Run:  python scripts/plot_synthesis_steps.py [--out docs/figures/synthesis_steps.png]

Every panel is the same spectrum (same random stream) with one more step
switched on: the forward model draws all its random numbers first, and the
panels only fix some of them (expansion, shift) or leave the noise out.
Panel (a) shows each element's edges made alone (same instrument).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch  # noqa: E402

ELEMENTS = ["C", "N", "O", "Ti", "Fe", "Ni"]  # six elements, as in the paper's example
AXIS = (200.0, 0.25, 3200)  # 200-999.75 eV
SEED = 2022


def main(argv=None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs/figures/synthesis_steps.png"))
    args = parser.parse_args(argv)
    config = SynthesisConfig(plural_scattering=False, shot_noise=False)
    jump = {"C": 0.6, "N": 0.4, "O": 0.8, "Ti": 1.0, "Fe": 1.2, "Ni": 1.0}
    base = dict(elements=ELEMENTS, jump_ratios=jump, energy_axis=AXIS, return_components=True)
    common = dict(gaussian_fwhm=0.8, lorentzian_hwhm=0.3, background_exponent=2.5, counts=1.0)

    def make(add_noise=False, **fixed):
        return synthesize_batch(1, config, SEED, add_noise=add_noise, fixed={**common, **fixed}, **base)

    plain = make(expansion=0.0, shift=0.0)
    expanded = make(expansion=0.015, shift=0.0)
    shifted = make(expansion=0.015, shift=15.0)
    noisy = make(add_noise=True, expansion=0.015, shift=15.0, noise_coefficient=2.0, savgol_frame=41)
    energy = plain.energy_axis(0)

    fig, axes = plt.subplots(4, 2, figsize=(11, 12), constrained_layout=True)
    ax = axes.ravel()
    for element in ELEMENTS:
        alone = synthesize_batch(1, config, SEED, elements=[element], jump_ratios=jump, energy_axis=AXIS,
                                 return_components=True, add_noise=False,
                                 fixed={**common, "expansion": 0.0, "shift": 0.0})  # fmt: skip
        edge = alone.edge_signals[0] / alone.background[0]
        ax[0].plot(energy, edge, lw=1, label=element)
    ax[0].set(title="(a) selected edges, PSF-broadened (edge / background)", ylabel="relative intensity")
    ax[0].legend(ncol=3, fontsize=8)
    ax[1].plot(energy, plain.edge_signals[0], lw=1)
    ax[1].set(title="(b) edges, tails from the table, scaled to jump ratios", ylabel="intensity")
    ax[2].semilogy(energy, plain.background[0], lw=1)
    ax[2].set(title=r"(c) background $J(E) \propto E^{-r}$, r = 2.5, normalised at the start")
    ax[3].plot(energy, plain.clean[0], lw=1)
    ax[3].set(title="(d) edges added to the background", ylabel="intensity")
    ax[4].plot(energy, plain.clean[0], lw=0.8, color="0.6", label="before")
    ax[4].plot(energy, expanded.clean[0], lw=1, label="expanded 1.5 %")
    ax[4].set(title="(e) energy axis expanded (+1.5 %)")
    ax[4].legend(fontsize=8)
    ax[5].plot(energy, expanded.clean[0], lw=0.8, color="0.6", label="before")
    ax[5].plot(energy, shifted.clean[0], lw=1, label="shifted +15 eV")
    ax[5].set(title="(f) energy axis shifted (+15 eV)")
    ax[5].legend(fontsize=8)
    ax[6].plot(energy, noisy.spectra[0], lw=0.8)
    ax[6].set(title="(g) fixed-pattern noise added (SG order 1, frame 41, C = 2)", xlabel="energy loss (eV)")
    noise = noisy.spectra[0] - noisy.clean[0]
    ax[7].plot(energy, noise, lw=0.8)
    ax[7].set(title="the added noise: Gaussian σ = 0.0012 smoothed into fixed-pattern noise", xlabel="energy loss (eV)")
    for a in ax[1:4]:
        for row in plain.edges[plain.edges["is_label"]]:
            a.axvline(row["onset"], color="k", lw=0.4, alpha=0.4)
    for a in ax[5:7]:
        for row in shifted.edges[shifted.edges["is_label"]]:
            a.axvline(row["onset"], color="k", lw=0.4, alpha=0.4)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.suptitle("Synthesis of one spectrum (C, N, O, Ti, Fe, Ni); grey lines: label onsets", fontsize=12)
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")
    return out


if __name__ == "__main__":
    main()
