// Shared state of the dashboard page, read and written by app.js, list.js, saga.js and problems.js.

export const S = {
  me: null,           // whoami answer
  viewCtrl: null,     // aborts requests of the current view
  streamCtrl: null,   // aborts the live stream
  listGen: 0,         // bumps whenever the list source changes (live / paged)
  filter: { states: [], type: '' },
  nextCursor: null,
  streamSeen: false,  // the live stream delivered at least one snapshot
  lastListUrl: '/',
  sagaId: null,
  hist: null,         // { events: [], rendered: 0 }
  pollTimer: 0,       // the detail or problems view's next refresh
};

// Operators and admins may act, unless the server runs read-only.
export const canAct = () => Boolean(S.me) && ['OPERATOR', 'ADMIN'].includes(S.me.role) && !S.me.readOnly;
