// A sync that could not finish, with a message a person can act on; nothing is lost by it.
export class SyncError extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'unreachable' | 'dropped' | 'timeout' | 'server' | 'protocol' | 'policy',
  ) {
    super(message);
    this.name = 'SyncError';
  }
}
