// A component gives its scope's commands to the shortcut registry (keyboard/shortcuts.ts) while
// it is mounted and `active`: an open dialog turns the queue's shortcuts off, the help the case's.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { bindScope, type Scope, type ScopeCommands } from './shortcuts';

export function useShortcuts<S extends Scope>(scope: S, commands: ScopeCommands[S], active = true): void {
  const current = useRef(commands);
  useLayoutEffect(() => {
    current.current = commands;
  });
  useEffect(() => (active ? bindScope(scope, current) : undefined), [scope, active]);
}
