# Two side-by-side one-epoch training runs from the bundled weights (README.md): bash experiments/openblas_threads/train_epoch.sh LABEL
GRID=50:1000:0.25,1000:2000:0.5,2000:4000:1
run() { eels-edgeid train --on-the-fly --init-from model_weights --grid-segments $GRID --edge-head --edge-loss-weight 0.2 \
  --out /tmp/tb_$1 --epochs 1 --samples-per-epoch 3000 --n-validation 200 --lr 1e-5 --seed $2 --num-threads 1 --no-progressbar > /tmp/tb_$1.log 2>&1; }
rm -rf /tmp/tb_*; t0=$(date +%s.%N); run a 1 & run b 2 & wait; t1=$(date +%s.%N); echo "$1 wall $(echo "$t1-$t0"|bc)"
grep -h "spectra/s\|epoch" /tmp/tb_a.log /tmp/tb_b.log | tail -4
