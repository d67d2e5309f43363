#!/usr/bin/env bash
# Stage 20 (bundled) with every threshold at 0.60, the threshold calibrate chose for RPD and RPD': synthetic 10,000,
# realistic() 3,000 and the maps of seeds 5000-5079, 6000-6079 and 7000-7159, to compare the trades at one threshold
# (a diagnostic after rule 3; decides nothing): bash experiments/prior_draws/stage20_at060.sh
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=experiments/prior_draws/out/stage20_at060; copy=runs/s20_at060; mkdir -p $out $copy
cp model_weights/edge_recognizer.safetensors $copy/
python - model_weights $copy <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/edge_recognizer.json"))
d["thresholds"] = [0.6] * len(d["thresholds"])
json.dump(d, open(sys.argv[2] + "/edge_recognizer.json", "w"), indent=1)
PY
realistic=$(mktemp --suffix .py)
sed -n '/^python - "\$model" "\$out" <<.PY.$/,/^PY$/p' experiments/window_zone/score.sh | sed '1d;$d' > "$realistic"
( eels-edgeid evaluate --weights $copy --device cpu --skip sensitivity,real --no-progressbar --json $out/evaluate.json > $out/evaluate.txt 2>&1
  python "$realistic" $copy $out > $out/realistic.txt 2>&1 ) &
for s in 5000:5080 6000:6080 7000:7160; do
  python experiments/spectrum_images/measure.py --model $copy --seeds ${s%:*} ${s#*:} 2>&1 | grep -v WARNING > $out/maps_${s%:*}.txt
done
wait
echo done > $out/DONE
