#!/usr/bin/env bash
# The reader's figures again with the bundled decoder (found on 6 Dec 2026: the reader's JSON had kept the decoder of
# its training start, runs/stage20 = 9a9e647, without the three window-end changes bundled on 5 Dec; its JSON now holds
# the main model's decoder, and a test asks that they agree). Same commands and seeds as outcome_specialist.md and
# replicate.md; one thread:
#   bash experiments/coarse_dispersion/rescore_decoder.sh   -> out/decoder/
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=experiments/coarse_dispersion/out/decoder; mkdir -p "$out"
reader=hyperspy_eels_edgeid/model_weights/coarse
cs2=runs/cd_decoder_CS2
mkdir -p $cs2 && cp runs/cd_at035_CS2/edge_recognizer.safetensors $cs2/ && python - "$cs2" <<'PY'
import json, sys
main = json.load(open("model_weights/edge_recognizer.json"))
meta = json.load(open("runs/cd_at035_CS2/edge_recognizer.json"))
meta["decoder"] = main["decoder"]
json.dump(meta, open(sys.argv[1] + "/edge_recognizer.json", "w"), indent=1)
PY
m=experiments/coarse_dispersion/measure.py
python $m --model $reader --dispersions 4 6 8 12 --seed 20261207 > "$out/coarse.txt" 2>&1
python $m --model $reader --dispersions 6 8 12 --seed 20261208 --edge-free > "$out/edge_free.txt" 2>&1
python $m --model $reader --channels 500 1000 --seed 20261209 --n 500 --dispersions 4.5 6 8 > "$out/wide.txt" 2>&1
python $m --model $reader --realistic --seed 20261210 --dispersions 4 6 8 12 > "$out/realistic.txt" 2>&1
python scripts/measure_narrow_windows.py --model $reader --seeds 20 2>&1 | grep -v -i warning > "$out/narrow.txt"
python $m --model $cs2 --dispersions 4 6 8 12 --seed 20261207 > "$out/coarse_CS2.txt" 2>&1
python /work/shared/real_spectra_dev/score.py --json "$out/dev_score.json" > "$out/dev_score.txt" 2>&1
echo done > "$out/DONE"
