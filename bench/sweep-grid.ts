/**
 * The optimize bench's sweep: 120 sma trials (6 x 20) over candles of this seed. A sweep on 2
 * workers lasts ~0.35 s on a quiet machine, so the last task's tail (one worker done, the other
 * finishing) is under 2% of it (60 trials: ~4%).
 */
export const SWEEP_GRID = ['fast=5:30:5', 'slow=40:230:10'] as const;
export const SWEEP_SEED = 42;
