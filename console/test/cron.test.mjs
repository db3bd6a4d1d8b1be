// The console's reading of AWS cron expressions and their next firings in a time zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCron, nextFirings } from '../src/cron.js';

const iso = (dates) => dates.map((d) => d.toISOString());

test('seed 004\'s rule fires at 21:00 UTC, 06:00 in Tokyo', () => {
  assert.equal(describeCron('cron(0 21 * * ? *)', 'en'), 'at 21:00 every day');
  assert.equal(describeCron('cron(0 21 * * ? *)', 'ja'), '毎日 21:00 に実行');
  assert.deepEqual(iso(nextFirings('cron(0 21 * * ? *)', 'Etc/UTC', Date.UTC(2026, 11, 3, 21, 0))),
    ['2026-12-04T21:00:00.000Z', '2026-12-05T21:00:00.000Z', '2026-12-06T21:00:00.000Z',
      '2026-12-07T21:00:00.000Z', '2026-12-08T21:00:00.000Z']);
  assert.deepEqual(iso(nextFirings('cron(0 6 * * ? *)', 'Asia/Tokyo', Date.UTC(2026, 11, 3, 20, 0), 2)),
    ['2026-12-03T21:00:00.000Z', '2026-12-04T21:00:00.000Z']);
});

test('days of the week count from SUN = 1, names and ranges included', () => {
  assert.equal(describeCron('cron(0 5 ? * SUN *)', 'en'), 'at 05:00 on Sunday');
  assert.deepEqual(iso(nextFirings('cron(0 5 ? * 1 *)', 'Etc/UTC', Date.UTC(2026, 11, 3), 2)),
    ['2026-12-06T05:00:00.000Z', '2026-12-13T05:00:00.000Z']);
  assert.deepEqual(iso(nextFirings('cron(30 9 ? * MON-FRI *)', 'Etc/UTC', Date.UTC(2026, 11, 4, 10), 2)),
    ['2026-12-07T09:30:00.000Z', '2026-12-08T09:30:00.000Z']);
});

test('a time zone\'s clock change moves the firing in UTC', () => {
  // New York leaves daylight saving time on 1 November 2026
  assert.deepEqual(iso(nextFirings('cron(0 12 * * ? *)', 'America/New_York', Date.UTC(2026, 9, 31), 2)),
    ['2026-10-31T16:00:00.000Z', '2026-11-01T17:00:00.000Z']);
});

test('hourly rules, months and what the page does not evaluate', () => {
  assert.equal(describeCron('cron(0 * ? * * *)', 'en'), 'at minute 0 of every hour');
  assert.equal(describeCron('cron(0 * ? * * *)', 'ja'), '毎時 0 分に実行');
  assert.equal(describeCron('cron(0 3 1 JAN,JUL ? *)', 'en'), 'at 03:00 on day 1 of the month in January, July');
  assert.throws(() => describeCron('cron(0 3 L * ? *)', 'en'));
  assert.throws(() => describeCron('rate(1 hour)', 'en'));
});
