import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, seg } from '../api.js';
import { t, formatBytes, formatDate } from '../i18n.js';
import { ActionButton, ErrorBox, Field, Loading, Notice, Section, StateBadge, Table, useAction, useLoad,
  usePermissions } from '../components.js';
import { go, href } from '../router.js';
import { defaultRole, vaultArn } from '../arns.js';

/** The active legal holds that hold this point. */
async function holdsOf(pointArn) {
  const holds = ((await api.get('/legal-holds/')).LegalHolds || []).filter((h) => h.Status === 'ACTIVE');
  const holding = await Promise.all(holds.map(async (hold) => {
    const points = (await api.get(`/legal-holds/${seg(hold.LegalHoldId)}/recovery-points`)).RecoveryPoints || [];
    return points.some((p) => p.RecoveryPointArn === pointArn) ? hold : null;
  }));
  return holding.filter(Boolean);
}

export function RecoveryPoint({ params: [vault, arn], session }) {
  const path = `/backup-vaults/${seg(vault)}/recovery-points/${seg(arn)}`;
  const point = useLoad(() => api.get(path), [path]);
  const holds = useLoad(() => holdsOf(arn), [arn]);
  const can = usePermissions({
    delete: { Action: 'backup:DeleteRecoveryPoint', Resource: arn, BackupVaultName: vault },
    lifecycle: { Action: 'backup:UpdateRecoveryPointLifecycle', Resource: arn, BackupVaultName: vault },
    restore: { Action: 'backup:StartRestoreJob', Resource: arn },
    copy: { Action: 'backup:StartCopyJob', Resource: arn },
  });
  const action = useAction();
  const remove = () => action.run(async () => {
    await api.del(path);
    go('vault', vault);
  }, t('deleted'));
  return html`<h1>${t('recoveryPoint')}</h1>
    <${Loading} loaded=${point}>${(p) => html`
      <${Section} title=${arn.split(':').pop()} actions=${html`<${ActionButton} name="delete-point" kind="danger"
        permission=${can.delete} onClick=${remove}>${t('delete')}</${ActionButton}>`}>
        <${ErrorBox} error=${action.error} />
        <dl class="facts">
          <dt>${t('status')}</dt><dd><${StateBadge} state=${p.Status} /></dd>
          <dt>${t('vault')}</dt><dd><a href=${href('vault', vault)}>${vault}</a></dd>
          <dt>${t('resource')}</dt><dd>${p.ResourceName || p.ResourceArn} (${p.ResourceType})</dd>
          <dt>${t('created')}</dt><dd>${formatDate(p.CreationDate)}</dd>
          <dt>${t('size')}</dt><dd>${formatBytes(p.BackupSizeInBytes)}</dd>
          <dt>${t('deleteAt')}</dt><dd>${formatDate(p.CalculatedLifecycle?.DeleteAt)}</dd>
        </dl>
      </${Section}>
      <${Lifecycle} path=${path} point=${p} reload=${point.reload} permission=${can.lifecycle} />`}
    </${Loading}>
    <${Section} title=${t('holds')}>
      <${Loading} loaded=${holds}>${(list) => html`<${Table} rows=${list} columns=${[
        { label: t('title'), render: (h) => html`<a href=${href('holds')}>${h.Title}</a>` },
        { label: t('status'), render: (h) => html`<${StateBadge} state=${h.Status} />` },
        { label: t('created'), render: (h) => formatDate(h.CreationDate) },
      ]} />`}</${Loading}>
    </${Section}>
    <${Restore} vault=${vault} arn=${arn} permission=${can.restore} session=${session} />
    <${Copy} vault=${vault} arn=${arn} permission=${can.copy} session=${session} />`;
}

function Lifecycle({ path, point, reload, permission }) {
  const [form, setForm] = useState({ delete: point.Lifecycle?.DeleteAfterDays ?? '',
    cold: point.Lifecycle?.MoveToColdStorageAfterDays ?? '' });
  const action = useAction();
  const save = (e) => {
    e.preventDefault();
    const lifecycle = {};
    if (form.delete !== '') lifecycle.DeleteAfterDays = Number(form.delete);
    if (form.cold !== '') lifecycle.MoveToColdStorageAfterDays = Number(form.cold);
    action.run(async () => {
      await api.post(path, { Lifecycle: lifecycle });
      reload();
    }, t('saved'));
  };
  return html`<${Section} title=${t('lifecycle')}>
    <form class="inline" onSubmit=${save}>
      <${Field} label=${t('moveToColdAfterDays')}><input name="coldAfterDays" type="number" min="1" value=${form.cold}
        onInput=${(e) => setForm({ ...form, cold: e.target.value })} /></${Field}>
      <${Field} label=${t('deleteAfterDays')}><input name="deleteAfterDays" type="number" min="1"
        value=${form.delete} onInput=${(e) => setForm({ ...form, delete: e.target.value })} /></${Field}>
      <${ActionButton} type="submit" name="save-lifecycle" permission=${permission}>${t('save')}</${ActionButton}>
    </form>
    <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />
  </${Section}>`;
}

/** The restore wizard: the point's restore metadata, as the resource type names it, to review and change. */
function Restore({ vault, arn, permission, session }) {
  const [metadata, setMetadata] = useState(null);
  const loaded = useLoad(async () => {
    const answer = await api.get(`/backup-vaults/${seg(vault)}/recovery-points/${seg(arn)}/restore-metadata`);
    setMetadata(answer.RestoreMetadata || {});
    return answer;
  }, [arn]);
  const action = useAction();
  const start = (e) => {
    e.preventDefault();
    action.run(async () => {
      const job = await api.put('/restore-jobs', { RecoveryPointArn: arn, Metadata: metadata,
        IamRoleArn: defaultRole(session), ResourceType: loaded.data.ResourceType });
      go('jobs', 'restore', job.RestoreJobId);
    }, t('restoreStarted'));
  };
  return html`<${Section} title=${t('restore')}>
    <${Loading} loaded=${loaded}>${() => html`<form onSubmit=${start}>
      <p class="muted">${t('restoreMetadata')}</p>
      ${Object.entries(metadata).map(([key, value]) => html`<${Field} label=${key}><input name=${`meta-${key}`}
        value=${value} onInput=${(e) => setMetadata({ ...metadata, [key]: e.target.value })} /></${Field}>`)}
      <${ActionButton} type="submit" name="start-restore" permission=${permission}>${t('startRestore')}</${ActionButton}>
    </form>`}</${Loading}>
    <${ErrorBox} error=${action.error} />
  </${Section}>`;
}

function Copy({ vault, arn, permission, session }) {
  const vaults = useLoad(() => api.get('/backup-vaults/'));
  const [target, setTarget] = useState('');
  const action = useAction();
  const start = (e) => {
    e.preventDefault();
    action.run(async () => {
      const job = await api.put('/copy-jobs', { RecoveryPointArn: arn, SourceBackupVaultName: vault,
        DestinationBackupVaultArn: vaultArn(session, target), IamRoleArn: defaultRole(session) });
      go('jobs', 'copy', job.CopyJobId);
    }, t('copyStarted'));
  };
  return html`<${Section} title=${t('copy')}>
    <${Loading} loaded=${vaults}>${(data) => html`<form class="inline" onSubmit=${start}>
      <${Field} label=${t('copyTo')}><select name="copyTo" value=${target} onChange=${(e) => setTarget(e.target.value)}
        required><option value="">—</option>
        ${data.BackupVaultList.filter((v) => v.BackupVaultName !== vault).map((v) => html`
          <option value=${v.BackupVaultName}>${v.BackupVaultName}</option>`)}</select></${Field}>
      <${ActionButton} type="submit" name="start-copy" permission=${permission}>${t('startCopy')}</${ActionButton}>
    </form>`}</${Loading}>
    <${ErrorBox} error=${action.error} />
  </${Section}>`;
}

