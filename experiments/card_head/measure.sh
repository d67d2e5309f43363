#!/usr/bin/env bash
# The model card's main figures measured again at the current commit: bash experiments/card_head/measure.sh
# (the commands of ../card_shift/measure.sh, writing here)
OUT=experiments/card_head exec bash experiments/card_shift/measure.sh
