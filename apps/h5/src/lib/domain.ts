/**
 * The booking plugin's pure rules, imported from its domain/ folder (no copy): prices, labels and tags on the page
 * are computed exactly as the server computes them. The server recomputes the price at submission anyway.
 */
export { quotePrice, UNIT_LABELS, type PriceQuote, type PricingRule } from '@domain/pricing';
export { STATUS_LABELS } from '@domain/order-state-machine';
export { REVIEW_TAGS } from '@domain/reviews';
export { CATEGORY_LABELS as COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS } from '@domain/complaints';
