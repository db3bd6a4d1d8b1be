import { html } from '../html.js';
import { api, query, seg } from '../api.js';
import { t, formatBytes, formatDuration } from '../i18n.js';
import { ErrorBox, Loading, Section, StateBadge, Table, useLoad } from '../components.js';
import { href } from '../router.js';

const DAY = 24 * 60 * 60;
const RPO_TAG = 'hokan:rpo-minutes';

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
  const kinds = [['backupJobs', `/backup-jobs/${since}`, 'BackupJobs', 'State'],
    ['restoreJobs', `/restore-jobs/${since}`, 'RestoreJobs', 'Status'],
    ['copyJobs', `/copy-jobs/${since}`, 'CopyJobs', 'State']];
  return Promise.all(kinds.map(async ([label, path, member, stateKey]) => {
    try {
      return { label, counts: countByState((await api.get(path))[member] || [], stateKey) };
    } catch (error) {
      return { label, error };
    }
  }));
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

async function storagePerVault() {
  const vaults = (await api.get('/backup-vaults/')).BackupVaultList || [];
  return Promise.all(vaults.map(async (vault) => {
    const points = (await api.get(`/backup-vaults/${seg(vault.BackupVaultName)}/recovery-points/`))
      .RecoveryPoints || [];
    return { name: vault.BackupVaultName, points: points.length,
      bytes: points.reduce((sum, p) => sum + (p.BackupSizeInBytes || 0), 0) };
  }));
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
    const [jobs, resources, storage] = await Promise.allSettled([jobsOfTheDay(now), resourcesWithRpo(now),
      storagePerVault()]);
    return { jobs, resources, storage };
  });
  return html`<h1>${t('dashboard')}</h1>
  <${Loading} loaded=${loaded}>${({ jobs, resources, storage }) => html`
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
      ${storage.status === 'rejected' ? html`<${ErrorBox} error=${storage.reason} />` : html`
        <div class="bars">${storage.value.map((vault) => {
          const max = Math.max(1, ...storage.value.map((v) => v.bytes));
          return html`<div class="bar-row"><a href=${href('vault', vault.name)}>${vault.name}</a>
            <div class="bar"><div class="fill" style=${`width:${(100 * vault.bytes) / max}%`}></div></div>
            <span>${formatBytes(vault.bytes)} · ${vault.points} ${t('points')}</span></div>`;
        })}</div>`}
    </${Section}>`}
  </${Loading}>`;
}
