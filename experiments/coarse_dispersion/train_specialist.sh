#!/usr/bin/env bash
# rule_specialist.md's arm CS, from the bundled stage 20, one CPU thread: CD's command (train.sh) with every spectrum
# of both synthesis configurations coarse (coarse_probability 1: 4-16 eV per channel, 64-512 channels), seed 601.
# Resumes from its checkpoint:  bash experiments/coarse_dispersion/train_specialist.sh
exec bash "$(dirname "$0")/train.sh" 1.0 runs/cd_CS
