import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { t, formatDate } from '../i18n.js';
import { ErrorBox, Field, Section, Table } from '../components.js';

const toEpoch = (value) => (value ? Math.floor(new Date(value).getTime() / 1000) : undefined);

/** The event log, oldest first as the server keeps it, looked up by type, actor, resource and time. */
export function Events() {
  const [filter, setFilter] = useState({ type: '', actor: '', resourceArn: '', after: '', before: '' });
  const [page, setPage] = useState({ events: [], next: null, error: null });
  const load = async (token, kept = []) => {
    try {
      const answer = await api.get(`/hokan/v1/events${query({ type: filter.type, actor: filter.actor,
        resourceArn: filter.resourceArn, after: toEpoch(filter.after), before: toEpoch(filter.before),
        maxResults: 100, nextToken: token })}`);
      setPage({ events: [...kept, ...answer.Events], next: answer.NextToken || null, error: null });
    } catch (error) {
      setPage({ events: kept, next: null, error });
    }
  };
  useEffect(() => { load(); }, []);
  const set = (key) => (e) => setFilter({ ...filter, [key]: e.target.value });
  const apply = (e) => {
    e.preventDefault();
    load();
  };
  return html`<h1>${t('events')}</h1>
    <${Section} title=${t('filter')}>
      <form class="grid" onSubmit=${apply}>
        <${Field} label=${t('eventType')}><input name="eventType" value=${filter.type} onInput=${set('type')}
          placeholder="BackupJobCompleted" /></${Field}>
        <${Field} label=${t('actor')}><input name="actor" value=${filter.actor} onInput=${set('actor')} /></${Field}>
        <${Field} label=${t('resource')}><input name="resourceArn" value=${filter.resourceArn}
          onInput=${set('resourceArn')} /></${Field}>
        <${Field} label=${t('fromDate')}><input name="after" type="datetime-local" value=${filter.after}
          onInput=${set('after')} /></${Field}>
        <${Field} label=${t('toDate')}><input name="before" type="datetime-local" value=${filter.before}
          onInput=${set('before')} /></${Field}>
        <div class="wide"><button type="submit" class="primary" data-action="filter-events">${t('filter')}</button></div>
      </form>
    </${Section}>
    <${Section} title=${t('events')}>
      <${ErrorBox} error=${page.error} />
      <${Table} rows=${page.events} rowKey=${(e) => e.EventId} columns=${[
        { label: t('time'), render: (e) => formatDate(e.EventTime) },
        { label: t('eventType'), render: (e) => html`<code>${e.EventType}</code>` },
        { label: t('resource'), render: (e) => html`<span class="arn">${e.ResourceArn}</span>` },
        { label: t('actor'), render: (e) => html`<span class="arn">${e.Actor}</span>` },
        { label: t('message'), key: 'Message' },
      ]} />
      ${page.next && html`<button class="secondary" onClick=${() => load(page.next, page.events)}>${t('older')}
        </button>`}
    </${Section}>`;
}
