#!/usr/bin/env bash
# rule.md's measurements of one model at threshold 0.35 with the bundled decoder (one thread; outputs in out/NAME.*):
#   bash experiments/tall_white_lines/measure.sh MODEL_DIR NAME
# A copy of MODEL_DIR's JSON gets the bundled JSON's "decoder", "image_decoder" and 0.35 for every element (runs
# from ../stage20_finetune.sh keep the decoder of 9a9e647).
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
src=$1; name=$2; out=${OUT_DIR:-experiments/tall_white_lines/out}; model=runs/tw_scored_$name; mkdir -p $out $model
cp $src/edge_recognizer.safetensors $model/
python - $src $model <<'PY'
import json, sys
bundled = json.load(open("model_weights/edge_recognizer.json"))
meta = json.load(open(f"{sys.argv[1]}/edge_recognizer.json"))
meta["decoder"], meta["image_decoder"] = bundled["decoder"], bundled["image_decoder"]
meta["thresholds"] = [0.35] * len(meta["elements"])
json.dump(meta, open(f"{sys.argv[2]}/edge_recognizer.json", "w"), indent=1)
PY
[ -n "${ONLY_COPY:-}" ] && exit 0  # ONLY_COPY=1: make the scored copy runs/tw_scored_NAME and stop
python experiments/tall_white_lines/probe.py --model $model --first-seed 100 > $out/$name.probe_tall.txt 2>&1
eels-edgeid evaluate --weights $model --device cpu --seed 20261310 --n-synthetic 10000 --skip sensitivity,confusions \
  --no-progressbar --json $out/$name.evaluate.json > $out/$name.evaluate.txt 2>&1
python experiments/branching_3d/realistic_conf.py $model 20261311 > $out/$name.realistic_conf.txt 2>&1
python experiments/spectrum_images/measure.py --model $model --seeds 22000 22160 2>&1 | grep -v WARNING > $out/$name.maps.txt
python scripts/measure_narrow_windows.py --model $model --seeds 20 > $out/$name.narrow.txt 2>&1
python experiments/broad_white_lines/probe.py --model $model --first-seed 100 > $out/$name.probe_broad.txt 2>&1
echo done > $out/$name.DONE
