import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';
import { last7Period, periodProblem, presetOf, todayPeriod, type Period } from './period';

export interface PeriodPickerProps {
  /** The period in the URL, as it came (it may not be valid: a hand-edited link). */
  value: { from: string; to: string };
  now: Date;
  onChange(period: Period): void;
}

/**
 * Today | Last 7 days | Custom. Custom shows two day fields (the end day included) and applies
 * them on "Show report", after checking them: end not before start, at most 400 days.
 */
export function PeriodPicker({ value, now, onChange }: PeriodPickerProps) {
  const valid = periodProblem(value) === null;
  const preset = valid ? presetOf(value as Period, now) : 'custom';
  const [customOpen, setCustomOpen] = useState(preset === 'custom');
  const [draft, setDraft] = useState(value);
  // The URL's own problem shows until something else is picked; a draft's once it is applied.
  const [problem, setProblem] = useState<string | null>(() => periodProblem(value));
  const [editedFor, setEditedFor] = useState(value);
  if (editedFor.from !== value.from || editedFor.to !== value.to) {
    // Back/forward or a preset moved the period: the fields follow it.
    setEditedFor(value);
    setDraft(value);
    setProblem(periodProblem(value));
    if (presetOf(value as Period, now) === 'custom') setCustomOpen(true);
  }

  const pick = (next: Period) => {
    setCustomOpen(false);
    setProblem(null);
    onChange(next);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = periodProblem(draft);
    setProblem(found);
    if (!found) onChange(draft);
  };
  const showCustom = customOpen || preset === 'custom';

  return (
    <form className="period-picker" onSubmit={apply} noValidate>
      <div className="segmented" role="group" aria-label="Period">
        <button type="button" className="segmented__option" aria-pressed={!showCustom && preset === 'today'} onClick={() => pick(todayPeriod(now))}>
          Today
        </button>
        <button type="button" className="segmented__option" aria-pressed={!showCustom && preset === 'last7'} onClick={() => pick(last7Period(now))}>
          Last 7 days
        </button>
        <button type="button" className="segmented__option" aria-pressed={showCustom} onClick={() => setCustomOpen(true)}>
          Custom
        </button>
      </div>
      {showCustom ? (
        <div className="period-picker__custom">
          <label className="field">
            <span className="field__label">From</span>
            <input
              className="field__input"
              type="date"
              value={draft.from}
              aria-invalid={problem !== null}
              onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            />
          </label>
          <label className="field">
            <span className="field__label">To (included)</span>
            <input
              className="field__input"
              type="date"
              value={draft.to}
              aria-invalid={problem !== null}
              onChange={(event) => setDraft({ ...draft, to: event.target.value })}
            />
          </label>
          <Button type="submit" variant="primary">
            Show report
          </Button>
        </div>
      ) : null}
      {problem ? (
        <p className="notice notice--error period-picker__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
