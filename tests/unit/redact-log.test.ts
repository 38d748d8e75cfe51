import { redactUrl } from '../../src/middlewares/redact-log';

// Issue 18 item 17: the SSE access_token never reaches the request log.
describe('redactUrl', () => {
  it.each([
    ['/api/booking/me/events?access_token=eyJhbGci.x.y', '/api/booking/me/events?access_token=[REDACTED]'],
    ['/api/booking/me/events?x=1&access_token=abc&y=2', '/api/booking/me/events?x=1&access_token=[REDACTED]&y=2'],
    ['/api/booking/me/events?access%5Ftoken=abc', '/api/booking/me/events?access%5Ftoken=[REDACTED]'],
    ['/api/booking/me/events?access_token', '/api/booking/me/events?access_token=[REDACTED]'],
    ['/api/booking/me/events', '/api/booking/me/events'],
    ['/api/services?page=1&token_type=x', '/api/services?page=1&token_type=x'],
    ['/api/x?%E0%A4%A=1', '/api/x?%E0%A4%A=1'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
