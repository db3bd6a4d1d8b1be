// The console in a real browser: Debian's Chromium driven by playwright-core against servers this script starts
// with ./hokan (which builds and serves the console). Screenshots of each page, at 1280x800, go to test-output/.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(consoleDir, '..');
const output = path.join(consoleDir, 'test-output');
const work = mkdtempSync(path.join(tmpdir(), 'hokan-console-test-'));
const ACCOUNT = '000000000000';
const servers = [];
let shot = 0;

rmSync(output, { recursive: true, force: true });
mkdirSync(output, { recursive: true });

function fail(message) {
  throw new Error(message);
}

/** A server on a free port with a fresh data directory: its endpoint, root keys and root console password. */
async function startServer(name, ...options) {
  const data = path.join(work, name);
  const server = spawn(path.join(root, 'hokan'), ['server', '--data-dir', data, '--port', '0', ...options],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(server);
  let out = '';
  let err = '';
  server.stderr.on('data', (chunk) => { err += chunk; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}\n${err}`)), 180_000);
    server.on('exit', (code) => reject(new Error(`${name} exited (${code}):\n${out}\n${err}`)));
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const listening = /Hokan is listening on (\S+) /.exec(out);
      if (!listening) return;
      clearTimeout(timer);
      const keys = /export AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out);
      const password = / and the password (\S+) \(shown only this once/.exec(out);
      resolve({ endpoint: listening[1], accessKey: keys[1], secretKey: keys[2], password: password[1], data });
    });
  });
}

/** A request signed with the root keys, as the README does it with curl. */
function signed(server, method, pathAndQuery, body) {
  return JSON.parse(execFileSync('curl', ['-sS', '--fail-with-body', '--aws-sigv4', 'aws:amz:us-east-1:backup',
    '--user', `${server.accessKey}:${server.secretKey}`, '-H', 'Content-Type: application/json', '-X', method,
    `${server.endpoint}${pathAndQuery}`, ...(body ? ['-d', JSON.stringify(body)] : [])]).toString() || '{}');
}

async function screenshot(page, name, fullPage = false) {
  shot += 1;
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: path.join(output, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage });
}

let current;

async function step(name, action) {
  const started = Date.now();
  try {
    await action();
  } catch (error) {
    console.log(`  FAILED  ${name}`);
    await current?.screenshot({ path: path.join(output, 'failure.png') }).catch(() => {});
    throw error;
  }
  console.log(`  ok  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function signIn(page, server, userName, password) {
  await page.goto(`${server.endpoint}/console/`);
  await page.fill('input[name=accountId]', ACCOUNT);
  await page.fill('input[name=userName]', userName);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=identity]');
}

async function nav(page, name) {
  await page.click(`a[data-nav=${name}]`);
  await page.waitForLoadState('networkidle');
}

/** An on-demand backup through the API, waited for until it completed. */
async function backUp(server, vault, resourceArn) {
  const { BackupJobId } = signed(server, 'PUT', '/backup-jobs', { BackupVaultName: vault, ResourceArn: resourceArn,
    IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/hokan-backup` });
  for (let tries = 0; tries < 600; tries += 1) {
    const job = signed(server, 'GET', `/backup-jobs/${BackupJobId}`);
    if (job.State === 'COMPLETED') return;
    if (['FAILED', 'ABORTED', 'EXPIRED'].includes(job.State)) fail(`backup ${BackupJobId}: ${JSON.stringify(job)}`);
    await new Promise((resolve) => { setTimeout(resolve, 200); });
  }
  fail(`backup ${BackupJobId} did not complete`);
}

async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}

const browser = await chromium.launch({
  executablePath: process.env.HOKAN_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});

try {
  const hokan = await startServer('main');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  current = page;
  page.on('dialog', (dialog) => dialog.accept('case closed'));

  await step('a wrong password is refused with the server\'s error', async () => {
    await page.goto(`${hokan.endpoint}/console/`);
    await page.fill('input[name=accountId]', ACCOUNT);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expectText(page.locator('.error'), 'AccessDeniedException');
    await screenshot(page, 'sign-in-refused');
  });

  await step('the root user signs in', async () => {
    await signIn(page, hokan, '', hokan.password);
    await expectText(page.locator('[data-testid=identity]'), `arn:aws:iam::${ACCOUNT}:root`);
  });

  const source = path.join(work, 'ec2-instance');
  mkdirSync(source);
  writeFileSync(path.join(source, 'index.html'), '<h1>hello from the console test</h1>');
  // a log kept twice: the dashboard shows what deduplication and compression saved of it
  const log = Array.from({ length: 20_000 }, (_, i) => `${i} GET /index.html 200 ${(i * 7919) % 10007}\n`).join('');
  writeFileSync(path.join(source, 'access.log'), log);
  writeFileSync(path.join(source, 'access.log.1'), log);
  signed(hokan, 'POST', '/hokan/v1/resources', { ResourceType: 'Directory', ResourceName: 'web-server',
    Path: source, Tags: { AWSBackup: 'EC2' } });

  await step('seed 004: the vault EC2', async () => {
    await nav(page, 'vaults');
    await page.fill('input[name=vaultName]', 'EC2');
    await page.click('button[data-action=create-vault]');
    await expectText(page.locator('table a'), 'EC2');
    await page.fill('input[name=vaultName]', 'EC2-copies');
    await page.click('button[data-action=create-vault]');
    await expectText(page.locator('table a'), 'EC2-copies');
    await screenshot(page, 'vaults');
  });

  await step('seed 004: the plan EC2 with its cron rule, window and tag selection', async () => {
    await nav(page, 'plans');
    await page.selectOption('select[name=template]', 'operational');
    await page.waitForSelector('input[name=planName]');
    await page.fill('input[name=planName]', 'EC2');
    await page.fill('input[name=ruleName]', 'EC2');
    await page.selectOption('select[name=ruleVault]', 'EC2');
    await page.fill('input[name=schedule]', 'cron(0 21 * * ? *)');
    await page.fill('input[name=timezone]', 'Etc/UTC');
    await page.fill('input[name=startWindow]', '60');
    await page.fill('input[name=coldAfterDays]', '');
    await page.fill('input[name=deleteAfterDays]', '30');
    await expectText(page.locator('[data-testid=cron-reading]'), 'at 21:00 every day');
    await screenshot(page, 'plan-from-template');
    await page.click('button[data-action=create-plan]');
    await page.waitForURL(/#\/plan\//);
    await expectText(page.locator('[data-testid=cron-reading]'), 'at 21:00 every day (Etc/UTC)');
    const firings = await page.locator('[data-testid=next-firings] li').count();
    if (firings !== 5) fail(`five next firings expected, saw ${firings}`);
    await page.fill('input[name=selectionName]', 'Tag-AWSBackup-EC2');
    await page.fill('input[name=tagKey]', 'AWSBackup');
    await page.fill('input[name=tagValue]', 'EC2');
    await page.click('button[data-action=create-selection]');
    await expectText(page.locator('table td'), 'Tag-AWSBackup-EC2');
    await screenshot(page, 'plan');
    const plan = signed(hokan, 'GET', `/backup/plans/${page.url().split('/').pop()}/`).BackupPlan;
    const rule = plan.Rules[0];
    if (plan.BackupPlanName !== 'EC2' || rule.ScheduleExpression !== 'cron(0 21 * * ? *)'
      || rule.StartWindowMinutes !== 60 || rule.Lifecycle.DeleteAfterDays !== 30
      || rule.TargetBackupVaultName !== 'EC2') {
      fail(`the plan is not seed 004's: ${JSON.stringify(plan)}`);
    }
  });

  let pointUrl;
  await step('an on-demand backup watched to COMPLETED', async () => {
    await nav(page, 'jobs');
    await page.selectOption('select[name=resource]', `arn:aws:hokan:us-east-1:${ACCOUNT}:directory/web-server`);
    await page.selectOption('select[name=vault]', 'EC2');
    await page.click('button[data-action=start-backup]');
    await page.waitForURL(/#\/jobs\/backup\//);
    const jobId = decodeURIComponent(page.url().split('/').pop());
    await page.waitForSelector(`[data-job-state="${jobId}"] .state-completed`, { timeout: 120_000 });
    await screenshot(page, 'jobs');
    await page.click(`tr:has([data-job-id="${jobId}"]) a`);
    await page.waitForURL(/#\/point\//);
    pointUrl = page.url();
  });

  await step('a restore through the wizard', async () => {
    const target = path.join(work, 'restored');
    await page.waitForSelector('input[name=meta-TargetPath]');
    await page.fill('input[name=meta-TargetPath]', target);
    await screenshot(page, 'recovery-point');
    await page.click('button[data-action=start-restore]');
    await page.waitForURL(/#\/jobs\/restore\//);
    const jobId = decodeURIComponent(page.url().split('/').pop());
    await page.waitForSelector(`[data-job-state="${jobId}"] .state-completed`, { timeout: 120_000 });
    const restored = readFileSync(path.join(target, 'index.html'), 'utf8');
    if (!restored.includes('hello from the console test')) fail(`restored: ${restored}`);
  });

  await step('a copy to another vault', async () => {
    await page.goto(pointUrl);
    await page.selectOption('select[name=copyTo]', 'EC2-copies');
    await page.click('button[data-action=start-copy]');
    await page.waitForURL(/#\/jobs\/copy\//);
    const jobId = decodeURIComponent(page.url().split('/').pop());
    await page.waitForSelector(`[data-job-state="${jobId}"] .state-completed`, { timeout: 120_000 });
  });

  await step('a legal hold blocks the deletion with AWS\'s message', async () => {
    await nav(page, 'holds');
    await page.fill('input[name=holdTitle]', 'audit-2026');
    await page.fill('input[name=holdDescription]', 'Keep the EC2 backups for the audit');
    await page.fill('input[name=holdVaults]', 'EC2');
    await page.click('button[data-action=create-hold]');
    await expectText(page.locator('table td'), 'audit-2026');
    for (let i = 0; i < 60 && !(await page.locator('.state-active').count()); i += 1) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.waitForSelector('table');
    }
    await screenshot(page, 'legal-holds');
    await page.goto(pointUrl);
    await expectText(page.locator('table td'), 'audit-2026');
    await page.click('button[data-action=delete-point]');
    await expectText(page.locator('.error'), 'legal hold');
    const error = await page.locator('.error').first().innerText();
    if (!/InvalidRequestException|InvalidResourceStateException/.test(error)) fail(`unexpected error: ${error}`);
    await screenshot(page, 'deletion-blocked-by-hold');
  });

  await step('a governance lock on the vault', async () => {
    await page.goto(`${hokan.endpoint}/console/#/vault/EC2`);
    await page.fill('input[name=minRetention]', '1');
    await page.fill('input[name=maxRetention]', '3650');
    await page.click('button[data-action=set-lock]');
    await page.waitForSelector('[data-testid=lock-state][data-locked=true]');
    await screenshot(page, 'vault');
    if (!signed(hokan, 'GET', '/backup-vaults/EC2').Locked) fail('the vault is not locked');
  });

  await step('the dashboard and the event log', async () => {
    await nav(page, 'dashboard');
    await page.waitForSelector('[data-tile=backupJobs] .state-completed');
    await expectText(page.locator('td'), 'web-server');
    const storage = signed(hokan, 'GET', '/hokan/v1/backup-vaults/EC2/storage');
    if (!(storage.StoredBytes > 0 && storage.StoredBytes < storage.DeduplicatedBytes / 2
      && storage.DeduplicatedBytes < storage.BackupSizeInBytes * 0.6 && storage.NumberOfRecoveryPoints >= 1)) {
      fail(`the vault's storage: ${JSON.stringify(storage)}`);
    }
    const row = page.locator('tr', { has: page.locator('.bar.stacked[data-vault=EC2]') });
    await row.locator('[data-saving=dedup]').waitFor();
    await row.locator('[data-saving=compression]').waitFor();
    await expectText(page.locator('h2'), 'Stored bytes per day');
    for (const kind of ['backupJobs', 'restoreJobs', 'copyJobs']) {
      await page.waitForSelector(`[data-chart=job-durations] rect[data-bar=${kind}]`);
    }
    await screenshot(page, 'dashboard', true);
    await nav(page, 'events');
    await page.fill('input[name=eventType]', 'BackupJobCompleted');
    await page.click('button[data-action=filter-events]');
    await expectText(page.locator('td code'), 'BackupJobCompleted');
    await screenshot(page, 'events');
  });

  await step('a CSRF attempt is refused', async () => {
    const [status, body] = await page.evaluate(async () => {
      const response = await fetch('/backup-vaults/forged', { method: 'PUT', body: '{}',
        headers: { 'Content-Type': 'application/json' } });
      return [response.status, await response.text()];
    });
    if (status !== 403 || !body.includes('CSRF token')) fail(`a request without the token: ${status} ${body}`);
    // another site's page posting a form to the server: the browser sends no SameSite=Strict cookie with it
    const attacker = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<form method="POST" enctype="text/plain" action="${hokan.endpoint}/legal-holds/">
        <input name='{"Title":"forged","Description":"x","Pad":"' value='"}'></form>
        <script>document.forms[0].submit()</script>`);
    });
    await new Promise((resolve) => attacker.listen(0, 'localhost', resolve));
    const other = await context.newPage();
    await other.goto(`http://localhost:${attacker.address().port}/`);
    await other.waitForLoadState('networkidle');
    const text = await other.locator('body').innerText();
    await other.close();
    attacker.close();
    if (!/MissingAuthenticationToken|Missing Authentication Token/.test(text)) fail(`the forged post: ${text}`);
    const holds = signed(hokan, 'GET', '/legal-holds/').LegalHolds.map((h) => h.Title);
    if (holds.includes('forged')) fail('the forged legal hold was created');
    if (signed(hokan, 'GET', '/backup-vaults/').BackupVaultList.some((v) => v.BackupVaultName === 'forged')) {
      fail('the forged vault was created');
    }
  });

  await step('an administrator makes a user who may only look', async () => {
    await nav(page, 'identities');
    await page.fill('input[name=newUserName]', 'viewer');
    await page.click('button[data-action=create-user]');
    await expectText(page.locator('td code'), `arn:aws:iam::${ACCOUNT}:user/viewer`);
    const viewer = `arn:aws:iam::${ACCOUNT}:user/viewer`;
    await page.selectOption('select[name=passwordPrincipal]', viewer);
    await page.fill('input[name=newPassword]', 'viewer-password');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/console-password') && r.ok()),
      page.click('button[data-action=set-password]')]);
    await page.selectOption('select[name=policyPrincipal]', viewer);
    await page.fill('input[name=policyName]', 'look-only');
    await page.fill('textarea[name=policyDocument]', JSON.stringify({ Version: '2012-10-17', Statement: [{
      Effect: 'Allow', Action: ['backup:List*', 'backup:Describe*', 'backup:Get*'], Resource: '*' }] }));
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/policies/look-only') && r.ok()),
      page.click('button[data-action=put-policy]')]);
    await screenshot(page, 'identities');
  });

  await step('sign out, and the user without rights sees refusals', async () => {
    await page.click('button[data-action=sign-out]');
    await page.waitForSelector('input[name=password]');
    await signIn(page, hokan, 'viewer', 'viewer-password');
    await page.goto(pointUrl);
    const remove = page.locator('button[data-action=delete-point]');
    await page.waitForFunction(() => document.querySelector('button[data-action=delete-point]')?.disabled);
    const reason = await remove.getAttribute('title');
    if (!reason.includes('is not authorized to perform: backup:DeleteRecoveryPoint')) fail(`reason: ${reason}`);
    await expectText(page.locator('.refusal'), 'backup:DeleteRecoveryPoint');
    await screenshot(page, 'refused-for-viewer');
    await remove.evaluate((button) => { button.disabled = false; });
    await remove.click();
    await expectText(page.locator('.error'), 'AccessDeniedException');
    await expectText(page.locator('.error'), 'is not authorized to perform: backup:DeleteRecoveryPoint');
    await nav(page, 'vaults');
    await page.waitForFunction(() => document.querySelector('button[data-action=create-vault]')?.disabled);
  });

  await step('Japanese follows the browser\'s language', async () => {
    const ja = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
    const jaPage = await ja.newPage();
    await signIn(jaPage, hokan, '', hokan.password);
    await expectText(jaPage.locator('a[data-nav=vaults]'), 'バックアップボールト');
    await jaPage.goto(`${hokan.endpoint}/console/#/plans`);
    await jaPage.click('a[href^="#/plan/"]');
    await expectText(jaPage.locator('[data-testid=cron-reading]'), '毎日 21:00 に実行');
    await screenshot(jaPage, 'plan-ja');
    await ja.close();
  });

  await step('the dashboard draws the stored bytes the server recorded day by day', async () => {
    const recorded = await startServer('storage-history', '--clock', 'manual');
    const growing = path.join(work, 'growing');
    mkdirSync(growing);
    const { ResourceArn } = signed(recorded, 'POST', '/hokan/v1/resources', { ResourceType: 'Directory',
      ResourceName: 'growing', Path: growing });
    const vaults = ['daily', 'weekly'];
    vaults.forEach((vault) => signed(recorded, 'PUT', `/backup-vaults/${vault}`, {}));
    for (let day = 0; day < 4; day += 1) {
      writeFileSync(path.join(growing, `day-${day}.log`), Array.from({ length: 20_000 },
        (_, i) => `${day} ${i} GET /item/${(i * 7919 + day * 31) % 10007} 200\n`).join(''));
      for (const vault of day % 2 === 0 ? vaults : ['daily']) await backUp(recorded, vault, ResourceArn);
      signed(recorded, 'POST', '/hokan/v1/clock', { AdvanceSeconds: 86_400 });
    }
    const history = Object.fromEntries(vaults.map((vault) => [vault,
      signed(recorded, 'GET', `/hokan/v1/backup-vaults/${vault}/storage/history?Days=30`).Days]));
    if (new Set(history.daily.map((day) => day.StoredBytes)).size < 4) {
      fail(`the daily vault's recorded days: ${JSON.stringify(history.daily)}`);
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const historyPage = await context.newPage();
    current = historyPage;
    await signIn(historyPage, recorded, '', recorded.password);
    await nav(historyPage, 'dashboard');
    await historyPage.waitForSelector('[data-chart=stored-bytes] rect');
    for (const vault of vaults) {
      const drawn = await historyPage.locator(`[data-chart=stored-bytes] rect[data-series=${vault}]`).evaluateAll(
        (rects) => rects.map((rect) => `${rect.dataset.label} ${rect.dataset.value}`));
      const days = history[vault].filter((day) => day.StoredBytes > 0).map((day) => `${day.Date} ${day.StoredBytes}`);
      if (JSON.stringify(drawn) !== JSON.stringify(days)) fail(`${vault}: drawn ${drawn}, recorded ${days}`);
    }
    await screenshot(historyPage, 'storage-history', true);
    await context.close();
    current = page;
  });

  await step('a session that sits idle expires', async () => {
    const short = await startServer('short-sessions', '--console-idle-seconds', '3');
    const idle = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const idlePage = await idle.newPage();
    current = idlePage;
    await signIn(idlePage, short, '', short.password);
    // every request renews the session: it sits idle once the dashboard has loaded
    await idlePage.waitForLoadState('networkidle');
    await idlePage.waitForTimeout(4_500);
    await nav(idlePage, 'vaults');
    await idlePage.waitForSelector('input[name=password]');
    await expectText(idlePage.locator('.notice'), 'Your session ended');
    await screenshot(idlePage, 'session-expired');
    await idle.close();
  });

  console.log(`console-test: every step passed; screenshots in ${output}`);
} finally {
  await browser.close();
  servers.forEach((server) => server.kill());
  rmSync(work, { recursive: true, force: true });
}
