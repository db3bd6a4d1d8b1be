// English and Japanese, following the browser's language.

const en = {
  signIn: 'Sign in', signOut: 'Sign out', accountId: 'Account ID', userName: 'IAM user name',
  userNameHint: 'empty for the root user', password: 'Password', sessionExpired: 'Your session ended: sign in again.',
  dashboard: 'Dashboard', vaults: 'Vaults', plans: 'Plans', jobs: 'Jobs', legalHolds: 'Legal holds', events: 'Events',
  identities: 'Identities', name: 'Name', state: 'State', status: 'Status', created: 'Created', size: 'Size',
  points: 'Recovery points', create: 'Create', save: 'Save', cancel: 'Cancel', delete: 'Delete', refresh: 'Refresh',
  loading: 'Loading…', none: 'None', yes: 'Yes', no: 'No', resource: 'Resource', type: 'Type', vault: 'Vault',
  jobs24h: 'Jobs of the last 24 hours', backupJobs: 'Backup jobs', restoreJobs: 'Restore jobs', copyJobs: 'Copy jobs',
  protectedResources: 'Protected resources', newestPoint: 'Newest point', age: 'Age', rpo: 'Tier RPO',
  withinRpo: 'within RPO', beyondRpo: 'beyond RPO', rpoUnknown: 'no tier', storagePerVault: 'Storage per vault',
  stored: 'Backed-up data', newVault: 'New vault', vaultName: 'Vault name', accessPolicy: 'Access policy',
  noPolicy: 'No access policy', lock: 'Vault lock', locked: 'Locked', notLocked: 'Not locked',
  minRetention: 'Min retention (days)', maxRetention: 'Max retention (days)',
  changeableForDays: 'Changeable for days (empty: governance mode)', setLock: 'Lock the vault',
  removeLock: 'Remove the lock', notifications: 'Notifications', snsTopic: 'SNS topic ARN', vaultEvents: 'Events',
  noNotifications: 'No notifications', recoveryPoint: 'Recovery point', lifecycle: 'Lifecycle',
  deleteAfterDays: 'Delete after (days)', moveToColdAfterDays: 'Move to cold storage after (days)',
  deleteAt: 'Deleted at', holds: 'Legal holds on this point', restore: 'Restore', restoreMetadata: 'Restore settings',
  startRestore: 'Start the restore', copy: 'Copy', copyTo: 'Destination vault', startCopy: 'Start the copy',
  newPlan: 'New plan from a template', template: 'Template', planName: 'Plan name', rules: 'Rules',
  ruleName: 'Rule name', schedule: 'Schedule (cron)', timezone: 'Time zone', startWindow: 'Start within (minutes)',
  completionWindow: 'Complete within (minutes)', nextFirings: 'Next five firings', selections: 'Resource assignments',
  newSelection: 'Assign resources by tag', selectionName: 'Assignment name', iamRole: 'IAM role ARN',
  tagKey: 'Tag key', tagValue: 'Tag value', onDemand: 'On-demand backup', startBackup: 'Start the backup',
  progress: 'Progress', newHold: 'New legal hold', title: 'Title', description: 'Description',
  fromDate: 'Created from', toDate: 'Created until', cancelHold: 'Release', cancelReason: 'Reason for release',
  eventType: 'Event type', actor: 'Actor', message: 'Message', time: 'Time', filter: 'Filter', older: 'More',
  accounts: 'Accounts', principals: 'Users and roles of this account', newUser: 'New user',
  setPassword: 'Set console password', putPolicy: 'Put an inline policy', policyName: 'Policy name',
  policyDocument: 'Policy document', signedInAs: 'Signed in as', region: 'Region', refusedBecause: 'Not allowed: ',
  cronUnreadable: 'An expression this page cannot read', view: 'Open', plan: 'Plan', selectResource: 'Resource',
  restoreStarted: 'Restore job started', copyStarted: 'Copy job started', backupStarted: 'Backup job started',
  saved: 'Saved', deleted: 'Deleted', percent: 'done', language: 'Language',
  jobDurations: 'How long the jobs of the last 24 hours took', backedUp: 'Backed up',
  afterDedup: 'After deduplication', afterCompression: 'Stored (compressed)',
  storedPerDay: 'Stored bytes per day (after deduplication and compression)', sampledAt: 'sampled',
};

const ja = {
  signIn: 'サインイン', signOut: 'サインアウト', accountId: 'アカウント ID', userName: 'IAM ユーザー名',
  userNameHint: 'ルートユーザーは空欄', password: 'パスワード', sessionExpired: 'セッションが終了しました。もう一度サインインしてください。',
  dashboard: 'ダッシュボード', vaults: 'バックアップボールト', plans: 'バックアッププラン', jobs: 'ジョブ',
  legalHolds: 'リーガルホールド', events: 'イベント', identities: 'ID 管理', name: '名前', state: '状態',
  status: 'ステータス', created: '作成日時', size: 'サイズ', points: '復旧ポイント', create: '作成', save: '保存',
  cancel: 'キャンセル', delete: '削除', refresh: '更新', loading: '読み込み中…', none: 'なし', yes: 'はい',
  no: 'いいえ', resource: 'リソース', type: 'タイプ', vault: 'ボールト', jobs24h: '過去 24 時間のジョブ',
  backupJobs: 'バックアップジョブ', restoreJobs: '復元ジョブ', copyJobs: 'コピージョブ',
  protectedResources: '保護されたリソース', newestPoint: '最新の復旧ポイント', age: '経過時間', rpo: 'ティアの RPO',
  withinRpo: 'RPO 以内', beyondRpo: 'RPO 超過', rpoUnknown: 'ティアなし', storagePerVault: 'ボールトごとのストレージ',
  stored: 'バックアップ済みデータ', newVault: '新しいボールト', vaultName: 'ボールト名', accessPolicy: 'アクセスポリシー',
  noPolicy: 'アクセスポリシーなし', lock: 'ボールトロック', locked: 'ロック中', notLocked: 'ロックなし',
  minRetention: '最小保持期間 (日)', maxRetention: '最大保持期間 (日)',
  changeableForDays: '変更可能な日数 (空欄: ガバナンスモード)', setLock: 'ボールトをロック',
  removeLock: 'ロックを解除', notifications: '通知', snsTopic: 'SNS トピック ARN', vaultEvents: 'イベント',
  noNotifications: '通知なし', recoveryPoint: '復旧ポイント', lifecycle: 'ライフサイクル',
  deleteAfterDays: '削除までの日数', moveToColdAfterDays: 'コールドストレージへの移行までの日数',
  deleteAt: '削除日時', holds: 'この復旧ポイントのリーガルホールド', restore: '復元', restoreMetadata: '復元の設定',
  startRestore: '復元を開始', copy: 'コピー', copyTo: 'コピー先ボールト', startCopy: 'コピーを開始',
  newPlan: 'テンプレートから新しいプラン', template: 'テンプレート', planName: 'プラン名', rules: 'バックアップルール',
  ruleName: 'ルール名', schedule: 'スケジュール (cron)', timezone: 'タイムゾーン', startWindow: '開始までの時間 (分)',
  completionWindow: '完了までの時間 (分)', nextFirings: '次の 5 回の実行', selections: 'リソースの割り当て',
  newSelection: 'タグでリソースを割り当て', selectionName: '割り当て名', iamRole: 'IAM ロール ARN',
  tagKey: 'タグのキー', tagValue: 'タグの値', onDemand: 'オンデマンドバックアップ', startBackup: 'バックアップを開始',
  progress: '進捗', newHold: '新しいリーガルホールド', title: 'タイトル', description: '説明',
  fromDate: '作成日 (から)', toDate: '作成日 (まで)', cancelHold: '解除', cancelReason: '解除の理由',
  eventType: 'イベント名', actor: '実行者', message: 'メッセージ', time: '日時', filter: '絞り込み', older: 'さらに表示',
  accounts: 'アカウント', principals: 'このアカウントのユーザーとロール', newUser: '新しいユーザー',
  setPassword: 'コンソールパスワードを設定', putPolicy: 'インラインポリシーを設定', policyName: 'ポリシー名',
  policyDocument: 'ポリシードキュメント', signedInAs: 'サインイン中', region: 'リージョン', refusedBecause: '許可されていません: ',
  cronUnreadable: 'このページでは読めない式です', view: '開く', plan: 'プラン', selectResource: 'リソース',
  restoreStarted: '復元ジョブを開始しました', copyStarted: 'コピージョブを開始しました',
  backupStarted: 'バックアップジョブを開始しました', saved: '保存しました', deleted: '削除しました', percent: '完了',
  jobDurations: '過去 24 時間のジョブの所要時間', backedUp: 'バックアップ量', afterDedup: '重複排除後',
  afterCompression: '保存量 (圧縮後)', storedPerDay: '日ごとの保存量 (重複排除・圧縮後)', sampledAt: '記録',
  language: '言語',
};

export const lang = (navigator.languages?.[0] || navigator.language || 'en').toLowerCase().startsWith('ja')
  ? 'ja' : 'en';
const messages = lang === 'ja' ? ja : en;

export const t = (key) => messages[key] ?? key;

document.documentElement.lang = lang;

const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });

/** A date of the wire (epoch seconds, possibly fractional) for people. */
export function formatDate(epochSeconds) {
  return epochSeconds == null ? '—' : dateFormat.format(new Date(epochSeconds * 1000));
}

export function formatBytes(bytes) {
  if (bytes == null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(seconds) {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return lang === 'ja' ? `${minutes} 分` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return lang === 'ja' ? `${hours} 時間 ${minutes % 60} 分` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return lang === 'ja' ? `${days} 日` : `${days} days`;
}
