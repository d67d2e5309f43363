#!/usr/bin/env bash
# rule.md's measurements of one arm, one thread, outputs in experiments/white_edge_owner/out/NAME.*:
#   bash experiments/white_edge_owner/measure.sh PACKAGE_ROOT NAME
# PACKAGE_ROOT: a checkout whose package (and bundled JSONs) the arm runs (PYTHONPATH); run from the repository root.
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/white_edge_owner/out; mkdir -p $out
python -c "import hyperspy_eels_edgeid, sys; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
python experiments/white_edge_owner/mnfe.py 4 12 > $out/$name.mnfe.txt 2>&1
python experiments/tall_white_lines/probe.py --first-seed 300 > $out/$name.probe_tall.txt 2>&1
python ../shared/real_spectra_dev/score.py --json $out/$name.dev.json > $out/$name.dev.txt 2>&1
python experiments/spectrum_images/measure.py --seeds 60000 60160 2>&1 | grep -v WARNING > $out/$name.maps.txt
python experiments/spectrum_images/measure.py --seeds 61000 61080 --realistic 2>&1 | grep -v WARNING > $out/$name.maps_realistic.txt
python scripts/measure_narrow_windows.py --seeds 20 > $out/$name.narrow.txt 2>&1
python experiments/broad_white_lines/probe.py --first-seed 300 > $out/$name.probe_broad.txt 2>&1
python experiments/branching_3d/realistic_conf.py $1/model_weights 20261402 > $out/$name.realistic_conf.txt 2>&1
eels-edgeid evaluate --device cpu --seed 20261401 --n-synthetic 10000 --skip sensitivity,confusions \
  --no-progressbar --json $out/$name.evaluate.json > $out/$name.evaluate.txt 2>&1
echo done > $out/$name.DONE
