// Every keyboard shortcut, declared once: its keys, its scope (the queue, an open case, or
// anywhere), what it does in words (the `?` help lists these) and its handler, which acts through
// the commands of its scope — given by the component that owns that scope while it is mounted and
// active (useShortcuts). One window listener dispatches: keys typed in a field (input, select,
// textarea) or held with Ctrl, Meta or Alt are not shortcuts, unless a shortcut says otherwise.
import type { CaseChange } from '../../../shared/ipc/contract';

export type Scope = 'global' | 'queue' | 'case';

export interface GlobalCommands {
  toggleHelp(): void;
  /** Show or hide the list of alerts. */
  toggleAlerts(): void;
  /** Esc: close what is open (the help, then a dialog or the case), or leave the field. */
  escape(e: KeyboardEvent): void;
}
export interface QueueCommands {
  move(by: number): void;
  openSelected(): void;
  search(): void;
  newCase(): void;
}
export interface CaseCommands {
  act(change: CaseChange): void;
  requestMissing(): void;
  attachFiles(): void;
  undo(): void;
}
export interface ScopeCommands {
  global: GlobalCommands;
  queue: QueueCommands;
  case: CaseCommands;
}

export interface Shortcut<S extends Scope> {
  scope: S;
  /** `KeyboardEvent.key` values. */
  keys: readonly string[];
  /** The keys as the help shows them. */
  shown: string;
  description: string;
  run: (commands: ScopeCommands[S], e: KeyboardEvent) => void;
  /** Also typed in a field: in any field, or only in the queue's search box (`type="search"`). */
  fromFields?: 'any' | 'search';
  /** Not when a button has the focus: Enter on a button is that button's. */
  notOnButtons?: boolean;
  /** Held down, it repeats (otherwise a held key acts once). */
  repeats?: boolean;
  /** The browser's own handling goes on too (Esc clears a search box). */
  keepDefault?: boolean;
}
export type AnyShortcut = { [S in Scope]: Shortcut<S> }[Scope];

const act = (change: CaseChange) => (c: CaseCommands) => c.act(change);

export const SHORTCUTS: readonly AnyShortcut[] = [
  { scope: 'queue', keys: ['ArrowDown', 'ArrowUp'], shown: '↑ ↓', description: 'move through the cases', run: (q, e) => q.move(e.key === 'ArrowDown' ? 1 : -1), fromFields: 'search', notOnButtons: true, repeats: true },
  { scope: 'queue', keys: ['j', 'k'], shown: 'j k', description: 'move down / up through the cases (as in mail tools)', run: (q, e) => q.move(e.key === 'j' ? 1 : -1), notOnButtons: true, repeats: true },
  { scope: 'queue', keys: ['Enter'], shown: 'Enter', description: 'open the selected case', run: (q) => q.openSelected(), fromFields: 'search', notOnButtons: true },
  { scope: 'queue', keys: ['/'], shown: '/', description: 'search every case', run: (q) => q.search() },
  { scope: 'queue', keys: ['n'], shown: 'n', description: 'new case', run: (q) => q.newCase() },
  { scope: 'global', keys: ['?'], shown: '?', description: 'show or hide this list', run: (g) => g.toggleHelp() },
  { scope: 'global', keys: ['!'], shown: '!', description: 'show or hide the alerts', run: (g) => g.toggleAlerts() },
  { scope: 'global', keys: ['Escape'], shown: 'Esc', description: 'close what is open', run: (g, e) => g.escape(e), fromFields: 'any', keepDefault: true },
  { scope: 'case', keys: ['c'], shown: 'c', description: 'log a contact', run: act('logContact') },
  { scope: 'case', keys: ['r'], shown: 'r', description: 'the customer replied', run: act('recordCustomerReply') },
  { scope: 'case', keys: ['w'], shown: 'w', description: 'a work-around was delivered', run: act('deliverWorkaround') },
  { scope: 'case', keys: ['t'], shown: 't', description: 'add a note', run: act('addNote') },
  { scope: 'case', keys: ['s'], shown: 's', description: 'change the status', run: act('changeStatus') },
  { scope: 'case', keys: ['v'], shown: 'v', description: 'change the severity', run: act('changeSeverity') },
  { scope: 'case', keys: ['e'], shown: 'e', description: 'escalate', run: act('escalate') },
  { scope: 'case', keys: ['m'], shown: 'm', description: 'request missing information', run: (c) => c.requestMissing() },
  { scope: 'case', keys: ['a'], shown: 'a', description: 'attach files (or drop them on the case, or paste a screenshot)', run: (c) => c.attachFiles() },
  { scope: 'case', keys: ['u'], shown: 'u', description: 'undo your last change (within 15 minutes)', run: (c) => c.undo() },
];

/** How the help groups them, in this order. */
export const SCOPE_TITLES: { scope: Scope; title: string }[] = [
  { scope: 'queue', title: 'Queue' },
  { scope: 'global', title: 'Anywhere' },
  { scope: 'case', title: 'In a case' },
];

// ---- Dispatch ---------------------------------------------------------------------------------------

interface Binding {
  scope: Scope;
  commands: { readonly current: unknown };
}

/** Scopes asked in this order; in each, the binding made last answers. */
const ORDER: readonly Scope[] = ['global', 'case', 'queue'];
const bindings: Binding[] = [];

function fieldOf(target: EventTarget | null): 'search' | 'other' | null {
  if (target instanceof HTMLInputElement) return target.type === 'search' ? 'search' : 'other';
  if (target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return 'other';
  return null;
}

function applies(s: AnyShortcut, e: KeyboardEvent, field: 'search' | 'other' | null): boolean {
  if (!s.keys.includes(e.key)) return false;
  if (e.repeat && !s.repeats) return false;
  if (field && s.fromFields !== 'any' && !(s.fromFields === 'search' && field === 'search')) return false;
  if (s.notOnButtons && e.target instanceof HTMLButtonElement) return false;
  return true;
}

function onKeyDown(e: KeyboardEvent) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const field = fieldOf(e.target);
  for (const scope of ORDER) {
    const binding = bindings.findLast((b) => b.scope === scope);
    if (!binding) continue;
    const shortcut = SHORTCUTS.find((s) => s.scope === scope && applies(s, e, field));
    if (!shortcut) continue;
    if (!shortcut.keepDefault) e.preventDefault();
    (shortcut.run as (commands: unknown, e: KeyboardEvent) => void)(binding.commands.current, e);
    return;
  }
}

/** Bind a scope's commands until the returned function is called. */
export function bindScope(scope: Scope, commands: { readonly current: unknown }): () => void {
  const binding = { scope, commands };
  if (bindings.length === 0) window.addEventListener('keydown', onKeyDown);
  bindings.push(binding);
  return () => {
    bindings.splice(bindings.indexOf(binding), 1);
    if (bindings.length === 0) window.removeEventListener('keydown', onKeyDown);
  };
}
