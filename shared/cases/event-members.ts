// An event as the rules write it: its members, and the optional ones only when given — so a change
// without a note records no `note` member, not one that is undefined (the JSON and the equality of
// two desktops' copies would differ). Used by the decisions of cases and of their diagnosis.

/** `event` with each member of `extra` that is not undefined. */
export function withOptional<T extends Record<string, unknown>>(event: T, extra: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) (event as Record<string, unknown>)[key] = value;
  return event;
}
