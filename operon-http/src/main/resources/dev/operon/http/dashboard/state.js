// Shared state of the dashboard page, read and written by app.js and the views' modules.

export const S = {
  me: null,           // whoami answer
  viewCtrl: null,     // aborts requests of the current view
  streamCtrl: null,   // aborts the live stream
  listGen: 0,         // bumps whenever the list source changes (live / paged)
  filter: { states: [], type: '' },
  nextCursor: null,
  streamSeen: false,  // the live stream delivered at least one snapshot
  lastListUrl: null,
  sagaId: null,
  hist: null,         // { events: [], rendered: 0 }
  pollTimer: 0,       // the current view's next refresh (the operations view: its log's)
  outboxTimer: 0,     // the operations view's next outbox refresh
};

// Operators and admins may act, unless the server runs read-only.
export const canAct = () => Boolean(S.me) && ['OPERATOR', 'ADMIN'].includes(S.me.role) && !S.me.readOnly;

// What whoami says the server serves; an older server that does not say serves sagas only.
export const serves = (capability) => (Array.isArray(S.me?.serves) ? S.me.serves.includes(capability) : capability === 'sagas');
