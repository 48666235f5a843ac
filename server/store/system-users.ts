// The server's own users: the online form, the automatic recorder. A push notes its client under
// its user, and clients.user_id must name a user row, so each has one of its own: made on its first
// push (not at start, so a server that never needs one has no such row), found again after. Its
// token is thrown away unseen: nobody can sign in as it.
import type { ServerStore } from './server-store';
import type { ServerUser } from './store-context';

const made = new WeakMap<ServerStore, Map<string, Promise<ServerUser>>>();

export function systemUser(store: ServerStore, name: string): Promise<ServerUser> {
  let users = made.get(store);
  if (!users) made.set(store, (users = new Map()));
  let user = users.get(name);
  if (!user) {
    const find = async () => (await store.usersWithRole('engineer')).find((u) => u.name === name);
    user = (async () => {
      const known = await find();
      if (known) return known;
      try {
        return (await store.addUser(name, 'engineer', { system: true })).user;
      } catch (err) {
        // Another server process on the same database made it first.
        const found = await find();
        if (found) return found;
        throw err;
      }
    })();
    // A failure (the database away) is not remembered: the next push tries again.
    const kept = users;
    user.catch(() => kept.delete(name));
    users.set(name, user);
  }
  return user;
}
