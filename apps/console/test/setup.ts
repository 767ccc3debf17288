import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library only auto-cleans with vitest globals, which this project leaves off.
afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
