import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, seg, query } from '../api.js';
import { t, formatDate } from '../i18n.js';
import { ActionButton, ErrorBox, Field, Loading, Notice, Section, StateBadge, Table, useAction, useLoad,
  usePermissions } from '../components.js';

const toEpoch = (date) => (date ? Math.floor(new Date(`${date}T00:00:00Z`).getTime() / 1000) : undefined);

export function LegalHolds() {
  const holds = useLoad(() => api.get('/legal-holds/'));
  const [form, setForm] = useState({ title: '', description: '', vaults: '', from: '', to: '' });
  const action = useAction();
  const can = usePermissions({ create: { Action: 'backup:CreateLegalHold', Resource: '*' },
    cancel: { Action: 'backup:CancelLegalHold', Resource: '*' } });
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  const create = (e) => {
    e.preventDefault();
    const selection = {};
    const vaults = form.vaults.split(',').map((v) => v.trim()).filter(Boolean);
    if (vaults.length) selection.VaultNames = vaults;
    if (form.from || form.to) {
      selection.DateRange = { FromDate: toEpoch(form.from) ?? 0,
        ToDate: form.to ? toEpoch(form.to) + 86399 : Math.floor(Date.now() / 1000) };
    }
    action.run(async () => {
      await api.post('/legal-holds/', { Title: form.title, Description: form.description,
        RecoveryPointSelection: selection });
      holds.reload();
    }, t('saved'));
  };
  const release = (hold) => {
    const reason = prompt(t('cancelReason'), '');
    if (reason === null) return;
    action.run(async () => {
      await api.del(`/legal-holds/${seg(hold.LegalHoldId)}${query({ cancelDescription: reason || '-' })}`);
      holds.reload();
    }, t('saved'));
  };
  return html`<h1>${t('legalHolds')}</h1>
    <${Section} title=${t('newHold')}>
      <form class="grid" onSubmit=${create}>
        <${Field} label=${t('title')}><input name="holdTitle" value=${form.title} onInput=${set('title')} required />
          </${Field}>
        <${Field} label=${t('description')}><input name="holdDescription" value=${form.description}
          onInput=${set('description')} required /></${Field}>
        <${Field} label=${t('vaults')}><input name="holdVaults" value=${form.vaults} onInput=${set('vaults')}
          placeholder="vault-a, vault-b" /></${Field}>
        <${Field} label=${t('fromDate')}><input name="holdFrom" type="date" value=${form.from} onInput=${set('from')} />
          </${Field}>
        <${Field} label=${t('toDate')}><input name="holdTo" type="date" value=${form.to} onInput=${set('to')} />
          </${Field}>
        <div class="wide"><${ActionButton} type="submit" name="create-hold" permission=${can.create}>
          ${t('create')}</${ActionButton}></div>
      </form>
      <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />
    </${Section}>
    <${Section} title=${t('legalHolds')}>
      <${Loading} loaded=${holds}>${(data) => html`<${Table} rows=${data.LegalHolds} rowKey=${(h) => h.LegalHoldId}
        columns=${[
          { label: t('title'), key: 'Title' },
          { label: t('description'), key: 'Description' },
          { label: t('status'), render: (h) => html`<${StateBadge} state=${h.Status} />` },
          { label: t('created'), render: (h) => formatDate(h.CreationDate) },
          { label: '', render: (h) => (h.Status === 'ACTIVE' ? html`<${ActionButton} kind="secondary"
            name=${`release-${h.LegalHoldId}`} permission=${can.cancel} onClick=${() => release(h)}>
            ${t('cancelHold')}</${ActionButton}>` : '') },
        ]} />`}</${Loading}>
    </${Section}>`;
}
