#!/usr/bin/env bash
# The model card's decoder-dependent figures, measured again with the bundled decoder's window-end margins
# (../end_margin/rule.md, ../start_margin_white/rule.md): bash experiments/card_margins/measure.sh (two lanes, one thread each)
set -uo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
out=experiments/card_margins
run() { local name=$1; shift; echo "$(date -u +%H:%M:%S) start $name" >> $out/times.txt
        "$@" 2>&1 | grep -v -i "warning" > $out/$name.txt; echo "$(date -u +%H:%M:%S) end $name" >> $out/times.txt; }
(
run evaluate eels-edgeid evaluate --device cpu --n-synthetic 10000 --no-progressbar --json $out/evaluate.json
run dev_score python ../shared/real_spectra_dev/score.py --json $out/dev_score.json
run recall_loss python experiments/recall_loss/diagnose.py --json $out/recall_loss.json
run by_width python experiments/recall_loss/by_width.py
run psnr_ceiling python experiments/psnr_ceiling/measure.py
run strong_misses python experiments/strong_misses/measure.py --n 1000
run no_shift python experiments/axis_shift/no_shift.py
run ablation python scripts/decoder_ablation.py --n 3000 --family-weights 1 --companion-weights 1 --shared-edge-log-odds 1
run ceiling python experiments/ambiguity_ceiling/ceiling.py
) &
(
run maps_1000 python experiments/spectrum_images/measure.py --seeds 1000 1040
run maps_5000_touching python experiments/spectrum_images/measure.py --seeds 5000 5080 --touching-pixels
run eels_mnfe python experiments/stage20/eels_mnfe.py
run table4_companions python experiments/table4_companions/measure.py
run realistic_pairs python experiments/confusers/realistic_pairs.py
run dev_windows python experiments/confusers/dev_windows.py
run thick python experiments/thick_specimens/score_thick.py model_weights
run lead python experiments/delayed_start/lead.py
run missing_companions python experiments/missing_companions/measure.py default
run dev_robustness python experiments/dev_robustness/measure.py
) &
wait
echo done > $out/DONE
