/**
 * Why the server closed a live socket with 4403 (the close frame's reason), so a console can say
 * why it was signed out instead of "your session has expired". The server sends these; clients
 * must tolerate others (an older or newer server).
 */
export const CloseReason = {
  SESSION_EXPIRED: 'Session expired',
  SIGNED_OUT: 'Signed out',
  AGENT_DEACTIVATED: 'Agent deactivated',
  PASSWORD_RESET: 'Password reset',
  API_KEY_REVOKED: 'API key revoked',
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];
