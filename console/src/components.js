import { useEffect, useState, useCallback } from 'preact/hooks';
import { html } from './html.js';
import { api, currentSession } from './api.js';
import { t } from './i18n.js';

/** A server error, as the server wrote it: its AWS error type and message. */
export function ErrorBox({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    <strong class="error-type">${error.type || 'Error'}</strong>
    <span class="error-message">${error.message}</span>
  </div>`;
}

export function Notice({ text }) {
  return text ? html`<div class="notice" role="status">${text}</div>` : null;
}

/**
 * Loads {@code load()} when {@code deps} change; {@code reload} runs it again. Errors are kept to be shown, never
 * swallowed.
 */
export function useLoad(load, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const run = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    return load().then((data) => setState({ data, error: null, loading: false }),
      (error) => setState({ data: null, error, loading: false }));
  }, deps);
  useEffect(() => { run(); }, [run]);
  return { ...state, reload: run };
}

/** Polls {@code load()} every {@code intervalMs} while the page is shown. */
export function usePoll(load, intervalMs, deps = []) {
  const loaded = useLoad(load, deps);
  useEffect(() => {
    const timer = setInterval(() => loaded.reload(), intervalMs);
    return () => clearInterval(timer);
  }, [loaded.reload, intervalMs]);
  return loaded;
}

/**
 * Which of these actions the signed-in identity may take, asked of the server
 * ({@code POST /hokan/v1/permissions}): a map from each check's key to {Allowed, Reason}.
 */
export function usePermissions(checks) {
  const [results, setResults] = useState({});
  const key = JSON.stringify(checks);
  useEffect(() => {
    const list = Object.entries(checks);
    if (!list.length || !currentSession()) return;
    api.post('/hokan/v1/permissions', { Checks: list.map(([, check]) => check) })
      .then((answer) => setResults(Object.fromEntries(list.map(([name], i) => [name, answer.Results[i]]))),
        () => setResults({}));
  }, [key]);
  return results;
}

/**
 * A button for an action the identity may be refused: disabled, with the server's reason beside it, when the
 * server says it may not; the server refuses the call anyway.
 */
export function ActionButton({ permission, onClick, children, kind = 'primary', type = 'button', name }) {
  const refused = permission && permission.Allowed === false;
  return html`<span class="action">
    <button type=${type} class=${kind} disabled=${refused} title=${refused ? permission.Reason : ''}
      data-action=${name} onClick=${onClick}>${children}</button>
    ${refused && html`<span class="refusal">${t('refusedBecause')}${permission.Reason}</span>`}
  </span>`;
}

/** Runs an action, showing its error as the server wrote it or its success notice. */
export function useAction() {
  const [state, setState] = useState({ error: null, notice: null, busy: false });
  const run = async (action, notice) => {
    setState({ error: null, notice: null, busy: true });
    try {
      const result = await action();
      setState({ error: null, notice, busy: false });
      return result;
    } catch (error) {
      setState({ error, notice: null, busy: false });
      return undefined;
    }
  };
  return { ...state, run };
}

export function Field({ label, children }) {
  return html`<label class="field"><span>${label}</span>${children}</label>`;
}

export function Table({ columns, rows, empty, rowKey }) {
  if (!rows || rows.length === 0) return html`<p class="empty">${empty || t('none')}</p>`;
  return html`<table>
    <thead><tr>${columns.map((c) => html`<th>${c.label}</th>`)}</tr></thead>
    <tbody>${rows.map((row, i) => html`<tr key=${rowKey ? rowKey(row) : i}>
      ${columns.map((c) => html`<td class=${c.className || ''}>${c.render ? c.render(row) : row[c.key]}</td>`)}
    </tr>`)}</tbody>
  </table>`;
}

export function StateBadge({ state }) {
  return html`<span class=${`badge state-${(state || '').toLowerCase()}`}>${state}</span>`;
}

export function Section({ title, children, actions }) {
  return html`<section class="card"><header><h2>${title}</h2>${actions}</header>${children}</section>`;
}

export function Loading({ loaded, children }) {
  if (loaded.error) return html`<${ErrorBox} error=${loaded.error} />`;
  if (loaded.data === null) return html`<p class="loading">${t('loading')}</p>`;
  return children(loaded.data);
}
