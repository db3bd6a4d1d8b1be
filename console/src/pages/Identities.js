import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, seg } from '../api.js';
import { t, formatDate } from '../i18n.js';
import { ActionButton, ErrorBox, Field, Loading, Notice, Section, Table, useAction, useLoad,
  usePermissions } from '../components.js';

/** Accounts (the operator's) and the users and roles of the signed-in account, for administrators. */
export function Identities({ session }) {
  const account = session.AccountId;
  const root = `arn:aws:iam::${account}:root`;
  const can = usePermissions({
    accounts: { Action: 'organizations:ListAccounts', Resource: '*' },
    list: { Action: 'iam:ListPrincipals', Resource: root },
    createUser: { Action: 'iam:CreateUser', Resource: root },
  });
  const principals = useLoad(() => api.get(`/hokan/v1/admin/accounts/${account}/principals`), [account]);
  return html`<h1>${t('identities')}</h1>
    ${can.accounts?.Allowed && html`<${Accounts} />`}
    <${Section} title=${t('principals')}>
      <${Loading} loaded=${principals}>${(data) => html`<${Table} rows=${data.Principals} rowKey=${(p) => p.Arn}
        columns=${[
          { label: 'ARN', render: (p) => html`<code>${p.Arn}</code>` },
          { label: t('type'), key: 'Type' },
          { label: t('created'), render: (p) => formatDate(p.CreationDate) },
        ]} />`}</${Loading}>
      <${NewUser} account=${account} permission=${can.createUser} reload=${principals.reload} />
      <${ConsolePassword} principals=${principals.data?.Principals || []} />
      <${InlinePolicy} principals=${principals.data?.Principals || []} />
    </${Section}>`;
}

function Accounts() {
  const accounts = useLoad(() => api.get('/hokan/v1/admin/accounts'));
  return html`<${Section} title=${t('accounts')}>
    <${Loading} loaded=${accounts}>${(data) => html`<${Table} rows=${data.Accounts} rowKey=${(a) => a.AccountId}
      columns=${[
        { label: t('accountId'), key: 'AccountId' },
        { label: t('name'), key: 'AccountName' },
        { label: t('created'), render: (a) => formatDate(a.CreationDate) },
      ]} />`}</${Loading}>
  </${Section}>`;
}

function NewUser({ account, permission, reload }) {
  const [name, setName] = useState('');
  const action = useAction();
  const create = (e) => {
    e.preventDefault();
    action.run(async () => {
      await api.post(`/hokan/v1/admin/accounts/${account}/users`, { UserName: name });
      setName('');
      reload();
    }, t('saved'));
  };
  return html`<h3>${t('newUser')}</h3>
    <form class="inline" onSubmit=${create}>
      <${Field} label=${t('userName')}><input name="newUserName" value=${name} onInput=${(e) => setName(e.target.value)}
        required /></${Field}>
      <${ActionButton} type="submit" name="create-user" permission=${permission}>${t('create')}</${ActionButton}>
    </form>
    <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />`;
}

function PrincipalSelect({ principals, value, onChange, name }) {
  return html`<select name=${name} value=${value} onChange=${(e) => onChange(e.target.value)} required>
    <option value="">—</option>
    ${principals.filter((p) => p.Type !== 'ROLE' || name !== 'passwordPrincipal').map((p) => html`
      <option value=${p.Arn}>${p.Arn}</option>`)}</select>`;
}

function ConsolePassword({ principals }) {
  const [form, setForm] = useState({ principal: '', password: '' });
  const action = useAction();
  const save = (e) => {
    e.preventDefault();
    action.run(async () => {
      await api.post(`/hokan/v1/admin/principals/${seg(form.principal)}/console-password`,
        { Password: form.password });
      setForm({ ...form, password: '' });
    }, t('saved'));
  };
  return html`<h3>${t('setPassword')}</h3>
    <form class="inline" onSubmit=${save}>
      <${Field} label="ARN"><${PrincipalSelect} name="passwordPrincipal" principals=${principals}
        value=${form.principal} onChange=${(v) => setForm({ ...form, principal: v })} /></${Field}>
      <${Field} label=${t('password')}><input name="newPassword" type="password" value=${form.password}
        onInput=${(e) => setForm({ ...form, password: e.target.value })} autocomplete="new-password" required />
        </${Field}>
      <button type="submit" class="primary" data-action="set-password">${t('save')}</button>
    </form>
    <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />`;
}

function InlinePolicy({ principals }) {
  const [form, setForm] = useState({ principal: '', name: '', document: '' });
  const action = useAction();
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  const save = (e) => {
    e.preventDefault();
    action.run(() => api.put(`/hokan/v1/admin/principals/${seg(form.principal)}/policies/${seg(form.name)}`,
      { PolicyDocument: form.document }), t('saved'));
  };
  return html`<h3>${t('putPolicy')}</h3>
    <form onSubmit=${save}>
      <div class="inline">
        <${Field} label="ARN"><${PrincipalSelect} name="policyPrincipal" principals=${principals}
          value=${form.principal} onChange=${(v) => setForm({ ...form, principal: v })} /></${Field}>
        <${Field} label=${t('policyName')}><input name="policyName" value=${form.name} onInput=${set('name')}
          required /></${Field}>
      </div>
      <${Field} label=${t('policyDocument')}><textarea name="policyDocument" rows="6" value=${form.document}
        onInput=${set('document')} required></textarea></${Field}>
      <button type="submit" class="primary" data-action="put-policy">${t('save')}</button>
    </form>
    <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />`;
}
