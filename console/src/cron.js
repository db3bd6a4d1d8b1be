// AWS Backup's cron expressions, cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR): a reading for people
// and the next firings in a rule's time zone. Day-of-week counts 1 (SUN) to 7 (SAT); one of the two day fields is
// '?'. What this page cannot evaluate (L, W, #) is left unread rather than guessed.

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS = [
  { min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS }, { min: 1, max: 7, names: DAYS }, { min: 1970, max: 2199 },
];

function value(token, field) {
  const named = field.names ? field.names.indexOf(token.toUpperCase()) : -1;
  const number = named >= 0 ? named + 1 : Number(token);
  if (!Number.isInteger(number) || number < field.min || number > field.max) {
    throw new Error(`unreadable: ${token}`);
  }
  return number;
}

/** The values a field allows, or null for any. */
function parseField(text, field) {
  if (text === '*' || text === '?') return null;
  const allowed = new Set();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`unreadable: ${part}`);
    let from;
    let to;
    if (range === '*') {
      [from, to] = [field.min, field.max];
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [from, to] = [value(a, field), value(b, field)];
    } else {
      from = value(range, field);
      to = stepText === undefined ? from : field.max;
    }
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return [...allowed].sort((a, b) => a - b);
}

export function parseCron(expression) {
  const match = /^cron\((.*)\)$/.exec((expression || '').trim());
  if (!match) throw new Error('not a cron expression');
  const texts = match[1].trim().split(/\s+/);
  if (texts.length !== 6) throw new Error('six fields expected');
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = texts.map((text, i) => parseField(text, FIELDS[i]));
  return { minutes, hours, daysOfMonth, months, daysOfWeek, years, texts };
}

const pad = (n) => String(n).padStart(2, '0');

function names(list, lang, kind) {
  const format = new Intl.DateTimeFormat(lang, kind === 'month' ? { month: 'long', timeZone: 'UTC' }
    : { weekday: 'long', timeZone: 'UTC' });
  return list.map((v) => format.format(kind === 'month' ? new Date(Date.UTC(2024, v - 1, 1))
    : new Date(Date.UTC(2024, 0, 7 + v - 1)))).join(lang === 'ja' ? '、' : ', ');
}

/** A reading of the expression in English or Japanese; throws for what it cannot read. */
export function describeCron(expression, lang) {
  const c = parseCron(expression);
  const ja = lang === 'ja';
  const minutes = c.minutes ?? [...Array(60).keys()];
  let time;
  if (c.hours && c.hours.length <= 6 && minutes.length <= 4) {
    const times = c.hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`)).join(ja ? '、' : ', ');
    time = ja ? `${times} に` : `at ${times}`;
  } else if (!c.hours) {
    time = c.minutes === null
      ? (ja ? '毎分' : 'every minute')
      : (ja ? `毎時 ${minutes.join('、')} 分に` : `at minute ${minutes.join(', ')} of every hour`);
  } else {
    time = ja ? `${c.hours.join('、')} 時の ${minutes.join('、')} 分に`
      : `at minute ${minutes.join(', ')} of hours ${c.hours.join(', ')}`;
  }
  let days = '';
  if (c.daysOfWeek) {
    days = ja ? `毎週 ${names(c.daysOfWeek, lang, 'day')}` : `on ${names(c.daysOfWeek, lang, 'day')}`;
  } else if (c.daysOfMonth) {
    days = ja ? `毎月 ${c.daysOfMonth.join('、')} 日` : `on day ${c.daysOfMonth.join(', ')} of the month`;
  } else if (c.hours) {
    days = ja ? '毎日' : 'every day';
  }
  const months = c.months ? (ja ? `(${names(c.months, lang, 'month')})` : `in ${names(c.months, lang, 'month')}`) : '';
  const years = c.years ? (ja ? `(${c.years.join('、')} 年)` : `in ${c.years.join(', ')}`) : '';
  return ja ? [days, months, years, time].filter(Boolean).join(' ') + '実行'
    : [time, days, months, years].filter(Boolean).join(' ');
}

/** The zone's local fields at instant {@code t} (milliseconds). */
function localParts(t, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric',
    minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(t));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'),
    second: get('second') };
}

function offsetMinutes(t, timeZone) {
  const p = localParts(t, timeZone);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t) / 60000);
}

/** The instant of a wall-clock time in a zone (the first of the two where the clock goes back). */
function zonedInstant(year, month, day, hour, minute, timeZone) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMinutes(wall, timeZone) * 60000;
  return wall - offsetMinutes(first, timeZone) * 60000;
}

/** The next {@code count} firings after {@code from} (milliseconds), as Date objects. */
export function nextFirings(expression, timeZone = 'Etc/UTC', from = Date.now(), count = 5) {
  const c = parseCron(expression);
  const start = localParts(from, timeZone);
  const found = [];
  const hours = c.hours ?? [...Array(24).keys()];
  const minutes = c.minutes ?? [...Array(60).keys()];
  for (let offset = 0; offset < 366 * 8 && found.length < count; offset += 1) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if ((c.years && !c.years.includes(year)) || (c.months && !c.months.includes(month))
      || (c.daysOfMonth && !c.daysOfMonth.includes(day))
      || (c.daysOfWeek && !c.daysOfWeek.includes(date.getUTCDay() + 1))) {
      continue;
    }
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = zonedInstant(year, month, day, hour, minute, timeZone);
        if (at > from && found.length < count) found.push(new Date(at));
      }
    }
  }
  return found;
}
