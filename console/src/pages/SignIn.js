import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { signIn } from '../api.js';
import { t } from '../i18n.js';
import { ErrorBox, Field, Notice } from '../components.js';

export function SignIn({ ended }) {
  const [form, setForm] = useState({ accountId: '', userName: '', password: '' });
  const [error, setError] = useState(null);
  const set = (name) => (e) => setForm({ ...form, [name]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await signIn(form.accountId.trim(), form.userName.trim(), form.password);
    } catch (failure) {
      setError(failure);
    }
  };
  return html`<div class="sign-in">
    <form class="card" onSubmit=${submit}>
      <h1>保管 Hokan</h1>
      ${ended && html`<${Notice} text=${t('sessionExpired')} />`}
      <${Field} label=${t('accountId')}><input name="accountId" value=${form.accountId} onInput=${set('accountId')}
        autocomplete="username" required /></${Field}>
      <${Field} label=${t('userName')}><input name="userName" value=${form.userName} onInput=${set('userName')}
        placeholder=${t('userNameHint')} /></${Field}>
      <${Field} label=${t('password')}><input name="password" type="password" value=${form.password}
        onInput=${set('password')} autocomplete="current-password" required /></${Field}>
      <${ErrorBox} error=${error} />
      <button type="submit" class="primary">${t('signIn')}</button>
    </form>
  </div>`;
}
