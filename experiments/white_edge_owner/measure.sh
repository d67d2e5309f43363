#!/usr/bin/env bash
# rule.md's measurements of one arm, one thread, outputs in experiments/white_edge_owner/out/NAME.*:
#   bash experiments/white_edge_owner/measure.sh PACKAGE_ROOT NAME
# PACKAGE_ROOT: a checkout whose package (and bundled JSONs) the arm runs (PYTHONPATH); run from the repository root.
# The seeds (rule.md's by default; rule2.md's: MNFE="12 20" PROBE=400 MAPS="62000 62160" RMAPS="63000 63080"
# RCONF=20261403 EVAL=20261404).
set -euo pipefail
MNFE=${MNFE:-4 12}; PROBE=${PROBE:-300}; MAPS=${MAPS:-60000 60160}; RMAPS=${RMAPS:-61000 61080}
RCONF=${RCONF:-20261402}; EVAL=${EVAL:-20261401}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/white_edge_owner/out; mkdir -p $out
python -c "import hyperspy_eels_edgeid, sys; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
python experiments/white_edge_owner/mnfe.py $MNFE > $out/$name.mnfe.txt 2>&1
python experiments/tall_white_lines/probe.py --first-seed $PROBE > $out/$name.probe_tall.txt 2>&1
python ../shared/real_spectra_dev/score.py --json $out/$name.dev.json > $out/$name.dev.txt 2>&1
python experiments/spectrum_images/measure.py --seeds $MAPS 2>&1 | grep -v WARNING > $out/$name.maps.txt
python experiments/spectrum_images/measure.py --seeds $RMAPS --realistic 2>&1 | grep -v WARNING > $out/$name.maps_realistic.txt
python scripts/measure_narrow_windows.py --seeds 20 > $out/$name.narrow.txt 2>&1
python experiments/broad_white_lines/probe.py --first-seed $PROBE > $out/$name.probe_broad.txt 2>&1
python experiments/branching_3d/realistic_conf.py $1/model_weights $RCONF > $out/$name.realistic_conf.txt 2>&1
eels-edgeid evaluate --device cpu --seed $EVAL --n-synthetic 10000 --skip sensitivity,confusions \
  --no-progressbar --json $out/$name.evaluate.json > $out/$name.evaluate.txt 2>&1
echo done > $out/$name.DONE
