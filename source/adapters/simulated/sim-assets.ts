/** One simulated coin: realistic price level, volatility and exchange filters (Binance-like). */
export interface SimAsset {
  readonly base: string;
  readonly price: number;
  /** Annualised volatility. */
  readonly vol: number;
  readonly tickSize: number;
  readonly lotSize: number;
  /** Typical 24h volume in base units. */
  readonly volume24h: number;
  /** Typical quote value resting at one book level. */
  readonly levelUsd: number;
  /** Circulating supply used for simulated market caps. */
  readonly supply: number;
}

export const SIM_ASSETS: readonly SimAsset[] = [
  { base: 'BTC', price: 95_000, vol: 0.5, tickSize: 0.01, lotSize: 0.00001, volume24h: 22_000, levelUsd: 80_000, supply: 19_800_000 },
  { base: 'ETH', price: 3_300, vol: 0.65, tickSize: 0.01, lotSize: 0.0001, volume24h: 380_000, levelUsd: 50_000, supply: 120_500_000 },
  { base: 'BNB', price: 650, vol: 0.55, tickSize: 0.01, lotSize: 0.001, volume24h: 520_000, levelUsd: 20_000, supply: 145_900_000 },
  { base: 'XRP', price: 2.3, vol: 0.8, tickSize: 0.0001, lotSize: 0.1, volume24h: 180_000_000, levelUsd: 25_000, supply: 57_000_000_000 },
  { base: 'LTC', price: 100, vol: 0.7, tickSize: 0.01, lotSize: 0.001, volume24h: 600_000, levelUsd: 10_000, supply: 75_500_000 },
  { base: 'TRX', price: 0.25, vol: 0.6, tickSize: 0.00001, lotSize: 0.1, volume24h: 900_000_000, levelUsd: 10_000, supply: 86_000_000_000 },
  { base: 'SOL', price: 190, vol: 0.8, tickSize: 0.01, lotSize: 0.001, volume24h: 3_000_000, levelUsd: 30_000, supply: 480_000_000 },
  { base: 'DOGE', price: 0.32, vol: 0.9, tickSize: 0.00001, lotSize: 1, volume24h: 1_500_000_000, levelUsd: 15_000, supply: 147_000_000_000 },
  { base: 'ADA', price: 0.9, vol: 0.8, tickSize: 0.0001, lotSize: 0.1, volume24h: 300_000_000, levelUsd: 10_000, supply: 35_000_000_000 },
];

/** Extra synthetic coins for load tests (`SYM001`, ...), so 200 symbols can stream. */
export function syntheticAssets(count: number): SimAsset[] {
  const out: SimAsset[] = [];
  for (let i = 1; i <= count; i++) {
    const price = 1 + ((i * 37) % 500);
    out.push({ base: `SYM${String(i).padStart(3, '0')}`, price, vol: 0.7, tickSize: 0.001, lotSize: 0.01, volume24h: 1_000_000 / price, levelUsd: 5_000, supply: 1e9 });
  }
  return out;
}
