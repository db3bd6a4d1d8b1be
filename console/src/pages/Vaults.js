import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, seg } from '../api.js';
import { t, formatBytes, formatDate } from '../i18n.js';
import { ActionButton, ErrorBox, Field, Loading, Notice, Section, StateBadge, Table, useAction, useLoad,
  usePermissions } from '../components.js';
import { href } from '../router.js';
import { vaultArn } from '../arns.js';

const VAULT_EVENTS = ['BACKUP_JOB_STARTED', 'BACKUP_JOB_COMPLETED', 'RESTORE_JOB_STARTED', 'RESTORE_JOB_COMPLETED',
  'COPY_JOB_STARTED', 'COPY_JOB_SUCCESSFUL', 'COPY_JOB_FAILED', 'RECOVERY_POINT_MODIFIED'];

export function Vaults({ session }) {
  const loaded = useLoad(() => api.get('/backup-vaults/'));
  const [name, setName] = useState('');
  const action = useAction();
  const can = usePermissions({ create: { Action: 'backup:CreateBackupVault', Resource: vaultArn(session, '*') } });
  const create = (e) => {
    e.preventDefault();
    action.run(async () => {
      await api.put(`/backup-vaults/${seg(name)}`, {});
      setName('');
      loaded.reload();
    }, t('saved'));
  };
  return html`<h1>${t('vaults')}</h1>
    <${Section} title=${t('newVault')}>
      <form class="inline" onSubmit=${create}>
        <${Field} label=${t('vaultName')}><input name="vaultName" value=${name}
          onInput=${(e) => setName(e.target.value)} required /></${Field}>
        <${ActionButton} type="submit" name="create-vault" permission=${can.create}>${t('create')}</${ActionButton}>
      </form>
      <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />
    </${Section}>
    <${Section} title=${t('vaults')}>
      <${Loading} loaded=${loaded}>${(data) => html`<${Table} rows=${data.BackupVaultList}
        rowKey=${(v) => v.BackupVaultName} columns=${[
          { label: t('name'), render: (v) => html`<a href=${href('vault', v.BackupVaultName)}>${v.BackupVaultName}</a>` },
          { label: t('points'), key: 'NumberOfRecoveryPoints' },
          { label: t('lock'), render: (v) => (v.Locked ? t('locked') : t('notLocked')) },
          { label: t('created'), render: (v) => formatDate(v.CreationDate) },
        ]} />`}</${Loading}>
    </${Section}>`;
}

/** A vault's points, access policy, lock and notifications. */
export function Vault({ params: [name], session }) {
  const arn = vaultArn(session, name);
  const vault = useLoad(() => api.get(`/backup-vaults/${seg(name)}`), [name]);
  const points = useLoad(() => api.get(`/backup-vaults/${seg(name)}/recovery-points/`), [name]);
  const can = usePermissions({
    policy: { Action: 'backup:PutBackupVaultAccessPolicy', Resource: arn, BackupVaultName: name },
    lock: { Action: 'backup:PutBackupVaultLockConfiguration', Resource: arn, BackupVaultName: name },
    unlock: { Action: 'backup:DeleteBackupVaultLockConfiguration', Resource: arn, BackupVaultName: name },
    notify: { Action: 'backup:PutBackupVaultNotifications', Resource: arn, BackupVaultName: name },
  });
  return html`<h1>${t('vault')}: ${name}</h1>
    <${Section} title=${t('points')}>
      <${Loading} loaded=${points}>${(data) => html`<${Table} rows=${data.RecoveryPoints}
        rowKey=${(p) => p.RecoveryPointArn} columns=${[
          { label: t('recoveryPoint'), render: (p) => html`<a href=${href('point', name, p.RecoveryPointArn)}>
            ${p.RecoveryPointArn.split(':').pop()}</a>` },
          { label: t('resource'), render: (p) => p.ResourceName || p.ResourceArn },
          { label: t('status'), render: (p) => html`<${StateBadge} state=${p.Status} />` },
          { label: t('size'), render: (p) => formatBytes(p.BackupSizeInBytes) },
          { label: t('created'), render: (p) => formatDate(p.CreationDate) },
        ]} />`}</${Loading}>
    </${Section}>
    <${AccessPolicy} name=${name} permission=${can.policy} />
    <${Loading} loaded=${vault}>${(data) => html`<${Lock} name=${name} vault=${data} reload=${vault.reload}
      permission=${can.lock} unlockPermission=${can.unlock} />`}</${Loading}>
    <${Notifications} name=${name} permission=${can.notify} />`;
}

function AccessPolicy({ name, permission }) {
  const [text, setText] = useState(null);
  const loaded = useLoad(async () => {
    try {
      const policy = (await api.get(`/backup-vaults/${seg(name)}/access-policy`)).Policy;
      setText(JSON.stringify(JSON.parse(policy), null, 2));
      return policy;
    } catch (error) {
      if (error.type !== 'ResourceNotFoundException') throw error;
      setText('');
      return '';
    }
  }, [name]);
  const action = useAction();
  const save = () => action.run(() => api.put(`/backup-vaults/${seg(name)}/access-policy`, { Policy: text }),
    t('saved'));
  return html`<${Section} title=${t('accessPolicy')}>
    <${Loading} loaded=${loaded}>${(policy) => html`
      ${!policy && html`<p class="muted">${t('noPolicy')}</p>`}
      <textarea name="accessPolicy" rows="8" value=${text ?? ''} onInput=${(e) => setText(e.target.value)}></textarea>
      <${ActionButton} name="save-policy" permission=${permission} onClick=${save}>${t('save')}</${ActionButton}>
      <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />`}</${Loading}>
  </${Section}>`;
}

function Lock({ name, vault, reload, permission, unlockPermission }) {
  const [form, setForm] = useState({ min: vault.MinRetentionDays ?? '', max: vault.MaxRetentionDays ?? '',
    changeable: '' });
  const action = useAction();
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  const number = (v) => (v === '' ? undefined : Number(v));
  const lock = (e) => {
    e.preventDefault();
    action.run(async () => {
      await api.put(`/backup-vaults/${seg(name)}/vault-lock`, { MinRetentionDays: number(form.min),
        MaxRetentionDays: number(form.max), ChangeableForDays: number(form.changeable) });
      reload();
    }, t('saved'));
  };
  const unlock = () => action.run(async () => {
    await api.del(`/backup-vaults/${seg(name)}/vault-lock`);
    reload();
  }, t('deleted'));
  return html`<${Section} title=${t('lock')}>
    <p data-testid="lock-state" data-locked=${String(Boolean(vault.Locked))}>${vault.Locked
      ? html`<strong>${t('locked')}</strong> · ${t('minRetention')} ${vault.MinRetentionDays ?? '—'} ·
        ${t('maxRetention')} ${vault.MaxRetentionDays ?? '—'}${vault.LockDate ? ` · ${formatDate(vault.LockDate)}` : ''}`
      : t('notLocked')}</p>
    <form class="inline" onSubmit=${lock}>
      <${Field} label=${t('minRetention')}><input name="minRetention" type="number" min="1" value=${form.min}
        onInput=${set('min')} /></${Field}>
      <${Field} label=${t('maxRetention')}><input name="maxRetention" type="number" min="1" value=${form.max}
        onInput=${set('max')} /></${Field}>
      <${Field} label=${t('changeableForDays')}><input name="changeableForDays" type="number" min="3"
        value=${form.changeable} onInput=${set('changeable')} /></${Field}>
      <${ActionButton} type="submit" name="set-lock" permission=${permission}>${t('setLock')}</${ActionButton}>
      ${vault.Locked && html`<${ActionButton} name="remove-lock" kind="danger" permission=${unlockPermission}
        onClick=${unlock}>${t('removeLock')}</${ActionButton}>`}
    </form>
    <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />
  </${Section}>`;
}

function Notifications({ name, permission }) {
  const [form, setForm] = useState({ topic: '', events: [] });
  const loaded = useLoad(async () => {
    try {
      const config = await api.get(`/backup-vaults/${seg(name)}/notification-configuration`);
      setForm({ topic: config.SNSTopicArn, events: config.BackupVaultEvents || [] });
      return config;
    } catch (error) {
      if (error.type !== 'ResourceNotFoundException') throw error;
      return {};
    }
  }, [name]);
  const action = useAction();
  const toggle = (event) => setForm({ ...form, events: form.events.includes(event)
    ? form.events.filter((e) => e !== event) : [...form.events, event] });
  const save = (e) => {
    e.preventDefault();
    action.run(() => api.put(`/backup-vaults/${seg(name)}/notification-configuration`,
      { SNSTopicArn: form.topic, BackupVaultEvents: form.events }), t('saved'));
  };
  return html`<${Section} title=${t('notifications')}>
    <${Loading} loaded=${loaded}>${(config) => html`
      ${!config.SNSTopicArn && html`<p class="muted">${t('noNotifications')}</p>`}
      <form onSubmit=${save}>
        <${Field} label=${t('snsTopic')}><input name="snsTopic" value=${form.topic}
          onInput=${(e) => setForm({ ...form, topic: e.target.value })} /></${Field}>
        <div class="checks">${VAULT_EVENTS.map((event) => html`<label><input type="checkbox"
          checked=${form.events.includes(event)} onChange=${() => toggle(event)} /> ${event}</label>`)}</div>
        <${ActionButton} type="submit" name="save-notifications" permission=${permission}>${t('save')}</${ActionButton}>
      </form>
      <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />`}</${Loading}>
  </${Section}>`;
}
