/*
 * Cross-venue arbitrage as transactions (issue 23): an instance watches one market on two
 * venues; each edge it takes is a transaction whose plan is in the ledger before any leg leaves,
 * whose legs are recorded with their orders, and which ends with an outcome, after a restart too.
 */

/** What to do when one leg filled and the other did not (or less): the imbalance left. */
export type SingleLegPolicy = 'cancel' | 'reverse' | 'proceed';
export const SINGLE_LEG_POLICIES: readonly SingleLegPolicy[] = ['cancel', 'reverse', 'proceed'];

export interface ArbPolicy {
  /**
   * cancel: cancel what still rests and keep the imbalance (recorded, counted in the exposure);
   * reverse: unwind the filled excess on its own venue; proceed: complete the missing leg on its
   * venue. Both at most `priceLimitPercent` worse than planned, retried until `timeLimitMs`.
   */
  readonly onSingleLeg: SingleLegPolicy;
  readonly priceLimitPercent: number;
  /** How long the legs and then the policy may take (ms) before the transaction is settled as it stands. */
  readonly timeLimitMs: number;
}

/** Limits of an instance; breaching one stops it with the reason. */
export interface ArbLimits {
  /** Largest notional of one transaction (quote). */
  readonly maxNotional: number;
  /** Largest net exposure of the base across the venues (quote), counted as if a leg failed. */
  readonly maxExposure: number;
  readonly maxPerMinute: number;
}

export interface ArbInstance {
  readonly id: string;
  readonly symbol: string;
  /** The two venues it trades between, either direction. */
  readonly venues: readonly [string, string];
  readonly qty: number;
  /** Least edge net of both fees it trades (% of the buy leg). */
  readonly minEdgePercent: number;
  readonly policy: ArbPolicy;
  readonly limits: ArbLimits;
  readonly startedAt: number;
  readonly status: 'running' | 'stopped';
  readonly reason?: string;
}

/** One leg as planned: its venue and side, the IOC limit (the worst level walked) and the average expected. */
export interface ArbLegPlan {
  readonly venue: string;
  /** The leg's market when it is not the transaction's (a carry's perpetual leg); absent: `symbol` of the transaction. */
  readonly symbol?: string;
  readonly price: number;
  readonly avg: number;
}

export type ArbOutcomeKind = 'both' | 'none' | 'cancelled' | 'reversed' | 'proceeded' | 'unhedged';

/** How a transaction ended: the quantities each side traded, the policy's action, expected against realised. */
export interface ArbOutcome {
  readonly kind: ArbOutcomeKind;
  /** For people: what happened and what the policy did. */
  readonly text: string;
  readonly bought: number;
  readonly sold: number;
  /** Quote received minus quote paid minus fees, the base left over valued at the plan's mid. */
  readonly realisedNet: number;
  /** What the policy's orders cost against the plan (quote; 0 when it placed none). */
  readonly policyCost: number;
  readonly ts: number;
}

export interface ArbTx {
  readonly id: string;
  readonly instanceId: string;
  readonly symbol: string;
  readonly qty: number;
  readonly buy: ArbLegPlan;
  readonly sell: ArbLegPlan;
  readonly expectedNet: number;
  readonly expectedNetPercent: number;
  readonly policy: ArbPolicy;
  readonly plannedAt: number;
  /** Order ids of its legs and of its policy's orders (`arb/leg`), in the order sent. */
  readonly orders?: readonly { readonly role: ArbLegRole; readonly orderId: string }[];
  readonly outcome?: ArbOutcome;
}

export type ArbLegRole = 'buy' | 'sell' | 'fix';
