import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, seg } from '../api.js';
import { t, lang, formatDate } from '../i18n.js';
import { ActionButton, ErrorBox, Field, Loading, Notice, Section, Table, useAction, useLoad,
  usePermissions } from '../components.js';
import { go, href } from '../router.js';
import { describeCron, nextFirings } from '../cron.js';
import { defaultRole, planArn } from '../arns.js';

/** The cron expression read for people, and its next five firings in the rule's time zone. */
export function CronReading({ expression, timeZone }) {
  let reading;
  let firings;
  try {
    reading = describeCron(expression, lang);
    firings = nextFirings(expression, timeZone || 'Etc/UTC');
  } catch {
    return html`<p class="muted">${t('cronUnreadable')}</p>`;
  }
  const format = new Intl.DateTimeFormat(lang, { timeZone: timeZone || 'Etc/UTC', dateStyle: 'full',
    timeStyle: 'short' });
  return html`<div class="cron">
    <p class="reading" data-testid="cron-reading">${reading} (${timeZone || 'Etc/UTC'})</p>
    <p class="muted">${t('nextFirings')}</p>
    <ol class="firings" data-testid="next-firings">${firings.map((d) => html`<li>${format.format(d)}</li>`)}</ol>
  </div>`;
}

export function Plans({ session }) {
  const plans = useLoad(() => api.get('/backup/plans/'));
  return html`<h1>${t('plans')}</h1>
    <${NewPlan} session=${session} />
    <${Section} title=${t('plans')}>
      <${Loading} loaded=${plans}>${(data) => html`<${Table} rows=${data.BackupPlansList}
        rowKey=${(p) => p.BackupPlanId} columns=${[
          { label: t('planName'), render: (p) => html`<a href=${href('plan', p.BackupPlanId)}>${p.BackupPlanName}</a>` },
          { label: t('created'), render: (p) => formatDate(p.CreationDate) },
        ]} />`}</${Loading}>
    </${Section}>`;
}

/** A plan from one of the tier templates, its rule's settings changed as the operator wants them. */
function NewPlan({ session }) {
  const templates = useLoad(() => api.get('/backup/template/plans'));
  const vaults = useLoad(() => api.get('/backup-vaults/'));
  const [form, setForm] = useState(null);
  const action = useAction();
  const can = usePermissions({ create: { Action: 'backup:CreateBackupPlan', Resource: '*' } });
  const choose = (id) => action.run(async () => {
    if (!id) return setForm(null);
    const document = (await api.get(`/backup/template/plans/${seg(id)}/toPlan`)).BackupPlanDocument;
    const rule = document.Rules[0];
    return setForm({ template: id, document, planName: document.BackupPlanName, ruleName: rule.RuleName,
      vault: rule.TargetBackupVaultName, schedule: rule.ScheduleExpression,
      timezone: rule.ScheduleExpressionTimezone || 'Etc/UTC', startWindow: rule.StartWindowMinutes ?? '',
      completionWindow: rule.CompletionWindowMinutes ?? '', deleteAfter: rule.Lifecycle?.DeleteAfterDays ?? '',
      coldAfter: rule.Lifecycle?.MoveToColdStorageAfterDays ?? '' });
  });
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  const number = (v) => (v === '' ? undefined : Number(v));
  const create = (e) => {
    e.preventDefault();
    const templateRule = form.document.Rules[0];
    const lifecycle = {};
    if (form.deleteAfter !== '') lifecycle.DeleteAfterDays = Number(form.deleteAfter);
    if (form.coldAfter !== '') lifecycle.MoveToColdStorageAfterDays = Number(form.coldAfter);
    action.run(async () => {
      const created = await api.put('/backup/plans/', { BackupPlan: { BackupPlanName: form.planName, Rules: [{
        RuleName: form.ruleName, TargetBackupVaultName: form.vault, ScheduleExpression: form.schedule,
        ScheduleExpressionTimezone: form.timezone, StartWindowMinutes: number(form.startWindow),
        CompletionWindowMinutes: number(form.completionWindow), Lifecycle: lifecycle,
        RecoveryPointTags: templateRule.RecoveryPointTags }] } });
      go('plan', created.BackupPlanId);
    });
  };
  return html`<${Section} title=${t('newPlan')}>
    <${Loading} loaded=${templates}>${(data) => html`
      <${Field} label=${t('template')}><select name="template" onChange=${(e) => choose(e.target.value)}>
        <option value="">—</option>
        ${data.BackupPlanTemplatesList.map((tpl) => html`<option value=${tpl.BackupPlanTemplateId}>
          ${tpl.BackupPlanTemplateName}</option>`)}</select></${Field}>`}</${Loading}>
    ${form && html`<form onSubmit=${create} class="grid">
      <${Field} label=${t('planName')}><input name="planName" value=${form.planName} onInput=${set('planName')}
        required /></${Field}>
      <${Field} label=${t('ruleName')}><input name="ruleName" value=${form.ruleName} onInput=${set('ruleName')}
        required /></${Field}>
      <${Field} label=${t('vault')}><select name="ruleVault" value=${form.vault} onChange=${set('vault')}>
        ${(vaults.data?.BackupVaultList || []).map((v) => html`<option value=${v.BackupVaultName}>
          ${v.BackupVaultName}</option>`)}
        ${!(vaults.data?.BackupVaultList || []).some((v) => v.BackupVaultName === form.vault)
          && html`<option value=${form.vault}>${form.vault}</option>`}</select></${Field}>
      <${Field} label=${t('schedule')}><input name="schedule" value=${form.schedule} onInput=${set('schedule')}
        required /></${Field}>
      <${Field} label=${t('timezone')}><input name="timezone" value=${form.timezone} onInput=${set('timezone')} />
        </${Field}>
      <${Field} label=${t('startWindow')}><input name="startWindow" type="number" value=${form.startWindow}
        onInput=${set('startWindow')} /></${Field}>
      <${Field} label=${t('completionWindow')}><input name="completionWindow" type="number"
        value=${form.completionWindow} onInput=${set('completionWindow')} /></${Field}>
      <${Field} label=${t('moveToColdAfterDays')}><input name="coldAfterDays" type="number" value=${form.coldAfter}
        onInput=${set('coldAfter')} /></${Field}>
      <${Field} label=${t('deleteAfterDays')}><input name="deleteAfterDays" type="number" value=${form.deleteAfter}
        onInput=${set('deleteAfter')} /></${Field}>
      <div class="wide"><${CronReading} expression=${form.schedule} timeZone=${form.timezone} /></div>
      <div class="wide"><${ActionButton} type="submit" name="create-plan" permission=${can.create}>${t('create')}
        </${ActionButton}></div>
    </form>`}
    <${ErrorBox} error=${action.error} />
  </${Section}>`;
}

export function Plan({ params: [id], session }) {
  const plan = useLoad(() => api.get(`/backup/plans/${seg(id)}/`), [id]);
  const selections = useLoad(async () => {
    const list = (await api.get(`/backup/plans/${seg(id)}/selections/`)).BackupSelectionsList || [];
    return Promise.all(list.map(async (s) => ({ ...s, detail: (await api.get(
      `/backup/plans/${seg(id)}/selections/${seg(s.SelectionId)}`)).BackupSelection })));
  }, [id]);
  return html`<${Loading} loaded=${plan}>${(data) => html`
    <h1>${t('plan')}: ${data.BackupPlan.BackupPlanName}</h1>
    <${Section} title=${t('rules')}>
      ${data.BackupPlan.Rules.map((rule) => html`<div class="rule" data-rule=${rule.RuleName}>
        <h3>${rule.RuleName}</h3>
        <dl class="facts">
          <dt>${t('schedule')}</dt><dd><code>${rule.ScheduleExpression}</code></dd>
          <dt>${t('vault')}</dt><dd><a href=${href('vault', rule.TargetBackupVaultName)}>
            ${rule.TargetBackupVaultName}</a></dd>
          <dt>${t('startWindow')}</dt><dd>${rule.StartWindowMinutes}</dd>
          <dt>${t('completionWindow')}</dt><dd>${rule.CompletionWindowMinutes}</dd>
          <dt>${t('deleteAfterDays')}</dt><dd>${rule.Lifecycle?.DeleteAfterDays ?? '—'}</dd>
        </dl>
        <${CronReading} expression=${rule.ScheduleExpression} timeZone=${rule.ScheduleExpressionTimezone} />
      </div>`)}
    </${Section}>
    <${Section} title=${t('selections')}>
      <${Loading} loaded=${selections}>${(list) => html`<${Table} rows=${list} columns=${[
        { label: t('selectionName'), key: 'SelectionName' },
        { label: t('tagKey'), render: (s) => (s.detail.ListOfTags || []).map((tag) => html`<code>
          ${tag.ConditionKey} = ${tag.ConditionValue}</code> `) },
        { label: t('iamRole'), key: 'IamRoleArn' },
      ]} />`}</${Loading}>
      <${NewSelection} planId=${id} session=${session} reload=${selections.reload} />
    </${Section}>`}</${Loading}>`;
}

function NewSelection({ planId, session, reload }) {
  const [form, setForm] = useState({ name: '', role: defaultRole(session), key: '', value: '' });
  const action = useAction();
  const can = usePermissions({ create: { Action: 'backup:CreateBackupSelection', Resource: planArn(session, planId) } });
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });
  const create = (e) => {
    e.preventDefault();
    action.run(async () => {
      await api.put(`/backup/plans/${seg(planId)}/selections/`, { BackupSelection: { SelectionName: form.name,
        IamRoleArn: form.role, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: form.key,
          ConditionValue: form.value }] } });
      reload();
    }, t('saved'));
  };
  return html`<h3>${t('newSelection')}</h3>
    <form class="grid" onSubmit=${create}>
      <${Field} label=${t('selectionName')}><input name="selectionName" value=${form.name} onInput=${set('name')}
        required /></${Field}>
      <${Field} label=${t('iamRole')}><input name="iamRole" value=${form.role} onInput=${set('role')} required />
        </${Field}>
      <${Field} label=${t('tagKey')}><input name="tagKey" value=${form.key} onInput=${set('key')} required /></${Field}>
      <${Field} label=${t('tagValue')}><input name="tagValue" value=${form.value} onInput=${set('value')} required />
        </${Field}>
      <div class="wide"><${ActionButton} type="submit" name="create-selection" permission=${can.create}>
        ${t('create')}</${ActionButton}></div>
    </form>
    <${ErrorBox} error=${action.error} /><${Notice} text=${action.notice} />`;
}
