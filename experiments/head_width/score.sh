#!/usr/bin/env bash
# rule.md's scores of one network at 0.35 for every element: bash experiments/head_width/score.sh MODEL_DIR NAME
# (a copy of MODEL_DIR with the thresholds set to 0.35 in runs/hw_at035_NAME; outputs in out/NAME.*)
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
model=$1; name=$2; here=experiments/head_width; copy=runs/hw_at035_$name; mkdir -p $copy $here/out
cp "$model"/edge_recognizer.safetensors $copy/
python - "$model" "$copy" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/edge_recognizer.json"))
d["thresholds"] = [0.35] * len(d["thresholds"])
json.dump(d, open(sys.argv[2] + "/edge_recognizer.json", "w"), indent=1)
PY
realistic=$(mktemp --suffix .py)
sed -n '/^python - "\$model" "\$out" <<.PY.$/,/^PY$/p' experiments/window_zone/score.sh | sed '1d;$d' > "$realistic"
( eels-edgeid evaluate --weights $copy --device cpu --skip sensitivity,real --no-progressbar \
    --json $here/out/$name.evaluate.json > $here/out/$name.evaluate.txt 2>&1
  mkdir -p $here/out/$name.realistic && python "$realistic" $copy $here/out/$name.realistic > $here/out/$name.realistic.txt 2>&1 ) &
python experiments/spectrum_images/measure.py --model $copy --seeds 5000 5080 2>&1 | grep -v WARNING > $here/out/$name.maps.txt &
wait
echo done > $here/out/$name.DONE
