import { useRef, type ReactNode } from 'react';
import { useModalFocus } from './useModalFocus';

export interface ModalProps {
  /** Esc and a click on the backdrop. */
  onClose(): void;
  /** The dialog's class, and its backdrop's. */
  className: string;
  backdropClassName: string;
  /** `alertdialog` for a confirmation: what will happen, then the one button that does it. */
  role?: 'dialog' | 'alertdialog';
  /** The id of the dialog's title, and of what is read with it when it opens. */
  labelledBy: string;
  describedBy?: string;
  children: ReactNode;
}

/**
 * Every modal dialog of the console: a backdrop that closes it (a press and release both on it),
 * focus taken on open (the element marked `data-autofocus`, else the dialog), kept inside while
 * open and given back on close, Esc for the top dialog alone, and page-wide shortcuts held while
 * it is open (useModalFocus, modalOpen).
 */
export function Modal({ onClose, className, backdropClassName, role = 'dialog', labelledBy, describedBy, children }: ModalProps) {
  const dialog = useModalFocus<HTMLDivElement>(onClose);
  // A click that began inside (selecting text, say) and ended on the backdrop closes nothing.
  const pressedOnBackdrop = useRef(false);
  return (
    <div
      className={backdropClassName}
      onMouseDown={(event) => (pressedOnBackdrop.current = event.target === event.currentTarget)}
      onClick={(event) => {
        if (event.target === event.currentTarget && pressedOnBackdrop.current) onClose();
      }}
    >
      <div
        ref={dialog.ref}
        className={className}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={dialog.onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
