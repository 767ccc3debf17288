import { Logo } from '../../ui/Logo';
import { useMe } from '../auth/useMe';
import { QUEUE_SHORTCUTS, QueueView } from '../queue/QueueView';
import { THREAD_SHORTCUTS, ThreadView } from '../thread/ThreadView';
import { AccountBar } from './AccountBar';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useOpenThread } from './use-open-thread';
import { useOwnedCount } from './useOwnedCount';
import { usePresence } from './usePresence';
import { useShortcutsHelp } from './useShortcutsHelp';
import { useSignOut } from './useSignOut';
import './shell.css';

const HELP_GROUPS = [
  { title: 'Queue', shortcuts: QUEUE_SHORTCUTS },
  { title: 'Conversation', shortcuts: THREAD_SHORTCUTS },
  { title: 'Anywhere', shortcuts: [{ keys: '?', description: 'Show these shortcuts' }] },
];

/** The signed-in console: the header, the queue, and the open conversation beside it. */
export function Shell() {
  const { data, loading } = useMe();
  const me = data?.me ?? null;
  const setPresence = usePresence(me);
  useOwnedCount(me?.id ?? null);
  const [helpOpen, setHelpOpen] = useShortcutsHelp();
  const { signingOut, signOut } = useSignOut();
  const [threadId, openThread] = useOpenThread();

  return (
    <div className={`shell ${threadId ? 'shell--thread-open' : ''}`}>
      <header className="shell__header">
        <Logo compact />
        <AccountBar me={me} loading={loading} onPresence={setPresence} onHelp={() => setHelpOpen(true)} onSignOut={() => void signOut()} signingOut={signingOut} />
      </header>
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
      {helpOpen ? <ShortcutsDialog groups={HELP_GROUPS} onClose={() => setHelpOpen(false)} /> : null}
    </div>
  );
}
