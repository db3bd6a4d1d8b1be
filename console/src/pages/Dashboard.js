import { html } from '../html.js';
import { api, query, seg } from '../api.js';
import { t, formatBytes, formatDate, formatDuration } from '../i18n.js';
import { ErrorBox, Loading, Section, StateBadge, Table, useLoad } from '../components.js';
import { BarChart, StackedBarChart, seriesColour } from '../charts.js';
import { href } from '../router.js';

const DAY = 24 * 60 * 60;
const RPO_TAG = 'hokan:rpo-minutes';
const HISTORY_DAYS = 30;

/** The service clock (the manual clock where the server runs one), else this browser's. */
async function serviceNow() {
  try {
    return (await api.get('/hokan/v1/clock')).Now;
  } catch {
    return Date.now() / 1000;
  }
}

function countByState(jobs, stateKey) {
  const counts = {};
  jobs.forEach((job) => { counts[job[stateKey]] = (counts[job[stateKey]] || 0) + 1; });
  return Object.entries(counts).sort();
}

async function jobsOfTheDay(now) {
  const since = query({ createdAfter: Math.floor(now - DAY), maxResults: 1000 });
  const kinds = [['backupJobs', `/backup-jobs/${since}`, 'BackupJobs', 'State', 'BackupJobId'],
    ['restoreJobs', `/restore-jobs/${since}`, 'RestoreJobs', 'Status', 'RestoreJobId'],
    ['copyJobs', `/copy-jobs/${since}`, 'CopyJobs', 'State', 'CopyJobId']];
  return Promise.all(kinds.map(async ([label, path, member, stateKey, idKey]) => {
    try {
      const jobs = (await api.get(path))[member] || [];
      const finished = jobs.filter((job) => job.CompletionDate != null)
        .map((job) => ({ id: job[idKey], state: job[stateKey], created: job.CreationDate,
          seconds: job.CompletionDate - job.CreationDate }));
      return { label, counts: countByState(jobs, stateKey), finished };
    } catch (error) {
      return { label, error };
    }
  }));
}

/** The finished jobs of the day, oldest first, each a bar as long as it took from creation to completion. */
function durationBars(kinds) {
  return kinds.flatMap((kind) => (kind.finished || []).map((job) => ({ ...job, kind: kind.label })))
    .sort((a, b) => a.created - b.created).slice(-60)
    .map((job) => ({ kind: job.kind, value: job.seconds,
      label: `${t(job.kind)} ${job.id}: ${job.state}, ${formatSeconds(job.seconds)} (${formatDate(job.created)})` }));
}

/** Each protected resource's newest point, its age on the service clock, and its tier's RPO when it has one. */
async function resourcesWithRpo(now) {
  const resources = (await api.get('/resources/')).Results || [];
  return Promise.all(resources.slice(0, 50).map(async (resource) => {
    const points = (await api.get(`/resources/${seg(resource.ResourceArn)}/recovery-points/`)).RecoveryPoints || [];
    const newest = points.filter((p) => p.Status === 'COMPLETED')
      .sort((a, b) => b.CreationDate - a.CreationDate)[0];
    let rpoMinutes = null;
    if (newest) {
      const tags = (await api.get(`/tags/${seg(newest.RecoveryPointArn)}/`)).Tags || {};
      rpoMinutes = tags[RPO_TAG] ? Number(tags[RPO_TAG]) : null;
    }
    return { ...resource, newest, age: newest ? now - newest.CreationDate : null, rpoMinutes };
  }));
}

async function vaultNames() {
  return ((await api.get('/backup-vaults/')).BackupVaultList || []).map((vault) => vault.BackupVaultName);
}

/** Each vault's points' sizes and what its storage holds of them after deduplication and compression. */
async function storagePerVault(names) {
  return Promise.all(names.map(async (name) => ({ name,
    storage: await api.get(`/hokan/v1/backup-vaults/${seg(name)}/storage`) })));
}

/** What each vault's storage held at the end of each of the last days, as the server recorded it. */
async function storageHistory(names) {
  return Promise.all(names.map(async (name) => ({ name,
    days: (await api.get(`/hokan/v1/backup-vaults/${seg(name)}/storage/history${query({ Days: HISTORY_DAYS })}`))
      .Days || [] })));
}

/** One bar per recorded day, oldest first, stacking the bytes each vault stored that day. */
function storedBytesPerDay(history) {
  const dates = [...new Set(history.flatMap((vault) => vault.days.map((day) => day.Date)))].sort();
  return dates.map((date) => ({ label: date,
    segments: history.flatMap((vault) => vault.days.filter((day) => day.Date === date).map((day) => ({
      series: vault.name, value: day.StoredBytes,
      title: `${vault.name} ${date}: ${formatBytes(day.StoredBytes)} (${t('sampledAt')} ${formatDate(day.SampledAt)})`,
    }))) }));
}

function formatSeconds(seconds) {
  if (seconds >= 60) return formatDuration(seconds);
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

function saving(before, after) {
  return before > 0 ? `${Math.max(0, Math.round((100 * (before - after)) / before))}%` : '—';
}

function VaultStorage({ vaults }) {
  const max = Math.max(1, ...vaults.flatMap((v) => [v.storage.BackupSizeInBytes, v.storage.DeduplicatedBytes,
    v.storage.StoredBytes]));
  return html`<${Table} rows=${vaults} rowKey=${(v) => v.name} columns=${[
    { label: t('vault'), render: (v) => html`<a href=${href('vault', v.name)}>${v.name}</a>` },
    { label: t('points'), render: (v) => v.storage.NumberOfRecoveryPoints },
    { label: t('backedUp'), render: (v) => formatBytes(v.storage.BackupSizeInBytes) },
    { label: t('afterDedup'), render: (v) => html`${formatBytes(v.storage.DeduplicatedBytes)}
      <span class="muted" data-saving="dedup"> −${saving(v.storage.BackupSizeInBytes, v.storage.DeduplicatedBytes)}</span>` },
    { label: t('afterCompression'), render: (v) => html`${formatBytes(v.storage.StoredBytes)}
      <span class="muted" data-saving="compression"> −${saving(v.storage.DeduplicatedBytes, v.storage.StoredBytes)}</span>` },
    { label: '', render: (v) => html`<div class="bar stacked" data-vault=${v.name}>
      <div class="fill backed" style=${`width:${(100 * v.storage.BackupSizeInBytes) / max}%`}></div>
      <div class="fill dedup" style=${`width:${(100 * v.storage.DeduplicatedBytes) / max}%`}></div>
      <div class="fill stored" style=${`width:${(100 * v.storage.StoredBytes) / max}%`}></div></div>` },
  ]} />`;
}

function RpoCell({ row }) {
  if (row.age === null) return html`<span class="badge state-failed">${t('none')}</span>`;
  if (row.rpoMinutes === null) return html`<span class="muted">${t('rpoUnknown')}</span>`;
  const within = row.age <= row.rpoMinutes * 60;
  return html`<span class=${`badge ${within ? 'state-completed' : 'state-failed'}`}>
    ${formatDuration(row.rpoMinutes * 60)} · ${t(within ? 'withinRpo' : 'beyondRpo')}</span>`;
}

export function Dashboard() {
  const loaded = useLoad(async () => {
    const now = await serviceNow();
    const names = vaultNames();
    const [jobs, resources, storage, history] = await Promise.allSettled([jobsOfTheDay(now), resourcesWithRpo(now),
      names.then(storagePerVault), names.then(storageHistory)]);
    return { jobs, resources, storage, history };
  });
  return html`<h1>${t('dashboard')}</h1>
  <${Loading} loaded=${loaded}>${({ jobs, resources, storage, history }) => html`
    <${Section} title=${t('jobs24h')}>
      ${jobs.status === 'rejected' ? html`<${ErrorBox} error=${jobs.reason} />` : html`<div class="tiles">
        ${jobs.value.map((kind) => html`<div class="tile" data-tile=${kind.label}>
          <h3>${t(kind.label)}</h3>
          ${kind.error ? html`<${ErrorBox} error=${kind.error} />` : kind.counts.length === 0
            ? html`<p class="empty">${t('none')}</p>`
            : kind.counts.map(([state, count]) => html`<div class="count"><${StateBadge} state=${state} />
              <strong>${count}</strong></div>`)}
        </div>`)}
      </div>`}
    </${Section}>
    <${Section} title=${t('protectedResources')}>
      ${resources.status === 'rejected' ? html`<${ErrorBox} error=${resources.reason} />` : html`<${Table}
        rows=${resources.value} columns=${[
          { label: t('resource'), render: (r) => r.ResourceName || r.ResourceArn },
          { label: t('type'), key: 'ResourceType' },
          { label: t('newestPoint'), render: (r) => (r.newest ? html`<a href=${href('point',
            r.newest.BackupVaultName, r.newest.RecoveryPointArn)}>${formatDuration(r.age)}</a>` : '—') },
          { label: t('rpo'), render: (r) => html`<${RpoCell} row=${r} />` },
        ]} />`}
    </${Section}>
    <${Section} title=${t('storagePerVault')}>
      ${storage.status === 'rejected' ? html`<${ErrorBox} error=${storage.reason} />`
        : html`<${VaultStorage} vaults=${storage.value} />`}
    </${Section}>
    <div class="charts">
      <${Section} title=${t('jobDurations')}>
        ${jobs.status === 'rejected' ? html`<${ErrorBox} error=${jobs.reason} />` : (() => {
          const bars = durationBars(jobs.value);
          return bars.length === 0 ? html`<p class="empty">${t('none')}</p>` : html`<${BarChart}
            name="job-durations" bars=${bars} formatY=${formatSeconds} />
            <div class="legend">${['backupJobs', 'restoreJobs', 'copyJobs'].map((kind) => html`<span>
              <i class=${`bar-${kind}`}></i>${t(kind)}</span>`)}</div>`;
        })()}
      </${Section}>
      <${Section} title=${t('storedPerDay')}>
        ${history.status === 'rejected' ? html`<${ErrorBox} error=${history.reason} />` : (() => {
          const bars = storedBytesPerDay(history.value);
          const vaults = history.value.map((vault) => vault.name);
          return bars.length === 0 ? html`<p class="empty">${t('none')}</p>` : html`<${StackedBarChart}
            name="stored-bytes" bars=${bars} series=${vaults} formatY=${formatBytes} />
            <div class="legend">${vaults.map((vault, index) => html`<span>
              <i style=${`background:${seriesColour(index)}`}></i>${vault}</span>`)}</div>`;
        })()}
      </${Section}>
    </div>`}
  </${Loading}>`;
}
