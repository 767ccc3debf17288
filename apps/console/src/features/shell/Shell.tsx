import { lazy, type ReactNode } from 'react';
import { BOARD_PATH, REPORTS_PATH, SETTINGS_PATH, useRoute, type Route } from '../../app/route';
import { RouteLink } from '../../app/RouteLink';
import { SetupChangesProvider } from '../../app/setup-changes';
import { LazyBoundary } from '../../ui/LazyBoundary';
import { Logo } from '../../ui/Logo';
import { Toasts } from '../../ui/Toasts';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { isSupervisor } from '../auth/roles';
import { useMe } from '../auth/useMe';
import { BoardPage } from '../board/BoardPage';
import { QUEUE_SHORTCUTS, QueueView } from '../queue/QueueView';
import { THREAD_SHORTCUTS, ThreadView } from '../thread/ThreadView';
import { AccountBar } from './AccountBar';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useOpenThread } from './use-open-thread';
import { useHandOffNotices } from './useHandOffNotices';
import { useOwnedCount } from './useOwnedCount';
import { usePresence } from './usePresence';
import { usePresenceChanges } from './usePresenceChanges';
import { useShortcutsHelp } from './useShortcutsHelp';
import { useSignOut } from './useSignOut';
import './shell.css';

// Only supervisors open reports: the page's code loads when they do.
const ReportsPage = lazy(() => import('../reports/ReportsPage').then((module) => ({ default: module.ReportsPage })));
const SettingsPage = lazy(() => import('../settings/SettingsPage').then((module) => ({ default: module.SettingsPage })));

const HELP_GROUPS = [
  { title: 'Queue', shortcuts: QUEUE_SHORTCUTS },
  { title: 'Conversation', shortcuts: THREAD_SHORTCUTS },
  { title: 'Anywhere', shortcuts: [{ keys: '?', description: 'Show these shortcuts' }] },
];

const PAGES: ReadonlyArray<{ page: Route['page']; to: string; label: string }> = [
  { page: 'queue', to: '/', label: 'Queue' },
  { page: 'board', to: BOARD_PATH, label: 'Board' },
  { page: 'reports', to: REPORTS_PATH, label: 'Reports' },
  { page: 'settings', to: SETTINGS_PATH, label: 'Settings' },
];

/** Queue | Board | Reports | Settings: only supervisors and admins have a board, reports and settings to go to. */
function Nav({ current }: { current: Route['page'] }) {
  return (
    <nav className="shell__nav" aria-label="Pages">
      {PAGES.map(({ page, to, label }) => (
        <RouteLink key={page} to={to} className="shell__nav-link" aria-current={page === current ? 'page' : undefined}>
          {label}
        </RouteLink>
      ))}
    </nav>
  );
}

/** A page whose code loads when it is first opened (supervisors' and admins' pages). */
function LazyMain({ what, children }: { what: string; children: ReactNode }) {
  return (
    <main className="shell__main shell__main--board">
      <LazyBoundary
        loading={<p className="shell__page-loading">Loading {what.toLowerCase()}…</p>}
        failed={
          <p className="notice notice--error shell__page-failed" role="alert">
            {what} could not be loaded. Check your connection and reload the page.
          </p>
        }
      >
        {children}
      </LazyBoundary>
    </main>
  );
}

/** The signed-in console: the header, then the queue with the open conversation beside it, the board, or reports. */
export function Shell() {
  const { data, loading } = useMe();
  const me = data?.me ?? null;
  const setPresence = usePresence(me);
  usePresenceChanges();
  useOwnedCount(me?.id ?? null);
  const [helpOpen, setHelpOpen] = useShortcutsHelp();
  const { signingOut, signOut } = useSignOut();
  const route = useRoute();
  const [threadId, openThread] = useOpenThread();
  const handOffs = useHandOffNotices(me?.id ?? null, threadId, openThread);
  // An open thread names the tab itself (the customer), once it has loaded.
  useDocumentTitle(route.page === 'board' ? 'Board' : route.page === 'reports' ? 'Reports' : route.page === 'settings' ? 'Settings' : threadId ? null : 'Queue');

  return (
    // The console's one settingsChanged subscription, for the shell and the settings page.
    <SetupChangesProvider>
      <div className={`shell ${threadId ? 'shell--thread-open' : ''}`}>
        <header className="shell__header">
          <div className="shell__brand">
            <Logo compact />
            {me && isSupervisor(me.role) ? <Nav current={route.page} /> : null}
          </div>
          <AccountBar me={me} loading={loading} onPresence={setPresence} onHelp={() => setHelpOpen(true)} onSignOut={() => void signOut()} signingOut={signingOut} />
        </header>
        {route.page === 'board' ? (
          <main className="shell__main shell__main--board">
            <BoardPage me={me} loading={loading} />
          </main>
        ) : route.page === 'reports' ? (
          <LazyMain what="Reports">
            <ReportsPage me={me} loading={loading} />
          </LazyMain>
        ) : route.page === 'settings' ? (
          <LazyMain what="Settings">
            <SettingsPage me={me} loading={loading} />
          </LazyMain>
        ) : (
          <main className="shell__main">
            <div className="shell__queue">
              <QueueView selectedThreadId={threadId} onOpen={openThread} />
            </div>
            <section className="shell__thread" aria-label="Conversation">
              {threadId ? (
                <ThreadView key={threadId} threadId={threadId} onClose={() => openThread(null)} />
              ) : (
                <div className="shell__placeholder">
                  <p className="shell__placeholder-title">No conversation open</p>
                  <p>
                    Pick a thread from the queue, or press <kbd>n</kbd> (Next) to take the one due soonest.
                  </p>
                </div>
              )}
            </section>
          </main>
        )}
        <Toasts toasts={handOffs.toasts} onDismiss={handOffs.dismiss} label="Hand-offs" />
        {helpOpen ? <ShortcutsDialog groups={HELP_GROUPS} onClose={() => setHelpOpen(false)} /> : null}
      </div>
    </SetupChangesProvider>
  );
}
