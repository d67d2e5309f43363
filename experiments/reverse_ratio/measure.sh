#!/usr/bin/env bash
# rule.md's measurements of one arm, one thread, from /work/main: bash experiments/reverse_ratio/measure.sh ROOT NAME
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONPATH=$1
name=$2; out=experiments/reverse_ratio/out; mkdir -p $out
python -P -c "import hyperspy_eels_edgeid; print(hyperspy_eels_edgeid.__file__)" > $out/$name.package.txt
python experiments/reverse_ratio/measure.py $name 2>&1 | grep -v WARNING > $out/$name.rows.txt
python experiments/line_ratio_check/narrow.py $name 2>&1 | grep -v WARNING > $out/$name.narrow.txt
python ../shared/real_spectra_dev/score.py --json $out/$name.dev.json > $out/$name.dev.txt 2>&1
echo done > $out/$name.DONE
