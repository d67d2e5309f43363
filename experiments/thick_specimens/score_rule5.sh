#!/usr/bin/env bash
# rule5.md's scores: RTc (the mean of TK1c and TK2c) at the threshold calibrate gives it, and the fresh maps of seeds
# 7000-7159 for RTc and stage 20 (bundled): bash experiments/thick_specimens/score_rule5.sh
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
here=experiments/thick_specimens; out=$here/out/rule5; mkdir -p "$out"
python scripts/average_weights.py --out runs/tk_RTc5 $here/weights/TK1c $here/weights/TK2c
maps() {  # model name seeds... [--realistic]
    local model=$1 name=$2; shift 2
    python experiments/spectrum_images/measure.py ${model:+--model "$model"} --seeds "$@" 2>&1 | grep -v WARNING > "$out/$name.txt"
}
( maps "" stage20.maps_7000 7000 7160
  maps "" stage20.maps_7000_realistic 7000 7080 --realistic ) &
bash experiments/delayed_start/score.sh runs/tk_RTc5 "$out/RTc"
( maps runs/tk_RTc5 RTc.maps_7000 7000 7160
  maps runs/tk_RTc5 RTc.maps_7000_realistic 7000 7080 --realistic ) &
python $here/score_thick.py --own-threshold runs/tk_RTc5 > "$out/RTc.thick.txt" 2>&1
wait
echo done > "$out/DONE"
