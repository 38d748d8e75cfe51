import { parseOrderSearch, type OrderSearch } from '../../src/plugins/booking/server/src/domain/order-search';

describe('parseOrderSearch: one box for order number, phone tail and caregiver name', () => {
  test.each<[string | null | undefined, OrderSearch | null]>([
    ['2026112600000042', { kind: 'order_no', orderNo: '2026112600000042' }],
    [' 2026 1126 0000 0042 ', { kind: 'order_no', orderNo: '2026112600000042' }],
    ['8899', { kind: 'phone_last4', digits: '8899' }],
    ['00000042', { kind: 'order_no_part', fragment: '00000042' }],
    ['20261126', { kind: 'order_no_part', fragment: '20261126' }],
    ['12345', { kind: 'order_no_part', fragment: '12345' }],
    ['123', null],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
    ['王秀英', { kind: 'caregiver_name', name: '王秀英' }],
    ['王 秀英', { kind: 'caregiver_name', name: '王秀英' }],
    ['王', { kind: 'caregiver_name', name: '王' }],
    ['20261126000000421', null],
    ['abc', { kind: 'caregiver_name', name: 'abc' }],
  ])('%p -> %p', (input, expected) => {
    expect(parseOrderSearch(input)).toEqual(expected);
  });

  it('caps a name at 20 characters', () => {
    expect(parseOrderSearch('张'.repeat(30))).toEqual({ kind: 'caregiver_name', name: '张'.repeat(20) });
  });
});
