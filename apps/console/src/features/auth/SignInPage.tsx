import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../../app/session';
import { Button } from '../../ui/Button';
import { Logo } from '../../ui/Logo';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { errorMessage } from './error-message';
import { useLogin } from './useLogin';
import './sign-in.css';

export function SignInPage() {
  const { signIn, message } = useSession();
  useDocumentTitle('Sign in');
  const [login, { loading }] = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const emailId = useId();
  const passwordId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      const { data } = await login({ variables: { email: email.trim(), password } });
      if (data?.login) signIn(data.login.token);
      else setError('Sign-in failed. Please try again.');
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  const notice = error ?? message;

  return (
    <main className="sign-in">
      <form className="sign-in__card" onSubmit={submit}>
        <Logo />
        <h1 className="sign-in__title">Sign in to Switchboard</h1>
        <p className="sign-in__subtitle">Answer every customer, on every channel, in one queue.</p>

        {notice && (
          <p className={error ? 'notice notice--error' : 'notice notice--info'} role="alert">
            {notice}
          </p>
        )}

        <div className="field">
          <label className="field__label" htmlFor={emailId}>
            E-mail
          </label>
          <input
            id={emailId}
            className="field__input"
            type="email"
            name="email"
            autoComplete="username"
            // Signing in is all this page is for.
            autoFocus
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>

        <div className="field">
          <label className="field__label" htmlFor={passwordId}>
            Password
          </label>
          <input
            id={passwordId}
            className="field__input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>

        <Button type="submit" variant="primary" block disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </main>
  );
}
