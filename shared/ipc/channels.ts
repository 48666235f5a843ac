// The names of the contract's channels and events, with no dependencies: the sandboxed preload
// may load nothing but `electron`, so it imports these names and nothing else of the contract.
export const CHANNEL_NAMES = ['queue:page', 'queue:counts', 'case:get', 'support:status', 'attachment:lines', 'attachment:search', 'attachment:fetch', 'screen:sources', 'screen:capture', 'files:folder', 'files:move', 'files:move-cancel', 'waiver:pdf', 'case:create', 'case:change', 'case:preview-severity', 'intake:lookup', 'policy:severities', 'policy:coverage', 'catalogue:get', 'catalogue:use', 'alerts:get', 'alerts:set', 'sync:status', 'sync:connect', 'sync:now', 'sync:disconnect', 'sync:ack-rejected', 'sync:restore-refused', 'page:ack', 'rota:get', 'rota:use'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** The main process tells the page to open a case (a `casedesk://case/ID` link was followed). */
export const CASE_LINK_EVENT = 'case:open-link';
/** The page tells the main process it now listens for case links (links followed before wait). */
export const CASE_LINK_READY = 'case:links-ready';
/** The main process forwards the core's events (shared/ipc/events.ts) to the page on this channel. */
export const CORE_EVENT = 'core:event';
/** The page asks for this run's key to the desktop's byte streams (casedesk-stream:, shared/ipc/streams.ts). */
export const STREAM_KEY_CHANNEL = 'stream:key';
/** The scheme and host of the desktop's byte streams. */
export const STREAM_BASE = 'casedesk-stream://app/';
