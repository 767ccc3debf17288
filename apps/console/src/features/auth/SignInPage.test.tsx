import { MockedProvider } from '@apollo/client/testing/react';
import { LoginDocument } from '@switchboard/schema';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SessionProvider, TOKEN_STORAGE_KEY } from '../../app/session';
import { SignInPage } from './SignInPage';

const credentials = { email: 'ada@example.com', password: 'wrong-password' };

function renderPage(mocks: MockedProvider['props']['mocks']) {
  return render(
    <MockedProvider mocks={mocks}>
      <SessionProvider>
        <SignInPage />
      </SessionProvider>
    </MockedProvider>,
  );
}

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('labels its inputs and shows the server error message when login fails', async () => {
    renderPage([
      {
        request: { query: LoginDocument, variables: credentials },
        result: {
          errors: [new GraphQLError('Wrong email or password.', { extensions: { code: 'UNAUTHENTICATED' } })],
        },
      },
    ]);

    const email = screen.getByLabelText('E-mail');
    const password = screen.getByLabelText('Password');
    expect(email).toBeInstanceOf(HTMLInputElement);
    expect((email as HTMLInputElement).type).toBe('email');
    expect((password as HTMLInputElement).type).toBe('password');
    expect(screen.queryByRole('alert')).toBeNull();

    fillAndSubmit(credentials.email, credentials.password);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Wrong email or password.');
    expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('stores the token from a successful login', async () => {
    const variables = { email: 'ada@example.com', password: 'correct horse' };
    renderPage([
      {
        request: { query: LoginDocument, variables },
        result: {
          data: {
            login: {
              __typename: 'AuthPayload',
              token: 'tok_ada',
              agent: { __typename: 'Agent', id: 'agt_1', name: 'Ada Lovelace', email: variables.email, role: 'AGENT' },
            },
          },
        },
      },
    ]);

    fillAndSubmit(`  ${variables.email} `, variables.password);

    await waitFor(() => expect(window.localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('tok_ada'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
