import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SESSION_EXPIRED_MESSAGE, SessionProvider, signedOutMessage, TOKEN_STORAGE_KEY, useSession } from './session';

function Probe() {
  const { token, message, signIn, signOut } = useSession();
  return (
    <div>
      <output data-testid="token">{token ?? 'none'}</output>
      <output data-testid="message">{message ?? 'none'}</output>
      <button onClick={() => signIn('tok_123')}>in</button>
      <button onClick={() => signOut(SESSION_EXPIRED_MESSAGE)}>expire</button>
      <button onClick={() => signOut()}>out</button>
      <button onClick={() => signOut(signedOutMessage('Agent deactivated'))}>deactivated</button>
    </div>
  );
}

describe('SessionProvider', () => {
  it('stores the token on signIn and restores it on the next page load', () => {
    const first = render(
      <SessionProvider>
        <Probe />
      </SessionProvider>,
    );
    fireEvent.click(screen.getByText('in'));
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('tok_123');
    expect(screen.getByTestId('token').textContent).toBe('tok_123');
    first.unmount();

    render(
      <SessionProvider>
        <Probe />
      </SessionProvider>,
    );
    expect(screen.getByTestId('token').textContent).toBe('tok_123');
  });

  it('clears the token on signOut and exposes the reason until the next signIn', () => {
    window.localStorage.setItem(TOKEN_STORAGE_KEY, 'tok_old');
    render(
      <SessionProvider>
        <Probe />
      </SessionProvider>,
    );
    expect(screen.getByTestId('token').textContent).toBe('tok_old');

    act(() => screen.getByText('expire').click());
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(screen.getByTestId('token').textContent).toBe('none');
    expect(screen.getByTestId('message').textContent).toBe(SESSION_EXPIRED_MESSAGE);

    fireEvent.click(screen.getByText('in'));
    expect(screen.getByTestId('message').textContent).toBe('none');
    fireEvent.click(screen.getByText('out'));
    expect(screen.getByTestId('message').textContent).toBe('none');
  });

  it('says why the server ended the session, and a 401 right after does not replace that with "expired"', () => {
    window.localStorage.setItem(TOKEN_STORAGE_KEY, 'tok_old');
    render(
      <SessionProvider>
        <Probe />
      </SessionProvider>,
    );
    fireEvent.click(screen.getByText('deactivated'));
    fireEvent.click(screen.getByText('expire'));
    expect(screen.getByTestId('message').textContent).toMatch(/^An admin deactivated your account/);
    expect(screen.getByTestId('token').textContent).toBe('none');
  });
});

describe('signedOutMessage', () => {
  it('names the reason the server closed with, and falls back to an expired session', () => {
    expect(signedOutMessage('Password reset')).toMatch(/new password/);
    expect(signedOutMessage('Signed out')).toBe('You signed out in another tab.');
    expect(signedOutMessage('Session expired')).toBe(SESSION_EXPIRED_MESSAGE);
    expect(signedOutMessage('something new')).toBe(SESSION_EXPIRED_MESSAGE);
    expect(signedOutMessage(undefined)).toBe(SESSION_EXPIRED_MESSAGE);
  });
});
