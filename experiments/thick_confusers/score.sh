#!/usr/bin/env bash
# rule.md's measurements: bash experiments/thick_confusers/score.sh (X beside C0 and T), or for the replicate
#   ARMS="C0b=experiments/confusable_pairs/weights/C0b X2=runs/tc_X_602" TAG=_602 bash experiments/thick_confusers/score.sh
# network_probe: each network alone with the bundled decoder at 0.35; evaluate: a copy of each arm's folder with the
# bundled decoder at 0.35 (T's evaluate is in ../thick_light_k/).
set -euo pipefail
d=experiments/thick_confusers
ARMS=${ARMS:-"C0=experiments/confusable_pairs/weights/C0 X=runs/tc_X"}
PROBE=${PROBE:-"$ARMS T=experiments/thick_light_k/weights/T"}
OMP_NUM_THREADS=2 python experiments/thick_light_k/network_probe.py $PROBE > $d/network_probe${TAG:-}.txt 2>&1
for arm in $ARMS; do
  name=${arm%%=*}; src=${arm#*=}; copy=/tmp/tc_${name}_035
  rm -rf $copy && cp -r $src $copy
  python - $copy <<'PY'
import json, pathlib, sys
bundled = json.loads(pathlib.Path("model_weights/edge_recognizer.json").read_text())
p = pathlib.Path(sys.argv[1]) / "edge_recognizer.json"; meta = json.loads(p.read_text())
meta["decoder"], meta["image_decoder"] = bundled["decoder"], bundled.get("image_decoder")
meta["thresholds"] = [0.35] * len(meta["elements"])
p.write_text(json.dumps(meta))
PY
  OMP_NUM_THREADS=2 eels-edgeid evaluate --weights $copy --device cpu --skip sensitivity,real,confusions \
    --no-progressbar --json $d/evaluate_$name.json > $d/evaluate_$name.txt 2>&1
done
