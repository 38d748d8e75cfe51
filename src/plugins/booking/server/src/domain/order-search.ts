/**
 * What an operator's order search box means. Dispatchers type whatever the caller on the phone gives them: the
 * 16-digit order number (or part of it), the last four digits of the customer's phone, or the caregiver's name.
 * The shape of the text decides which, so one box serves all three without a selector.
 */
export type OrderSearch =
  | { kind: 'order_no'; orderNo: string }
  | { kind: 'order_no_part'; fragment: string }
  | { kind: 'phone_last4'; digits: string }
  | { kind: 'caregiver_name'; name: string };

export function parseOrderSearch(raw: string | undefined | null): OrderSearch | null {
  const q = (raw ?? '').replace(/\s+/g, '');
  if (!q) return null;
  if (/^\d{16}$/.test(q)) return { kind: 'order_no', orderNo: q };
  // Four digits are a phone tail: no one reads out a quarter of an order number.
  if (/^\d{4}$/.test(q)) return { kind: 'phone_last4', digits: q };
  if (/^\d{5,15}$/.test(q)) return { kind: 'order_no_part', fragment: q };
  // Too short to mean anything, or longer than any order number.
  if (/^\d+$/.test(q)) return null;
  return { kind: 'caregiver_name', name: q.slice(0, 20) };
}
