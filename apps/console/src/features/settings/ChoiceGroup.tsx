import { useId, type ReactNode } from 'react';

/** What a group's boxes may spread on themselves: whether the group is in error, and its error's id. */
export interface ChoiceControl {
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface ChoiceGroupProps {
  legend: ReactNode;
  /** The client's check or the server's answer, under the boxes and read with the group. */
  error: string | undefined;
  children(control: ChoiceControl): ReactNode;
}

/** Boxes to tick under a legend, with the group's error beside them (as Field does for one control). */
export function ChoiceGroup({ legend, error, children }: ChoiceGroupProps) {
  const errorId = useId();
  const describedBy = error ? errorId : undefined;
  return (
    <fieldset className="settings-choices" aria-describedby={describedBy}>
      <legend className="settings-field__label">{legend}</legend>
      {children({ 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error ? (
        <p id={errorId} className="settings-field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
