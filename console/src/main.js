import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { onSessionChange, resumeSession, signOut, currentSession } from './api.js';
import { t } from './i18n.js';
import { useRoute, href } from './router.js';
import { SignIn } from './pages/SignIn.js';
import { Dashboard } from './pages/Dashboard.js';
import { Vaults, Vault } from './pages/Vaults.js';
import { RecoveryPoint } from './pages/RecoveryPoint.js';
import { Plans, Plan } from './pages/Plans.js';
import { Jobs } from './pages/Jobs.js';
import { LegalHolds } from './pages/LegalHolds.js';
import { Events } from './pages/Events.js';
import { Identities } from './pages/Identities.js';
import './style.css';

const PAGES = {
  dashboard: { label: 'dashboard', page: Dashboard },
  vaults: { label: 'vaults', page: Vaults },
  vault: { page: Vault },
  point: { page: RecoveryPoint },
  plans: { label: 'plans', page: Plans },
  plan: { page: Plan },
  jobs: { label: 'jobs', page: Jobs },
  holds: { label: 'legalHolds', page: LegalHolds },
  events: { label: 'events', page: Events },
  identities: { label: 'identities', page: Identities },
};

function App() {
  const [session, setSession] = useState(currentSession());
  const [resumed, setResumed] = useState(false);
  const [endReason, setEndReason] = useState(null);
  const { route, params } = useRoute();
  useEffect(() => onSessionChange((next, reason) => {
    setSession(next);
    setEndReason(next ? null : reason || null);
  }), []);
  useEffect(() => { resumeSession().finally(() => setResumed(true)); }, []);

  if (!resumed) return null;
  if (!session) return html`<${SignIn} ended=${endReason} />`;
  const { page: Page } = PAGES[route] || PAGES.dashboard;
  return html`<div class="shell">
    <nav class="sidebar">
      <div class="brand">保管 Hokan</div>
      ${Object.entries(PAGES).filter(([, p]) => p.label).map(([name, p]) => html`
        <a href=${href(name)} class=${route === name ? 'active' : ''} data-nav=${name}>${t(p.label)}</a>`)}
    </nav>
    <div class="main">
      <header class="topbar">
        <span class="who" data-testid="identity">${t('signedInAs')} <code>${session.PrincipalArn}</code>
          · ${t('region')} ${session.Region}</span>
        <button class="secondary" data-action="sign-out" onClick=${() => signOut()}>${t('signOut')}</button>
      </header>
      <main><${Page} params=${params} session=${session} key=${route + params.join('/')} /></main>
    </div>
  </div>`;
}

render(html`<${App} />`, document.getElementById('app'));
