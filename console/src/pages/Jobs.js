import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { t, formatBytes, formatDate } from '../i18n.js';
import { ActionButton, ErrorBox, Field, Loading, Notice, Section, StateBadge, Table, useAction, useLoad, usePoll,
  usePermissions } from '../components.js';
import { href } from '../router.js';
import { defaultRole, vaultArn } from '../arns.js';

const POLL_MS = 2000;
const KINDS = {
  backup: { title: 'backupJobs', path: '/backup-jobs/', member: 'BackupJobs', id: 'BackupJobId', state: 'State' },
  restore: { title: 'restoreJobs', path: '/restore-jobs/', member: 'RestoreJobs', id: 'RestoreJobId', state: 'Status' },
  copy: { title: 'copyJobs', path: '/copy-jobs/', member: 'CopyJobs', id: 'CopyJobId', state: 'State' },
};

function Progress({ job }) {
  const percent = Number(job.PercentDone ?? (['COMPLETED'].includes(job.State || job.Status) ? 100 : 0));
  return html`<div class="progress" title=${`${percent}%`}><div class="fill" style=${`width:${percent}%`}></div>
    <span>${percent.toFixed(0)}% ${t('percent')}</span></div>`;
}

/** One kind of job, polled while shown, the job the page was opened for first. */
function JobList({ kind, highlight }) {
  const spec = KINDS[kind];
  const jobs = usePoll(() => api.get(spec.path + query({ maxResults: 100 })), POLL_MS, [kind]);
  return html`<${Section} title=${t(spec.title)}>
    <${Loading} loaded=${jobs}>${(data) => html`<${Table} rowKey=${(j) => j[spec.id]}
      rows=${(data[spec.member] || []).sort((a, b) => b.CreationDate - a.CreationDate)} columns=${[
        { label: 'ID', render: (j) => html`<code class=${j[spec.id] === highlight ? 'highlight' : ''}
          data-job-id=${j[spec.id]}>${j[spec.id]}</code>` },
        { label: t('resource'), render: (j) => j.ResourceName || j.ResourceArn || j.CreatedResourceArn || '—' },
        { label: t('state'), render: (j) => html`<span data-job-state=${j[spec.id]}><${StateBadge}
          state=${j[spec.state]} /></span>` },
        { label: t('progress'), render: (j) => html`<${Progress} job=${j} />` },
        { label: t('size'), render: (j) => formatBytes(j.BackupSizeInBytes) },
        { label: t('created'), render: (j) => formatDate(j.CreationDate) },
        { label: t('recoveryPoint'), render: (j) => (j.RecoveryPointArn && j.BackupVaultName && kind === 'backup'
          && (j.State === 'COMPLETED') ? html`<a href=${href('point', j.BackupVaultName, j.RecoveryPointArn)}>
          ${t('view')}</a>` : (j.StatusMessage || '')) },
      ]} />`}</${Loading}>
  </${Section}>`;
}

function OnDemandBackup({ session }) {
  const resources = useLoad(() => api.get('/hokan/v1/resources'));
  const vaults = useLoad(() => api.get('/backup-vaults/'));
  const [form, setForm] = useState({ resource: '', vault: '', deleteAfter: '30' });
  const action = useAction();
  const can = usePermissions({ start: { Action: 'backup:StartBackupJob',
    Resource: form.vault ? vaultArn(session, form.vault) : '*', BackupVaultName: form.vault || undefined } });
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  const start = (e) => {
    e.preventDefault();
    action.run(async () => {
      const job = await api.put('/backup-jobs', { BackupVaultName: form.vault, ResourceArn: form.resource,
        IamRoleArn: defaultRole(session), Lifecycle: form.deleteAfter ? { DeleteAfterDays: Number(form.deleteAfter) }
          : undefined });
      location.hash = href('jobs', 'backup', job.BackupJobId);
    }, t('backupStarted'));
  };
  return html`<${Section} title=${t('onDemand')}>
    <form class="inline" onSubmit=${start}>
      <${Field} label=${t('selectResource')}><select name="resource" value=${form.resource} onChange=${set('resource')}
        required><option value="">—</option>
        ${(resources.data?.Resources || []).map((r) => html`<option value=${r.ResourceArn}>${
          `${r.ResourceName} (${r.ResourceType})`}</option>`)}</select></${Field}>
      <${Field} label=${t('vault')}><select name="vault" value=${form.vault} onChange=${set('vault')} required>
        <option value="">—</option>
        ${(vaults.data?.BackupVaultList || []).map((v) => html`<option value=${v.BackupVaultName}>
          ${v.BackupVaultName}</option>`)}</select></${Field}>
      <${Field} label=${t('deleteAfterDays')}><input name="deleteAfterDays" type="number" value=${form.deleteAfter}
        onInput=${set('deleteAfter')} /></${Field}>
      <${ActionButton} type="submit" name="start-backup" permission=${can.start}>${t('startBackup')}</${ActionButton}>
    </form>
    <${ErrorBox} error=${resources.error || action.error} /><${Notice} text=${action.notice} />
  </${Section}>`;
}

export function Jobs({ params: [kind, id], session }) {
  return html`<h1>${t('jobs')}</h1>
    <${OnDemandBackup} session=${session} />
    ${Object.keys(KINDS).map((k) => html`<${JobList} kind=${k} highlight=${k === kind ? id : null} />`)}`;
}
