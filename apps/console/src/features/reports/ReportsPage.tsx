import type { AgentRole } from '@switchboard/schema';
import { navigate, REPORTS_PATH, useSearch } from '../../app/route';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { errorMessage, isForbidden } from '../auth/error-message';
import { isSupervisor } from '../auth/roles';
import { SupervisorsOnly } from '../auth/SupervisorsOnly';
import { describePeriod, isBucketed, periodFromSearch, periodProblem, periodSearch, type Period } from './period';
import { PeriodPicker } from './PeriodPicker';
import { ReportView } from './ReportView';
import { useReport } from './useReport';
// The channel icons' colours live with the queue's styles; the cards and tables with the board's.
import '../queue/queue.css';
import '../board/board.css';
import '../board/board-summary.css';
import './reports.css';


function ReportBody({ period }: { period: Period }) {
  const { data, loading, error, refetch } = useReport(period);
  const report = data?.report;
  if (!report) {
    if (isForbidden(error)) return <SupervisorsOnly what="Reports are" />;
    if (loading || !error) return <p className="board__loading reports__loading">Loading the report…</p>;
    return (
      <EmptyState title="The report could not be loaded">
        <p>{errorMessage(error)}</p>
        <p className="board__back">
          <Button onClick={() => void refetch()}>Try again</Button>
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      {error ? (
        <div className="notice notice--error board__notice" role="alert">
          These figures could not be refreshed: {errorMessage(error)} <Button variant="ghost" onClick={() => void refetch()}>Try again</Button>
        </div>
      ) : null}
      <ReportView report={report} period={period} />
    </>
  );
}

function Reports() {
  const now = new Date();
  const requested = periodFromSearch(useSearch(), now);
  const period = periodProblem(requested) === null ? (requested as Period) : null;
  return (
    <section className="board reports" aria-labelledby="reports-title">
      <header className="board__header reports__header">
        <h1 id="reports-title" className="board__title">
          Reports
        </h1>
        {period ? <p className="board__as-of reports__period">{describePeriod(period)}</p> : null}
      </header>
      <div className="reports__controls">
        <PeriodPicker value={requested} now={now} onChange={(next) => navigate(`${REPORTS_PATH}${periodSearch(next)}`)} />
        {period && isBucketed(period) ? (
          <p className="reports__note">Periods over a day: counts are exact; median and p90 over a minute are rounded down (to the minute, hour or day).</p>
        ) : null}
      </div>
      {period ? <ReportBody period={period} /> : null}
    </section>
  );
}

/** /reports: response figures over a period for supervisors and admins; a clear word for anyone else. */
export function ReportsPage({ me, loading }: { me: { role: AgentRole } | null; loading: boolean }) {
  if (!me) {
    return <div className="board board--message">{loading ? <p className="board__loading">Loading…</p> : null}</div>;
  }
  return isSupervisor(me.role) ? <Reports /> : <SupervisorsOnly what="Reports are" />;
}
