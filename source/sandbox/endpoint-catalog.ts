/**
 * Every REST endpoint of Binance's spot and USD-M docs, for docs/sandbox.md's endpoint list, and
 * what the sandbox does differently where it serves one in part or refuses one by design. Whether
 * an endpoint is served is not written here: the list is made by asking a running sandbox
 * (endpoint-doc.ts), so it cannot drift from the routes.
 */

/** `rest-api.md` of github.com/binance/binance-spot-api-docs, commit a5e0bc3 (2026-07-21). */
export const SPOT_ENDPOINTS: readonly string[] = [
  'GET /api/v3/ping', 'GET /api/v3/time', 'GET /api/v3/exchangeInfo', 'GET /api/v3/depth', 'GET /api/v3/trades', 'GET /api/v3/historicalTrades',
  'GET /api/v3/aggTrades', 'GET /api/v3/klines', 'GET /api/v3/uiKlines', 'GET /api/v3/avgPrice', 'GET /api/v3/ticker/24hr', 'GET /api/v3/ticker/tradingDay',
  'GET /api/v3/ticker/price', 'GET /api/v3/ticker/bookTicker', 'GET /api/v3/ticker', 'GET /api/v3/referencePrice', 'GET /api/v3/referencePrice/calculation',
  'GET /api/v3/executionRules', 'GET /api/v3/historicalBlockTrades',
  'POST /api/v3/order', 'POST /api/v3/order/test', 'GET /api/v3/order', 'DELETE /api/v3/order', 'DELETE /api/v3/openOrders', 'POST /api/v3/order/cancelReplace',
  'PUT /api/v3/order/amend/keepPriority', 'POST /api/v3/order/oco', 'POST /api/v3/orderList/oco', 'POST /api/v3/orderList/oto', 'POST /api/v3/orderList/otoco',
  'POST /api/v3/orderList/opo', 'POST /api/v3/orderList/opoco', 'DELETE /api/v3/orderList', 'GET /api/v3/orderList', 'GET /api/v3/allOrderList', 'GET /api/v3/openOrderList',
  'POST /api/v3/sor/order', 'POST /api/v3/sor/order/test',
  'GET /api/v3/account', 'GET /api/v3/openOrders', 'GET /api/v3/allOrders', 'GET /api/v3/myTrades', 'GET /api/v3/rateLimit/order', 'GET /api/v3/myPreventedMatches',
  'GET /api/v3/myAllocations', 'GET /api/v3/account/commission', 'GET /api/v3/order/amendments', 'GET /api/v3/myFilters',
];

/**
 * Binance's USD-M REST endpoints as ccxt 4.5's `binance` API table lists them (fapiPublic,
 * fapiPrivate and their V2/V3, fapiData): Binance publishes its derivatives docs only as web
 * pages, and ccxt's table follows them.
 */
export const USDM_ENDPOINTS: readonly string[] = [
  'GET /fapi/v1/ping', 'GET /fapi/v1/time', 'GET /fapi/v1/exchangeInfo', 'GET /fapi/v1/depth', 'GET /fapi/v1/rpiDepth', 'GET /fapi/v1/trades', 'GET /fapi/v1/historicalTrades',
  'GET /fapi/v1/aggTrades', 'GET /fapi/v1/klines', 'GET /fapi/v1/continuousKlines', 'GET /fapi/v1/markPriceKlines', 'GET /fapi/v1/indexPriceKlines', 'GET /fapi/v1/premiumIndexKlines',
  'GET /fapi/v1/fundingRate', 'GET /fapi/v1/fundingInfo', 'GET /fapi/v1/premiumIndex', 'GET /fapi/v1/ticker/24hr', 'GET /fapi/v1/ticker/price', 'GET /fapi/v2/ticker/price',
  'GET /fapi/v1/ticker/bookTicker', 'GET /fapi/v1/openInterest', 'GET /fapi/v1/indexInfo', 'GET /fapi/v1/assetIndex', 'GET /fapi/v1/constituents', 'GET /fapi/v1/apiTradingStatus',
  'GET /fapi/v1/lvtKlines', 'GET /fapi/v1/convert/exchangeInfo', 'GET /fapi/v1/insuranceBalance', 'GET /fapi/v1/symbolAdlRisk', 'GET /fapi/v1/tradingSchedule',
  'GET /fapi/v1/forceOrders', 'GET /fapi/v1/allOrders', 'GET /fapi/v1/openOrder', 'GET /fapi/v1/openOrders', 'GET /fapi/v1/order', 'GET /fapi/v1/account', 'GET /fapi/v1/balance',
  'GET /fapi/v1/leverageBracket', 'GET /fapi/v1/positionMargin/history', 'GET /fapi/v1/positionRisk', 'GET /fapi/v1/positionSide/dual', 'GET /fapi/v1/userTrades', 'GET /fapi/v1/income',
  'GET /fapi/v1/commissionRate', 'GET /fapi/v1/rateLimit/order', 'GET /fapi/v1/multiAssetsMargin', 'GET /fapi/v1/apiReferral/ifNewUser', 'GET /fapi/v1/apiReferral/customization',
  'GET /fapi/v1/apiReferral/userCustomization', 'GET /fapi/v1/apiReferral/traderNum', 'GET /fapi/v1/apiReferral/overview', 'GET /fapi/v1/apiReferral/tradeVol',
  'GET /fapi/v1/apiReferral/rebateVol', 'GET /fapi/v1/apiReferral/traderSummary', 'GET /fapi/v1/adlQuantile', 'GET /fapi/v1/pmAccountInfo', 'GET /fapi/v1/orderAmendment',
  'GET /fapi/v1/income/asyn', 'GET /fapi/v1/income/asyn/id', 'GET /fapi/v1/order/asyn', 'GET /fapi/v1/order/asyn/id', 'GET /fapi/v1/trade/asyn', 'GET /fapi/v1/trade/asyn/id',
  'GET /fapi/v1/feeBurn', 'GET /fapi/v1/symbolConfig', 'GET /fapi/v1/accountConfig', 'GET /fapi/v1/convert/orderStatus', 'GET /fapi/v1/algoOrder', 'GET /fapi/v1/openAlgoOrders',
  'GET /fapi/v1/allAlgoOrders', 'GET /fapi/v1/stock/contract', 'POST /fapi/v1/batchOrders', 'POST /fapi/v1/positionSide/dual', 'POST /fapi/v1/positionMargin', 'POST /fapi/v1/marginType',
  'POST /fapi/v1/order', 'POST /fapi/v1/order/test', 'POST /fapi/v1/leverage', 'POST /fapi/v1/listenKey', 'POST /fapi/v1/countdownCancelAll', 'POST /fapi/v1/multiAssetsMargin',
  'POST /fapi/v1/apiReferral/customization', 'POST /fapi/v1/apiReferral/userCustomization', 'POST /fapi/v1/feeBurn', 'POST /fapi/v1/convert/getQuote', 'POST /fapi/v1/convert/acceptQuote',
  'POST /fapi/v1/algoOrder', 'PUT /fapi/v1/listenKey', 'PUT /fapi/v1/order', 'PUT /fapi/v1/batchOrders', 'DELETE /fapi/v1/batchOrders', 'DELETE /fapi/v1/order',
  'DELETE /fapi/v1/allOpenOrders', 'DELETE /fapi/v1/listenKey', 'DELETE /fapi/v1/algoOrder', 'DELETE /fapi/v1/algoOpenOrders', 'GET /fapi/v2/account', 'GET /fapi/v2/balance',
  'GET /fapi/v2/positionRisk', 'GET /fapi/v3/account', 'GET /fapi/v3/balance', 'GET /fapi/v3/positionRisk', 'GET /futures/data/delivery-price', 'GET /futures/data/openInterestHist',
  'GET /futures/data/topLongShortAccountRatio', 'GET /futures/data/topLongShortPositionRatio', 'GET /futures/data/globalLongShortAccountRatio', 'GET /futures/data/takerlongshortRatio',
  'GET /futures/data/basis',
];

/** Of Binance's other APIs, what clients read when they start (ccxt's loadMarkets). */
export const STARTUP_ENDPOINTS: readonly string[] = [
  'GET /sapi/v1/capital/config/getall', 'GET /sapi/v1/margin/allPairs', 'GET /sapi/v1/margin/isolated/allPairs', 'GET /dapi/v1/ping', 'GET /dapi/v1/time', 'GET /dapi/v1/exchangeInfo',
];

/** Why whole families are refused by design: the sandbox has no such accounts or services. */
const FAMILIES: readonly (readonly [RegExp, string])[] = [
  [/apiReferral/, 'Broker referral programme: the sandbox has no referral accounts.'],
  [/\/convert\//, 'Conversions between assets: not simulated.'],
  [/\/asyn/, 'Download links for history exports: the history is served directly by the query endpoints.'],
  [/\/futures\/data\//, 'Market-wide statistics of all Binance traders: the simulated market has no population of traders to count.'],
  [/feeBurn|pmAccountInfo|stock\/contract|tradingSchedule/, 'Account programmes and products the sandbox does not have (BNB fee burn, portfolio margin, stock contracts, trading schedules).'],
  [/sor\/order/, 'Smart order routing: one venue, no routing.'],
];

/** What differs where an endpoint is served in part, or why it is refused by design. */
const NOTES: Readonly<Record<string, string>> = {
  'GET /api/v3/exchangeInfo': 'Only PRICE_FILTER, LOT_SIZE and NOTIONAL filters; `opoAllowed` false (OPO lists are not served); `permissions` parameters not read.',
  'GET /api/v3/depth': 'The simulated book has 15 levels a side (plus the traders\' own resting orders).',
  'GET /api/v3/historicalTrades': 'The last 5000 trades per symbol; no API key needed.',
  'GET /api/v3/aggTrades': 'Each trade is its own aggregate.',
  'GET /api/v3/uiKlines': 'Equals klines.',
  'GET /api/v3/klines': 'UTC only (`timeZone` other than 0 is -1130).',
  'GET /api/v3/avgPrice': 'The mean of the last five 1m closes, not volume-weighted.',
  'GET /api/v3/ticker/24hr': '`weightedAvgPrice` is the last price.',
  'GET /api/v3/ticker/tradingDay': 'Not served: the 24 h ticker gives the same figures for the simulated market.',
  'GET /api/v3/ticker': 'Rolling-window tickers are not served: the 24 h ticker is.',
  'GET /api/v3/referencePrice': 'Reference prices (for pegged and SOR orders): not simulated.',
  'GET /api/v3/referencePrice/calculation': 'Reference prices (for pegged and SOR orders): not simulated.',
  'GET /api/v3/executionRules': 'Execution rules (price-range protection): not simulated.',
  'GET /api/v3/historicalBlockTrades': 'Block trades: none on a simulated market.',
  'POST /api/v3/order': 'No icebergs, pegged orders or STP modes; trailingDelta on STOP_LOSS/TAKE_PROFIT(_LIMIT) trails by the simulated exchange\'s rule; a stop-limit FOK acts as IOC once triggered.',
  'PUT /api/v3/order/amend/keepPriority': 'Order amendment: not served; use cancelReplace.',
  'GET /api/v3/order/amendments': 'Order amendment: not served.',
  'POST /api/v3/orderList/oco': 'A LIMIT_MAKER, TAKE_PROFIT or TAKE_PROFIT_LIMIT leg with a STOP_LOSS(_LIMIT) leg; no icebergs or trailing deltas.',
  'POST /api/v3/order/oco': 'As orderList/oco.',
  'POST /api/v3/orderList/oto': 'No icebergs, trailing deltas or strategy ids; a pending order holds no funds until placed.',
  'POST /api/v3/orderList/otoco': 'As orderList/oto; the pending pair\'s price rule is checked against the working price.',
  'POST /api/v3/orderList/opo': 'OPO lists: not served.',
  'POST /api/v3/orderList/opoco': 'OPOCO lists: not served.',
  'GET /api/v3/myAllocations': 'Allocations (SOR): none.',
  'GET /api/v3/myFilters': 'Account filters: not simulated.',
  'GET /api/v3/myPreventedMatches': 'Always empty: self-trade prevention is NONE.',
  'GET /api/v3/rateLimit/order': 'Counts all orders of the sandbox, not per account.',
  'POST /api/v3/order/cancelReplace': '`cancelRestrictions`, `orderRateLimitExceededMode` not read.',
  'GET /fapi/v1/exchangeInfo': 'PERCENT_PRICE listed, not enforced.',
  'GET /fapi/v1/rpiDepth': 'Retail price improvement orders: none.',
  'GET /fapi/v1/historicalTrades': 'Not served: `trades` and `aggTrades` give the sandbox\'s own fills.',
  'GET /fapi/v1/continuousKlines': 'Not served: one perpetual per symbol, whose klines `klines` gives.',
  'GET /fapi/v1/premiumIndexKlines': 'Not served.',
  'GET /fapi/v1/indexInfo': 'Composite indices: none.',
  'GET /fapi/v1/assetIndex': 'Multi-assets mode: none.',
  'GET /fapi/v1/constituents': 'The index is the sandbox\'s own spot market: no constituent exchanges.',
  'GET /fapi/v1/apiTradingStatus': 'Not served: no trading-rule indicators.',
  'GET /fapi/v1/lvtKlines': 'Leveraged tokens: none.',
  'GET /fapi/v1/insuranceBalance': 'No insurance fund.',
  'GET /fapi/v1/symbolAdlRisk': 'No auto-deleveraging.',
  'GET /fapi/v1/adlQuantile': 'No auto-deleveraging.',
  'GET /fapi/v1/forceOrders': 'Liquidation orders: not served (liquidations show in positions and income).',
  'GET /fapi/v1/account': 'v1 is retired on Binance: v2 and v3 are served.',
  'GET /fapi/v1/balance': 'v1 is retired on Binance: v2 and v3 are served.',
  'GET /fapi/v1/positionRisk': 'v1 is retired on Binance: v2 and v3 are served.',
  'GET /fapi/v1/positionMargin/history': 'Only the changes made with POST /fapi/v1/positionMargin (deltaType USER_ADJUST), kept while the sandbox runs.',
  'POST /fapi/v1/positionMargin': "Within the limits of Binance's FAQ formulas (engine/futures-margin.ts); the ACCOUNT_UPDATE it pushes names the reason MARGIN_TRANSFER.",
  'GET /fapi/v1/rateLimit/order': 'Not served yet.',
  'GET /fapi/v1/orderAmendment': 'Order modification: not served yet.',
  'PUT /fapi/v1/order': 'A resting LIMIT order\'s price and quantity (it loses its place in the queue); priceMatch is refused by design (-1130): send a price.',
  'PUT /fapi/v1/batchOrders': 'Order modification: not served yet.',
  'POST /fapi/v1/batchOrders': 'Each entry through the single-order path; at most 5.',
  'GET /fapi/v1/multiAssetsMargin': 'Always false: one margin asset (USDT).',
  'POST /fapi/v1/multiAssetsMargin': 'Switching on is refused: one margin asset (USDT).',
  'GET /fapi/v1/commissionRate': '0.02% maker, 0.05% taker for everyone.',
  'POST /fapi/v1/order': 'LIMIT and MARKET; conditional types -4120 as on Binance (they go to algoOrder).',
  'POST /fapi/v1/algoOrder': 'CONDITIONAL STOP_MARKET, TAKE_PROFIT_MARKET, STOP, TAKE_PROFIT, TRAILING_STOP_MARKET, set off by the last or the mark price; no priceProtect, priceMatch or goodTillDate.',
  'GET /fapi/v1/allAlgoOrders': '`page` is not read: `algoId`, the time window and `limit` are.',
  'GET /sapi/v1/capital/config/getall': 'The simulated coins with the account\'s balances; no networks, deposits or withdrawals.',
  'GET /sapi/v1/margin/allPairs': 'Empty: no margin trading.',
  'GET /sapi/v1/margin/isolated/allPairs': 'Empty: no margin trading.',
  'GET /dapi/v1/exchangeInfo': 'No coin-M contracts: no symbols.',
};

/** The note of an endpoint: its own, else its family's; undefined when there is none. */
export function noteOf(endpoint: string): string | undefined {
  return NOTES[endpoint] ?? FAMILIES.find(([re]) => re.test(endpoint))?.[1];
}

/** Notes naming endpoints that are in no list (a rename or a typo), for the test that keeps them honest. */
export function strayNotes(): string[] {
  const all = new Set([...SPOT_ENDPOINTS, ...USDM_ENDPOINTS, ...STARTUP_ENDPOINTS]);
  return Object.keys(NOTES).filter((k) => !all.has(k));
}
