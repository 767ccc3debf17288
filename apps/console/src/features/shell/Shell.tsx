import { BOARD_PATH, useRoute } from '../../app/route';
import { RouteLink } from '../../app/RouteLink';
import { Logo } from '../../ui/Logo';
import { isSupervisor } from '../auth/roles';
import { useMe } from '../auth/useMe';
import { BoardPage } from '../board/BoardPage';
import { QUEUE_SHORTCUTS, QueueView } from '../queue/QueueView';
import { THREAD_SHORTCUTS, ThreadView } from '../thread/ThreadView';
import { AccountBar } from './AccountBar';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useOpenThread } from './use-open-thread';
import { useOwnedCount } from './useOwnedCount';
import { usePresence } from './usePresence';
import { usePresenceChanges } from './usePresenceChanges';
import { useShortcutsHelp } from './useShortcutsHelp';
import { useSignOut } from './useSignOut';
import './shell.css';

const HELP_GROUPS = [
  { title: 'Queue', shortcuts: QUEUE_SHORTCUTS },
  { title: 'Conversation', shortcuts: THREAD_SHORTCUTS },
  { title: 'Anywhere', shortcuts: [{ keys: '?', description: 'Show these shortcuts' }] },
];

/** Queue | Board: only supervisors and admins have a board to go to. */
function Nav({ board }: { board: boolean }) {
  return (
    <nav className="shell__nav" aria-label="Pages">
      <RouteLink to="/" className="shell__nav-link" aria-current={board ? undefined : 'page'}>
        Queue
      </RouteLink>
      <RouteLink to={BOARD_PATH} className="shell__nav-link" aria-current={board ? 'page' : undefined}>
        Board
      </RouteLink>
    </nav>
  );
}

/** The signed-in console: the header, then the queue with the open conversation beside it, or the board. */
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
  const onBoard = route.page === 'board';

  return (
    <div className={`shell ${threadId ? 'shell--thread-open' : ''}`}>
      <header className="shell__header">
        <div className="shell__brand">
          <Logo compact />
          {me && isSupervisor(me.role) ? <Nav board={onBoard} /> : null}
        </div>
        <AccountBar me={me} loading={loading} onPresence={setPresence} onHelp={() => setHelpOpen(true)} onSignOut={() => void signOut()} signingOut={signingOut} />
      </header>
      {onBoard ? (
        <main className="shell__main shell__main--board">
          <BoardPage me={me} loading={loading} />
        </main>
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
                <p>Pick a thread from the queue, or press <kbd>Next</kbd> to take the one due soonest.</p>
              </div>
            )}
          </section>
        </main>
      )}
      {helpOpen ? <ShortcutsDialog groups={HELP_GROUPS} onClose={() => setHelpOpen(false)} /> : null}
    </div>
  );
}
