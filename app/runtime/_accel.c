/* The compiled recording path: an optional accelerator for app/runtime/loop.py.

   What it is. Two objects that do, in C, exactly what the pure-Python code beside them does:

   - Ring: the recorder's bounded event ring (app/runtime/recorder.py). Records are seven
     int64 fields in one preallocated array, not a Python tuple each: a write is a clock read
     and seven stores. Tuples are made only when a reader drains.
   - Runner: the RUN units of one loop iteration (TracingLoopMixin._run_once) and the
     recording half of _call_soon, for the common cases: a task step, a plain callback. Every
     rarer case (a task seen for the first time, a finished task, a wait on a generic future,
     a slow step, a 3.11 name given late) calls the very Python method the pure path calls, so
     each rule is written once, in loop.py.

   Facts this relies on, and what they mean here:

   - The GIL serialises every call into this module, and nothing here releases it or runs
     Python code between reading the ring's state and writing it. -> A write from any thread
     (call_soon_threadsafe, a peer, a preemptive thread) is atomic, and a record's seq always
     matches its place in the ring (the pure deque can swap two threads' records).
   - time.monotonic_ns() is _PyTime_GetMonotonicClock() (3.11, 3.12) / PyTime_MonotonicRaw()
     (3.13+), so timestamps are the same clock as the rest of the recording.
   - asyncio's Handle, the C Task and its step wrapper keep their state in slots and
     getset descriptors: reading _cancelled, _callback, __self__ or _fut_waiter through
     PyObject_GetAttr is a descriptor call, ~20 ns. Attributes that may be missing (a task's
     _ls_serial, a future's _ls_wait, a callback's __qualname__) are read with the
     "optional attribute" call, which does not build an AttributeError.

   Without a C compiler the extension is not built and the pure-Python path runs; loop.py and
   recorder.py decide which, and `loopscope --version` says which is active. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include <string.h>

#if PY_VERSION_HEX < 0x030C0000  /* (the member type names before 3.12) */
#include <structmember.h>
#define Py_T_LONGLONG T_LONGLONG
#define Py_T_OBJECT_EX T_OBJECT_EX
#define Py_READONLY READONLY
#endif

#define FIELDS 7

static inline int64_t now_ns(void) {
#if PY_VERSION_HEX >= 0x030D0000
    PyTime_t t;
    (void)PyTime_MonotonicRaw(&t);
    return (int64_t)t;
#else
    return (int64_t)_PyTime_GetMonotonicClock();
#endif
}

static int optional_attr(PyObject *obj, PyObject *name, PyObject **result) {
#if PY_VERSION_HEX >= 0x030D0000
    return PyObject_GetOptionalAttr(obj, name, result);
#else
    return _PyObject_LookupAttr(obj, name, result);
#endif
}

/* ---------------------------------------------------------------------------------------- */
/* Ring                                                                                     */

/* Event kinds, causes and waits: app.trace.events is their one definition; PyInit__accel
   reads them from it, so these names only hold its values. */
static long TASK_READY, STEP_BEGIN, STEP_END, CALLBACK_READY, CALLBACK_BEGIN, CALLBACK_END,
    HANDLE_SKIPPED, POLL_BEGIN, POLL_END, C_TASK, C_YIELD, W_READY, W_TASK;

/* Packed records: two events in one slot, written where the second follows from the first
   without anything the first must show alone. They never leave the ring: every drain
   unpacks them into the two events the pure path records, with the same seqs (a packed
   record takes two), timestamps and fields, so no reader can tell.

   - PACKED_CALLBACK: a plain callback's CALLBACK_BEGIN, rewritten in place when its
     CALLBACK_END comes while the BEGIN is still unread in the ring. task = (d << 40) | ns:
     the END's seq is the BEGIN's + d (events recorded by the callback itself lie between
     them, and stay there) and its time is the BEGIN's + ns. A BEGIN already drained (a
     reader shows the callback running) gets a plain END.
   - PACKED_POLL: a poll that cannot block (timeout 0): POLL_BEGIN and POLL_END written
     together after it returned. task = unit, a = events returned, b = ns spent, c = backend.

   Kinds 100 and up are outside app.trace.events' range, kept for these. */
#define PACKED_CALLBACK 100
#define PACKED_POLL 101
#define DURATION_BITS 40
#define DURATION_MASK ((((int64_t)1) << DURATION_BITS) - 1)
#define MAX_DISTANCE (((int64_t)1) << 22)
#define PENDING_DEPTH 8

typedef struct {
    PyObject_HEAD
    int64_t *buf;        /* capacity * FIELDS */
    Py_ssize_t capacity;
    Py_ssize_t head;     /* index of the oldest record */
    Py_ssize_t len;
    int64_t seq;         /* the last seq handed out */
    int64_t written;     /* records written so far (a packed one counts once) */
    PyObject *dispatch;  /* called with each record tuple while instruments listen, or NULL */
} Ring;

static inline int64_t *ring_slot(Ring *r, Py_ssize_t i) {
    return r->buf + ((r->head + i) % r->capacity) * FIELDS;
}

static int dispatch_fields(Ring *r, const int64_t *p) {
    PyObject *record = Py_BuildValue("(LLLLLLL)", (long long)p[0], (long long)p[1],
                                     (long long)p[2], (long long)p[3], (long long)p[4],
                                     (long long)p[5], (long long)p[6]);
    if (record == NULL)
        return -1;
    PyObject *res = PyObject_CallOneArg(r->dispatch, record);
    Py_DECREF(record);
    if (res == NULL)
        return -1;
    Py_DECREF(res);
    return 0;
}

/* Claim the next slot (overwriting the oldest unread record when full). */
static int64_t *ring_claim(Ring *r) {
    Py_ssize_t slot;
    r->written++;
    if (r->len == r->capacity) {  /* full: the oldest unread record is overwritten */
        slot = r->head;
        r->head = (r->head + 1) % r->capacity;
    } else {
        slot = (r->head + r->len) % r->capacity;
        r->len++;
    }
    return r->buf + slot * FIELDS;
}

static int ring_write(Ring *r, int64_t ts, int64_t kind, int64_t task, int64_t a, int64_t b,
                      int64_t c) {
    int64_t *p = ring_claim(r);
    p[0] = ++r->seq;
    p[1] = ts;
    p[2] = kind;
    p[3] = task;
    p[4] = a;
    p[5] = b;
    p[6] = c;
    return r->dispatch != NULL ? dispatch_fields(r, p) : 0;
}

/* Where the record just written lies (for ring_pack_end). */
static inline Py_ssize_t ring_last_slot(Ring *r) {
    return (r->head + r->len - 1) % r->capacity;
}

/* A CALLBACK_END at ``ts``: packed into its BEGIN (seq ``begin_seq``, written at ``slot``)
   while that is still unread and no instrument needs the END as it happens; otherwise
   written. */
static int ring_end_callback(Ring *r, Py_ssize_t slot, int64_t begin_seq, int64_t ts,
                             int64_t hserial) {
    int64_t *p = r->buf + slot * FIELDS;
    int64_t distance = r->seq + 1 - begin_seq;
    int unread = (slot - r->head + r->capacity) % r->capacity < r->len;
    if (r->dispatch == NULL && unread && p[0] == begin_seq && p[2] == CALLBACK_BEGIN
            && ts - p[1] >= 0 && ts - p[1] <= DURATION_MASK && distance < MAX_DISTANCE) {
        p[2] = PACKED_CALLBACK;
        p[3] = (distance << DURATION_BITS) | (ts - p[1]);
        r->seq++;  /* the END's seq */
        return 0;
    }
    return ring_write(r, ts, CALLBACK_END, 0, hserial, 0, 0);
}

/* Unpack the oldest records into events, oldest first: ``sink(ctx, event)`` for each one
   (``sink`` NULL: only count). At least ``limit`` records are taken when there are that
   many, and more while a packed callback's END still waits behind the records recorded
   inside it. Returns the number of events; ``*taken`` the records they came from. */
typedef int (*Sink)(void *ctx, const int64_t *event);

static Py_ssize_t ring_unpack(Ring *r, Py_ssize_t limit, Sink sink, void *ctx,
                              Py_ssize_t *taken) {
    int64_t pending[PENDING_DEPTH][FIELDS];
    int depth = 0;
    Py_ssize_t i = 0, events = 0;
    int64_t e[FIELDS];
#define EMIT(event)                                       \
    do {                                                  \
        if (sink != NULL && sink(ctx, (event)) < 0)       \
            return -1;                                    \
        events++;                                         \
    } while (0)
    while (i < r->len) {
        const int64_t *p = ring_slot(r, i);
        while (depth > 0 && pending[depth - 1][0] < p[0]) {
            depth--;
            EMIT(pending[depth]);
        }
        if (i >= limit && depth == 0)
            break;
        if (p[2] == PACKED_CALLBACK) {
            int64_t distance = p[3] >> DURATION_BITS, ns = p[3] & DURATION_MASK;
            e[0] = p[0]; e[1] = p[1]; e[2] = CALLBACK_BEGIN; e[3] = 0;
            e[4] = p[4]; e[5] = p[5]; e[6] = p[6];
            EMIT(e);
            int64_t end[FIELDS] = {p[0] + distance, p[1] + ns, CALLBACK_END, 0, p[4], 0, 0};
            if (depth < PENDING_DEPTH) {
                memcpy(pending[depth++], end, sizeof(end));
            } else {  /* (callbacks do not nest in one loop thread: never reached) */
                EMIT(end);
            }
        } else if (p[2] == PACKED_POLL) {
            e[0] = p[0]; e[1] = p[1]; e[2] = POLL_BEGIN; e[3] = 0;
            e[4] = 0; e[5] = p[3]; e[6] = p[6];
            EMIT(e);
            e[0] = p[0] + 1; e[1] = p[1] + p[5]; e[2] = POLL_END; e[3] = 0;
            e[4] = p[4]; e[5] = p[5]; e[6] = p[6];
            EMIT(e);
        } else {
            EMIT(p);
        }
        i++;
    }
    /* The ring holds nothing recorded after these ENDs: their callbacks' records are all in. */
    while (depth > 0) {
        depth--;
        EMIT(pending[depth]);
    }
#undef EMIT
    *taken = i;
    return events;
}

static void ring_release(Ring *r, Py_ssize_t n) {
    /* An emptied ring starts again at its first slot: writes stay in the memory (and cache
       lines) the last bursts used, so a ring that is drained in time touches a few pages,
       not all of its capacity (1 Mi records are 56 MB). */
    r->head = (r->head + n) % r->capacity;
    r->len -= n;
    if (r->len == 0)
        r->head = 0;
}

static int parse_fields(PyObject *const *args, Py_ssize_t nargs, int64_t *out, Py_ssize_t need,
                        Py_ssize_t most, const char *what) {
    if (nargs < need || nargs > most) {
        PyErr_Format(PyExc_TypeError, "%s takes %zd to %zd arguments (%zd given)", what, need,
                     most, nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < most; i++) {
        if (i < nargs) {
            long long v = PyLong_AsLongLong(args[i]);
            if (v == -1 && PyErr_Occurred())
                return -1;
            out[i] = v;
        } else {
            out[i] = 0;
        }
    }
    return 0;
}

static PyObject *Ring_emit(Ring *self, PyObject *const *args, Py_ssize_t nargs) {
    int64_t f[5];
    if (parse_fields(args, nargs, f, 1, 5, "emit") < 0)
        return NULL;
    if (ring_write(self, now_ns(), f[0], f[1], f[2], f[3], f[4]) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *Ring_emit_at(Ring *self, PyObject *const *args, Py_ssize_t nargs) {
    int64_t f[6];
    if (parse_fields(args, nargs, f, 2, 6, "emit_at") < 0)
        return NULL;
    if (ring_write(self, f[0], f[1], f[2], f[3], f[4], f[5]) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *Ring_emit_quiet(Ring *self, PyObject *const *args, Py_ssize_t nargs) {
    int64_t f[5];
    if (parse_fields(args, nargs, f, 1, 5, "emit_quiet") < 0)
        return NULL;
    PyObject *dispatch = self->dispatch;
    self->dispatch = NULL;
    int rc = ring_write(self, now_ns(), f[0], f[1], f[2], f[3], f[4]);
    self->dispatch = dispatch;
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* emit_poll(t0, t1, unit, nevents, backend): a poll that could not block (timeout 0), from
   t0 to t1: its POLL_BEGIN and POLL_END, packed in one slot (written as two while an
   instrument listens). */
static PyObject *Ring_emit_poll(Ring *self, PyObject *const *args, Py_ssize_t nargs) {
    int64_t f[5];
    if (parse_fields(args, nargs, f, 5, 5, "emit_poll") < 0)
        return NULL;
    int64_t t0 = f[0], t1 = f[1], unit = f[2], nevents = f[3], backend = f[4];
    if (self->dispatch != NULL) {
        if (ring_write(self, t0, POLL_BEGIN, 0, 0, unit, backend) < 0
                || ring_write(self, t1, POLL_END, 0, nevents, t1 - t0, backend) < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    int64_t *p = ring_claim(self);
    p[0] = ++self->seq;
    self->seq++;  /* the POLL_END's seq */
    p[1] = t0;
    p[2] = PACKED_POLL;
    p[3] = unit;
    p[4] = nevents;
    p[5] = t1 - t0;
    p[6] = backend;
    Py_RETURN_NONE;
}

static Py_ssize_t parse_limit(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t len) {
    if (nargs > 1) {
        PyErr_SetString(PyExc_TypeError, "takes at most one argument (limit)");
        return -1;
    }
    if (nargs == 1 && args[0] != Py_None) {
        Py_ssize_t limit = PyLong_AsSsize_t(args[0]);
        if (limit == -1 && PyErr_Occurred())
            return -1;
        return limit < 0 ? 0 : limit;
    }
    return len;
}

typedef struct {
    PyObject *list;
    Py_ssize_t at;
} TupleSink;

static int to_tuple(void *ctx, const int64_t *event) {
    TupleSink *s = ctx;
    PyObject *record = PyTuple_New(FIELDS);
    if (record == NULL)
        return -1;
    for (int k = 0; k < FIELDS; k++) {
        PyObject *v = PyLong_FromLongLong(event[k]);
        if (v == NULL) {
            Py_DECREF(record);
            return -1;
        }
        PyTuple_SET_ITEM(record, k, v);
    }
    PyList_SET_ITEM(s->list, s->at++, record);
    return 0;
}

/* drain(limit=None): pop the oldest (at least ``limit``) records as event 7-tuples. */
static PyObject *Ring_drain(Ring *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_ssize_t limit = parse_limit(args, nargs, self->len);
    if (limit < 0)
        return NULL;
    Py_ssize_t taken;
    Py_ssize_t n = ring_unpack(self, limit, NULL, NULL, &taken);
    TupleSink sink = {PyList_New(n), 0};
    if (sink.list == NULL)
        return NULL;
    if (ring_unpack(self, limit, to_tuple, &sink, &taken) < 0) {
        Py_DECREF(sink.list);
        return NULL;
    }
    /* Only now, with every tuple built, are the records taken out of the ring. */
    ring_release(self, taken);
    return sink.list;
}

typedef struct {
    int64_t *out;
} BlockSink;

static int to_block(void *ctx, const int64_t *event) {
    BlockSink *s = ctx;
    memcpy(s->out, event, FIELDS * sizeof(int64_t));
    s->out += FIELDS;
    return 0;
}

/* drain_bytes(limit=None): as drain, as one bytes object of n * 7 native int64 (what
   numpy.frombuffer reads as an (n, 7) array): no Python object per event. */
static PyObject *Ring_drain_bytes(Ring *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_ssize_t limit = parse_limit(args, nargs, self->len);
    if (limit < 0)
        return NULL;
    Py_ssize_t taken;
    Py_ssize_t n = ring_unpack(self, limit, NULL, NULL, &taken);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * FIELDS * (Py_ssize_t)sizeof(int64_t));
    if (out == NULL)
        return NULL;
    BlockSink sink = {(int64_t *)PyBytes_AS_STRING(out)};
    (void)ring_unpack(self, limit, to_block, &sink, &taken);
    ring_release(self, taken);
    return out;
}

static PyObject *Ring_set_dispatch(Ring *self, PyObject *arg) {
    Py_XSETREF(self->dispatch, arg == Py_None ? NULL : Py_NewRef(arg));
    Py_RETURN_NONE;
}

static Py_ssize_t Ring_length(Ring *self) { return self->len; }

static int Ring_init(Ring *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"capacity", NULL};
    Py_ssize_t capacity;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n", kwlist, &capacity))
        return -1;
    if (capacity < 1 || capacity > PY_SSIZE_T_MAX / (FIELDS * (Py_ssize_t)sizeof(int64_t))) {
        PyErr_SetString(PyExc_ValueError, "ring capacity out of range");
        return -1;
    }
    PyMem_Free(self->buf);
    self->buf = PyMem_Malloc((size_t)capacity * FIELDS * sizeof(int64_t));
    if (self->buf == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->capacity = capacity;
    self->head = self->len = 0;
    self->seq = self->written = 0;
    return 0;
}

static int Ring_traverse(Ring *self, visitproc visit, void *arg) {
    Py_VISIT(self->dispatch);
    return 0;
}

static int Ring_clear(Ring *self) {
    Py_CLEAR(self->dispatch);
    return 0;
}

static void Ring_dealloc(Ring *self) {
    PyObject_GC_UnTrack(self);
    Ring_clear(self);
    PyMem_Free(self->buf);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Ring_methods[] = {
    {"emit", (PyCFunction)(void (*)(void))Ring_emit, METH_FASTCALL,
     "emit(kind, task=0, a=0, b=0, c=0): record an event stamped now."},
    {"emit_at", (PyCFunction)(void (*)(void))Ring_emit_at, METH_FASTCALL,
     "emit_at(ts, kind, task=0, a=0, b=0, c=0): record an event stamped ts."},
    {"emit_quiet", (PyCFunction)(void (*)(void))Ring_emit_quiet, METH_FASTCALL,
     "emit_quiet(kind, task=0, a=0, b=0, c=0): as emit, without dispatching to instruments."},
    {"emit_poll", (PyCFunction)(void (*)(void))Ring_emit_poll, METH_FASTCALL,
     "emit_poll(t0, t1, unit, nevents, backend): a poll that could not block, packed."},
    {"drain", (PyCFunction)(void (*)(void))Ring_drain, METH_FASTCALL,
     "drain(limit=None): pop the oldest records as 7-tuples."},
    {"drain_bytes", (PyCFunction)(void (*)(void))Ring_drain_bytes, METH_FASTCALL,
     "drain_bytes(limit=None): pop the oldest records as n * 7 native int64 in one bytes."},
    {"set_dispatch", (PyCFunction)Ring_set_dispatch, METH_O,
     "set_dispatch(fn or None): call fn(record) for every record written."},
    {NULL}};

static PyMemberDef Ring_members[] = {
    {"last_seq", Py_T_LONGLONG, offsetof(Ring, seq), Py_READONLY,
     "the last seq handed out (0 before the first record)"},
    {"written", Py_T_LONGLONG, offsetof(Ring, written), Py_READONLY,
     "records written so far: a packed record counts once, for its two events"},
    {NULL}};

static PySequenceMethods Ring_as_sequence = {.sq_length = (lenfunc)Ring_length};

static PyTypeObject RingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "app.runtime._accel.Ring",
    .tp_basicsize = sizeof(Ring),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Ring(capacity): a bounded ring of (seq, ts, kind, task, a, b, c) int64 records.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Ring_init,
    .tp_dealloc = (destructor)Ring_dealloc,
    .tp_traverse = (traverseproc)Ring_traverse,
    .tp_clear = (inquiry)Ring_clear,
    .tp_methods = Ring_methods,
    .tp_members = Ring_members,
    .tp_as_sequence = &Ring_as_sequence,
};

/* ---------------------------------------------------------------------------------------- */
/* Runner                                                                                   */

/* Interned attribute and method names. */
static PyObject *s_cancelled, *s_callback, *s_self, *s_run, *s_fut_waiter, *s_done,
    *s_ls_serial, *s_ls_wait, *s_qualname, *s_popleft, *s_running, *s_cause, *s_unit, *s_open,
    *s_ls_register, *s_ls_check_name, *s_ls_after_step, *s_ls_slow, *s_ls_name_later,
    *s_ls_callback_sid, *s_slow_ns, *s_append, *s_tracing, *s_ls_note_ready;


/* An attribute read and written straight in its object's slot. TraceState and asyncio's
   Handle declare __slots__: each is a member descriptor holding an offset into the object,
   and PyObject_GetAttr / SetAttr on them is a type lookup and a descriptor call (~25 ns,
   a dozen times per unit: the largest share of the RUN units' own cost in a perf profile of
   a recorded sleep(0) storm). Reading the offset once makes each access a load and a store.
   Where a name is not such a slot (a class without __slots__), offset is -1 and the
   attribute is read by name. */
typedef struct {
    PyObject *name;
    Py_ssize_t offset;
} Slot;

static int slot_init(Slot *slot, PyTypeObject *type, PyObject *name) {
    slot->name = name;
    slot->offset = -1;
    PyObject *descr = PyObject_GetAttr((PyObject *)type, name);
    if (descr == NULL) {
        PyErr_Clear();
        return 0;
    }
    if (Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        if (member->type == Py_T_OBJECT_EX && !(member->flags & Py_READONLY))
            slot->offset = member->offset;
    }
    Py_DECREF(descr);
    return 0;
}

/* The attribute (a new reference), or NULL with AttributeError as getattr raises it. */
static inline PyObject *slot_get(PyObject *obj, const Slot *slot) {
    if (slot->offset < 0)
        return PyObject_GetAttr(obj, slot->name);
    PyObject *value = *(PyObject **)((char *)obj + slot->offset);
    if (value == NULL) {
        PyErr_SetObject(PyExc_AttributeError, slot->name);
        return NULL;
    }
    return Py_NewRef(value);
}

static inline int slot_set(PyObject *obj, const Slot *slot, PyObject *value) {
    if (slot->offset < 0)
        return PyObject_SetAttr(obj, slot->name, value);
    PyObject **where = (PyObject **)((char *)obj + slot->offset);
    PyObject *old = *where;
    *where = Py_NewRef(value);
    Py_XDECREF(old);
    return 0;
}

static int64_t slot_int(PyObject *obj, const Slot *slot) {
    PyObject *value = slot_get(obj, slot);
    if (value == NULL)
        return -1;
    int64_t out = PyLong_AsLongLong(value);
    Py_DECREF(value);
    return out;
}

static int slot_set_int(PyObject *obj, const Slot *slot, int64_t value) {
    PyObject *boxed = PyLong_FromLongLong(value);
    if (boxed == NULL)
        return -1;
    int rc = slot_set(obj, slot, boxed);
    Py_DECREF(boxed);
    return rc;
}

typedef struct {
    PyObject_HEAD
    PyObject *loop;
    PyObject *ls;          /* the loop's TraceState */
    Ring *ring;
    PyObject *ready;       /* the loop's ready deque */
    PyObject *callbacks;   /* ls.callbacks: plain-callback handle -> (serial, cause, detail, mask) */
    PyObject *names;       /* ls.names: callback qualname -> string id */
    PyObject *unnamed;     /* ls.unnamed */
    PyObject *named_later; /* ls.named_later */
    PyObject *handle_seq;  /* ls.handle_seq */
    PyObject *task_type;   /* asyncio.Task (the C one) */
    PyObject *py_task_type;/* asyncio.tasks._PyTask */
    PyObject *outside;     /* ls.cause outside any unit: (OUTSIDE, 0, 0) */
    PyObject *no_cause;    /* a callback with no recorded cause: (CALLBACK, 0, 0) */
    PyTypeObject *step_wrapper; /* TaskStepMethWrapper, learnt from the first one seen */
    PyTypeObject *handle_type;  /* asyncio.events.Handle: its slots below hold for it */
    Slot ls_unit, ls_running, ls_cause, ls_slow_ns, ls_tracing, h_cancelled, h_callback;
} Runner;

static int is_task(Runner *r, PyObject *obj) {
    PyTypeObject *t = Py_TYPE(obj);
    if ((PyObject *)t == r->task_type || (PyObject *)t == r->py_task_type)
        return 1;
    if (PyObject_TypeCheck(obj, (PyTypeObject *)r->task_type))
        return 1;
    return 0;
}

/* Is this the C Task's step wrapper type? Its tp_name is "TaskStepMethWrapper" up to 3.12
   and "_asyncio.TaskStepMethWrapper" from 3.13 (a heap type names its module): the part
   after the last dot, as type(x).__name__ reads it. */
static int is_step_wrapper_name(const char *tp_name) {
    const char *dot = strrchr(tp_name, '.');
    return strcmp(dot != NULL ? dot + 1 : tp_name, "TaskStepMethWrapper") == 0;
}

/* The task a handle's callback steps, as a new reference, or NULL (with no error) when the
   callback is not a task's step or wake-up: the C TaskStepMethWrapper and task_wakeup, and
   the pure-Python Task's __step / __wakeup bound methods (loop.py's _STEP_NAMES). */
static PyObject *step_owner(Runner *r, PyObject *callback) {
    PyTypeObject *t = Py_TYPE(callback);
    PyObject *owner = NULL;
    if (t == r->step_wrapper) {
        owner = PyObject_GetAttr(callback, s_self);
        if (owner == NULL)
            return NULL;
    } else if (PyCFunction_Check(callback)) {
        PyObject *self = PyCFunction_GET_SELF(callback);
        const char *name = ((PyCFunctionObject *)callback)->m_ml->ml_name;
        if (self == NULL || strcmp(name, "task_wakeup") != 0)
            return NULL;
        owner = Py_NewRef(self);
    } else if (PyMethod_Check(callback)) {
        PyObject *func = PyMethod_GET_FUNCTION(callback);
        if (!PyFunction_Check(func))
            return NULL;
        PyObject *name = ((PyFunctionObject *)func)->func_name;
        if (!PyUnicode_Check(name) || (PyUnicode_CompareWithASCIIString(name, "__step") != 0
                                       && PyUnicode_CompareWithASCIIString(name, "__wakeup") != 0))
            return NULL;
        owner = Py_NewRef(PyMethod_GET_SELF(callback));
    } else if (r->step_wrapper == NULL && is_step_wrapper_name(t->tp_name)) {
        r->step_wrapper = (PyTypeObject *)Py_NewRef((PyObject *)t);
        owner = PyObject_GetAttr(callback, s_self);
        if (owner == NULL)
            return NULL;
    } else {
        return NULL;
    }
    if (!is_task(r, owner)) {
        Py_DECREF(owner);
        return NULL;
    }
    return owner;
}

/* The serial of a task (0 when it has none yet); -1 with an exception on failure. */
static int64_t task_serial(PyObject *task) {
    PyObject *v = NULL;
    if (optional_attr(task, s_ls_serial, &v) < 0)
        return -1;
    if (v == NULL)
        return 0;
    int64_t out = PyLong_AsLongLong(v);
    Py_DECREF(v);
    return out;
}

static int call_method_void(PyObject *obj, PyObject *name, PyObject *const *args, size_t n) {
    assert(n <= 4);
    PyObject *stack[5];  /* the object and at most four arguments */
    stack[0] = obj;
    for (size_t i = 0; i < n; i++)
        stack[i + 1] = args[i];
    PyObject *res = PyObject_VectorcallMethod(name, stack, (n + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                              NULL);
    if (res == NULL)
        return -1;
    Py_DECREF(res);
    return 0;
}

/* Three ints of a (wait, detail, c) or (cause, detail, mask) tuple. */
static int triple(PyObject *tuple, int64_t *out, Py_ssize_t offset) {
    if (!PyTuple_Check(tuple) || PyTuple_GET_SIZE(tuple) < offset + 3) {
        PyErr_SetString(PyExc_TypeError, "expected a tuple of three ints");
        return -1;
    }
    for (Py_ssize_t i = 0; i < 3; i++) {
        long long v = PyLong_AsLongLong(PyTuple_GET_ITEM(tuple, offset + i));
        if (v == -1 && PyErr_Occurred())
            return -1;
        out[i] = v;
    }
    return 0;
}

/* Was a unit of ``elapsed`` ns slow? ls.slow_ns is read after the unit, as the pure path
   does: the unit itself may have changed it (set_slow_step_threshold). 1 or 0; -1 with an
   exception set. */
static int slow_beyond(Runner *r, int64_t elapsed) {
    int64_t threshold = slot_int(r->ls, &r->ls_slow_ns);
    if (threshold == -1 && PyErr_Occurred())
        return -1;
    return elapsed > threshold;
}

/* The unit that runs a task step (loop.py: the RUN branch for a task). */
static int run_step(Runner *r, PyObject *handle, PyObject *owner, int64_t unit) {
    int64_t serial = task_serial(owner);
    if (serial < 0)
        return -1;
    PyObject *serial_obj;
    if (serial == 0) {
        serial_obj = PyObject_CallMethodOneArg(r->loop, s_ls_register, owner);
        if (serial_obj == NULL)
            return -1;
        serial = PyLong_AsLongLong(serial_obj);
    } else {
        serial_obj = PyLong_FromLongLong(serial);
        if (serial_obj == NULL)
            return -1;
    }
    int rc = -1;
    PyObject *cause = NULL, *waiter = NULL, *end = NULL;
    if (slot_set(r->ls, &r->ls_running, serial_obj) < 0)
        goto done;
    cause = Py_BuildValue("(lLi)", C_TASK, (long long)serial, 0);
    if (cause == NULL || slot_set(r->ls, &r->ls_cause, cause) < 0)
        goto done;
    int unnamed = PySet_GET_SIZE(r->unnamed) ? PySet_Contains(r->unnamed, serial_obj) : 0;
    if (unnamed < 0)
        goto done;
    if (unnamed) {
        PyObject *args[2] = {owner, serial_obj};
        if (call_method_void(r->loop, s_ls_check_name, args, 2) < 0)
            goto done;
    }
    int64_t t0 = now_ns();
    if (ring_write(r->ring, t0, STEP_BEGIN, serial, unit, 0, 0) < 0)
        goto done;
    PyObject *res = PyObject_CallMethodNoArgs(handle, s_run);
    /* (ls.running = 0 even when the handle raised: the pure path's try/finally) */
    PyObject *zero = PyLong_FromLong(0);
    if (zero == NULL || slot_set(r->ls, &r->ls_running, zero) < 0) {
        Py_XDECREF(zero);
        Py_XDECREF(res);
        goto done;
    }
    Py_DECREF(zero);
    if (res == NULL)
        goto done;
    Py_DECREF(res);

    waiter = PyObject_GetAttr(owner, s_fut_waiter);
    if (waiter == NULL)
        goto done;
    int64_t wait[3];
    int have_end = 0;
    if (waiter == Py_None) {
        PyObject *is_done = PyObject_CallMethodNoArgs(owner, s_done);
        if (is_done == NULL)
            goto done;
        int finished = PyObject_IsTrue(is_done);
        Py_DECREF(is_done);
        if (finished < 0)
            goto done;
        if (!finished) {
            wait[0] = W_READY;
            wait[1] = wait[2] = 0;
            have_end = 1;
        }
    } else {
        if (optional_attr(waiter, s_ls_wait, &end) < 0)
            goto done;
        if (end != NULL) {
            if (triple(end, wait, 0) < 0)
                goto done;
            have_end = 1;
        } else if ((PyObject *)Py_TYPE(waiter) == r->task_type
                   || (PyObject *)Py_TYPE(waiter) == r->py_task_type) {
            int64_t waited = task_serial(waiter);
            if (waited < 0)
                goto done;
            wait[0] = W_TASK;
            wait[1] = waited;
            wait[2] = 0;
            have_end = 1;
        }
    }
    int64_t t1;
    if (!have_end) {  /* finished, or a wait that needs naming: loop.py words it */
        PyObject *args[2] = {owner, serial_obj};
        if (call_method_void(r->loop, s_ls_after_step, args, 2) < 0)
            goto done;
        t1 = now_ns();
    } else {
        t1 = now_ns();
        if (ring_write(r->ring, t1, STEP_END, serial, wait[0], wait[1], wait[2]) < 0)
            goto done;
    }
    if (slow_beyond(r, t1 - t0) != 0) {
        if (PyErr_Occurred())
            goto done;
        PyObject *elapsed = PyLong_FromLongLong(t1 - t0);
        if (elapsed == NULL)
            goto done;
        PyObject *args[4] = {serial_obj, elapsed, owner, Py_None};
        int slow_rc = call_method_void(r->loop, s_ls_slow, args, 4);
        Py_DECREF(elapsed);
        if (slow_rc < 0)
            goto done;
    }
    rc = 0;
done:
    Py_DECREF(serial_obj);
    Py_XDECREF(cause);
    Py_XDECREF(waiter);
    Py_XDECREF(end);
    return rc;
}

/* The unit that runs a plain callback (loop.py: the RUN branch for a callback). */
static int run_callback(Runner *r, PyObject *handle, PyObject *callback, int64_t unit) {
    int64_t hserial = 0;
    PyObject *info = PyDict_GetItemWithError(r->callbacks, handle);  /* borrowed */
    if (info == NULL && PyErr_Occurred())
        return -1;
    if (info == NULL) {
        if (slot_set(r->ls, &r->ls_cause, r->no_cause) < 0)
            return -1;
    } else {
        Py_INCREF(info);
        if (PyDict_DelItem(r->callbacks, handle) < 0) {
            Py_DECREF(info);
            return -1;
        }
        int64_t fields[3];
        PyObject *cause = NULL;
        if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 4) {
            PyErr_SetString(PyExc_TypeError, "a ready callback's record must be a 4-tuple");
        } else {
            hserial = PyLong_AsLongLong(PyTuple_GET_ITEM(info, 0));
            if (!(hserial == -1 && PyErr_Occurred()) && triple(info, fields, 1) == 0)
                cause = PyTuple_GetSlice(info, 1, 4);
        }
        Py_DECREF(info);
        if (cause == NULL)
            return -1;
        int rc = slot_set(r->ls, &r->ls_cause, cause);
        Py_DECREF(cause);
        if (rc < 0)
            return -1;
    }
    /* The callback's name, interned once per qualname (loop.py: ls.names). */
    PyObject *qualname = NULL;
    int64_t sid = -1;
    if (optional_attr(callback, s_qualname, &qualname) < 0)
        return -1;
    if (qualname != NULL && PyUnicode_CheckExact(qualname)) {
        PyObject *known = PyDict_GetItemWithError(r->names, qualname);
        if (known == NULL && PyErr_Occurred()) {
            Py_DECREF(qualname);
            return -1;
        }
        if (known != NULL)
            sid = PyLong_AsLongLong(known);
    }
    Py_XDECREF(qualname);
    if (sid < 0) {
        PyObject *sid_obj = PyObject_CallMethodOneArg(r->loop, s_ls_callback_sid, callback);
        if (sid_obj == NULL)
            return -1;
        sid = PyLong_AsLongLong(sid_obj);
        Py_DECREF(sid_obj);
        if (sid == -1 && PyErr_Occurred())
            return -1;
    }
    int64_t t0 = now_ns();
    if (ring_write(r->ring, t0, CALLBACK_BEGIN, 0, hserial, sid, unit) < 0)
        return -1;
    Py_ssize_t begin_slot = ring_last_slot(r->ring);
    int64_t begin_seq = r->ring->seq;
    PyObject *res = PyObject_CallMethodNoArgs(handle, s_run);
    if (res == NULL)
        return -1;
    Py_DECREF(res);
    int64_t t1 = now_ns();
    if (ring_end_callback(r->ring, begin_slot, begin_seq, t1, hserial) < 0)
        return -1;
    if (slow_beyond(r, t1 - t0) != 0) {
        if (PyErr_Occurred())
            return -1;
        PyObject *elapsed = PyLong_FromLongLong(t1 - t0);
        if (elapsed == NULL)
            return -1;
        PyObject *zero = PyLong_FromLong(0);
        PyObject *args[4] = {zero, elapsed, Py_None, callback};
        int rc = zero == NULL ? -1 : call_method_void(r->loop, s_ls_slow, args, 4);
        Py_XDECREF(zero);
        Py_DECREF(elapsed);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* run_ready(ntodo, gate) -> how many of the ntodo handles are left to run.

   Runs RUN units while the gate stays open, exactly as the pure loop in _run_once does;
   returns early (with the count left) the moment the gate is not open, before popping the
   next handle, so that the pure loop goes on from there and waits at the gate. */
static PyObject *Runner_run_ready(Runner *r, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "run_ready(ntodo, gate)");
        return NULL;
    }
    Py_ssize_t ntodo = PyLong_AsSsize_t(args[0]);
    if (ntodo == -1 && PyErr_Occurred())
        return NULL;
    PyObject *gate = args[1];
    while (ntodo > 0) {
        PyObject *open = PyObject_GetAttr(gate, s_open);
        if (open == NULL)
            return NULL;
        int is_open = PyObject_IsTrue(open);
        Py_DECREF(open);
        if (is_open < 0)
            return NULL;
        if (!is_open)
            break;
        ntodo--;
        PyObject *handle = PyObject_CallMethodNoArgs(r->ready, s_popleft);
        if (handle == NULL)
            return NULL;
        int exact = PyObject_TypeCheck(handle, r->handle_type);
        PyObject *cancelled = exact ? slot_get(handle, &r->h_cancelled)
                                    : PyObject_GetAttr(handle, s_cancelled);
        int is_cancelled = cancelled == NULL ? -1 : PyObject_IsTrue(cancelled);
        Py_XDECREF(cancelled);
        if (is_cancelled < 0) {
            Py_DECREF(handle);
            return NULL;
        }
        if (is_cancelled) {
            int64_t hserial = 0;
            PyObject *info = PyDict_GetItemWithError(r->callbacks, handle);
            if (info != NULL) {
                hserial = PyLong_AsLongLong(PyTuple_GET_ITEM(info, 0));
                if (PyDict_DelItem(r->callbacks, handle) < 0) {
                    Py_DECREF(handle);
                    return NULL;
                }
            }
            Py_DECREF(handle);
            if (PyErr_Occurred() || ring_write(r->ring, now_ns(), HANDLE_SKIPPED, 0, hserial, 0,
                                               0) < 0)
                return NULL;
            continue;
        }
        /* ls.unit is read and written around each unit: code run by the handle (an eager
           task's first step, 3.12+) may count units of its own. */
        int64_t unit = slot_int(r->ls, &r->ls_unit);
        if ((unit == -1 && PyErr_Occurred()) || slot_set_int(r->ls, &r->ls_unit, unit + 1) < 0) {
            Py_DECREF(handle);
            return NULL;
        }
        unit += 1;
        PyObject *callback = exact ? slot_get(handle, &r->h_callback)
                                   : PyObject_GetAttr(handle, s_callback);
        if (callback == NULL) {
            Py_DECREF(handle);
            return NULL;
        }
        int rc;
        PyObject *owner = step_owner(r, callback);
        if (owner == NULL && PyErr_Occurred()) {
            rc = -1;
        } else if (owner != NULL) {
            rc = run_step(r, handle, owner, unit);
            Py_DECREF(owner);
        } else {
            rc = run_callback(r, handle, callback, unit);
        }
        Py_DECREF(callback);
        Py_DECREF(handle);
        if (slot_set(r->ls, &r->ls_cause, r->outside) < 0 || rc < 0)
            return NULL;
        if (PyList_GET_SIZE(r->named_later) > 0
                && call_method_void(r->loop, s_ls_name_later, NULL, 0) < 0)
            return NULL;
    }
    return PyLong_FromSsize_t(ntodo);
}

/* note_ready(callback, handle) -> True when recorded here, False when loop.py's own
   _call_soon must record it (a task seen for the first time: registration, eager steps).

   The recording half of _call_soon: TASK_READY for a task's step or wake-up (its cause is
   the loop's current one, or YIELD when the task scheduled itself), CALLBACK_READY and the
   handle's entry in ls.callbacks for anything else. */
static PyObject *Runner_note_ready(Runner *r, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "note_ready(callback, handle)");
        return NULL;
    }
    PyObject *callback = args[0], *handle = args[1];
    PyObject *owner = step_owner(r, callback);
    if (owner == NULL && PyErr_Occurred())
        return NULL;
    int64_t running = slot_int(r->ls, &r->ls_running);
    if (running == -1 && PyErr_Occurred()) {
        Py_XDECREF(owner);
        return NULL;
    }
    if (owner != NULL) {
        int64_t serial = task_serial(owner);
        Py_DECREF(owner);
        if (serial < 0)
            return NULL;
        if (serial == 0)
            Py_RETURN_FALSE;
        int rc;
        if (serial == running) {
            rc = ring_write(r->ring, now_ns(), TASK_READY, serial, C_YIELD, serial, 0);
        } else {
            PyObject *cause = slot_get(r->ls, &r->ls_cause);
            int64_t c[3];
            rc = cause == NULL ? -1 : triple(cause, c, 0);
            Py_XDECREF(cause);
            if (rc == 0)
                rc = ring_write(r->ring, now_ns(), TASK_READY, serial, c[0], c[1], c[2]);
        }
        if (rc < 0)
            return NULL;
        Py_RETURN_TRUE;
    }
    PyObject *hserial = PyObject_CallNoArgs(r->handle_seq);
    if (hserial == NULL)
        return NULL;
    PyObject *cause = slot_get(r->ls, &r->ls_cause);
    int64_t c[3];
    PyObject *info = NULL;
    int rc = -1;
    if (cause != NULL && triple(cause, c, 0) == 0) {
        info = PyTuple_Pack(4, hserial, PyTuple_GET_ITEM(cause, 0), PyTuple_GET_ITEM(cause, 1),
                            PyTuple_GET_ITEM(cause, 2));
        if (info != NULL && PyDict_SetItem(r->callbacks, handle, info) == 0)
            rc = ring_write(r->ring, now_ns(), CALLBACK_READY, running,
                            PyLong_AsLongLong(hserial), c[0], c[1]);
    }
    Py_XDECREF(cause);
    Py_XDECREF(info);
    Py_DECREF(hserial);
    if (rc < 0)
        return NULL;
    Py_RETURN_TRUE;
}

/* call_soon(callback, args, context) -> the Handle: the loop's _call_soon, compiled. loop.py
   makes it the loop's ``_call_soon`` outside debug mode (see _ls_choose_call_soon there).

   Stock semantics: a Handle is made and appended to the ready queue; then, while recording,
   note_ready records it (or, when it declines, loop._ls_note_ready does: a new task). The
   debug-mode trimming of the Handle's source traceback is not done here: outside debug
   mode a Handle keeps no traceback. */
static PyObject *Runner_call_soon(Runner *r, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "call_soon(callback, args, context)");
        return NULL;
    }
    PyObject *make[4] = {args[0], args[1], r->loop, args[2]};
    PyObject *handle = PyObject_Vectorcall((PyObject *)r->handle_type, make, 4, NULL);
    if (handle == NULL)
        return NULL;
    PyObject *res = PyObject_CallMethodOneArg(r->ready, s_append, handle);
    if (res == NULL)
        goto fail;
    Py_DECREF(res);
    PyObject *tracing = slot_get(r->ls, &r->ls_tracing);
    int on = tracing == NULL ? -1 : PyObject_IsTrue(tracing);
    Py_XDECREF(tracing);
    if (on < 0)
        goto fail;
    if (on) {
        PyObject *note[2] = {args[0], handle};
        PyObject *done = Runner_note_ready(r, note, 2);
        if (done == NULL)
            goto fail;
        Py_DECREF(done);
        if (done == Py_False && call_method_void(r->loop, s_ls_note_ready, note, 2) < 0)
            goto fail;
    }
    return handle;
fail:
    Py_DECREF(handle);
    return NULL;
}

static int Runner_init(Runner *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"loop", "ls", "ring", "ready", "task_type", "py_task_type",
                             "outside", "no_cause", "handle_type", NULL};
    PyObject *loop, *ls, *ring, *ready, *task_type, *py_task_type, *outside, *no_cause,
        *handle_type;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOO!OOOO!O!O!", kwlist, &loop, &ls,
                                     &RingType, &ring, &ready, &task_type, &py_task_type,
                                     &PyTuple_Type, &outside, &PyTuple_Type, &no_cause,
                                     &PyType_Type, &handle_type))
        return -1;
    if (!PyType_Check(task_type) || !PyType_Check(py_task_type)) {
        PyErr_SetString(PyExc_TypeError, "task types must be types");
        return -1;
    }
    PyObject *callbacks = PyObject_GetAttrString(ls, "callbacks");
    PyObject *names = PyObject_GetAttrString(ls, "names");
    PyObject *unnamed = PyObject_GetAttrString(ls, "unnamed");
    PyObject *named_later = PyObject_GetAttrString(ls, "named_later");
    PyObject *handle_seq = PyObject_GetAttrString(ls, "handle_seq");
    if (callbacks == NULL || names == NULL || unnamed == NULL || named_later == NULL
            || handle_seq == NULL || !PyDict_CheckExact(callbacks) || !PyDict_CheckExact(names)
            || !PyAnySet_Check(unnamed) || !PyList_CheckExact(named_later)) {
        Py_XDECREF(callbacks);
        Py_XDECREF(names);
        Py_XDECREF(unnamed);
        Py_XDECREF(named_later);
        Py_XDECREF(handle_seq);
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "ls lacks the loop's tables");
        return -1;
    }
    Py_XSETREF(self->loop, Py_NewRef(loop));
    Py_XSETREF(self->ls, Py_NewRef(ls));
    Py_XSETREF(self->ring, (Ring *)Py_NewRef(ring));
    Py_XSETREF(self->ready, Py_NewRef(ready));
    Py_XSETREF(self->task_type, Py_NewRef(task_type));
    Py_XSETREF(self->py_task_type, Py_NewRef(py_task_type));
    Py_XSETREF(self->outside, Py_NewRef(outside));
    Py_XSETREF(self->no_cause, Py_NewRef(no_cause));
    Py_XSETREF(self->handle_type, (PyTypeObject *)Py_NewRef(handle_type));
    slot_init(&self->ls_unit, Py_TYPE(ls), s_unit);
    slot_init(&self->ls_running, Py_TYPE(ls), s_running);
    slot_init(&self->ls_cause, Py_TYPE(ls), s_cause);
    slot_init(&self->ls_slow_ns, Py_TYPE(ls), s_slow_ns);
    slot_init(&self->ls_tracing, Py_TYPE(ls), s_tracing);
    slot_init(&self->h_cancelled, (PyTypeObject *)handle_type, s_cancelled);
    slot_init(&self->h_callback, (PyTypeObject *)handle_type, s_callback);
    Py_XSETREF(self->callbacks, callbacks);
    Py_XSETREF(self->names, names);
    Py_XSETREF(self->unnamed, unnamed);
    Py_XSETREF(self->named_later, named_later);
    Py_XSETREF(self->handle_seq, handle_seq);
    return 0;
}

static int Runner_traverse(Runner *self, visitproc visit, void *arg) {
    Py_VISIT(self->loop);
    Py_VISIT(self->ls);
    Py_VISIT((PyObject *)self->ring);
    Py_VISIT(self->ready);
    Py_VISIT(self->callbacks);
    Py_VISIT(self->names);
    Py_VISIT(self->unnamed);
    Py_VISIT(self->named_later);
    Py_VISIT(self->handle_seq);
    Py_VISIT(self->task_type);
    Py_VISIT(self->py_task_type);
    Py_VISIT(self->outside);
    Py_VISIT(self->no_cause);
    Py_VISIT((PyObject *)self->handle_type);
    Py_VISIT((PyObject *)self->step_wrapper);
    return 0;
}

static int Runner_clear(Runner *self) {
    Py_CLEAR(self->loop);
    Py_CLEAR(self->ls);
    Py_CLEAR(self->ring);
    Py_CLEAR(self->ready);
    Py_CLEAR(self->callbacks);
    Py_CLEAR(self->names);
    Py_CLEAR(self->unnamed);
    Py_CLEAR(self->named_later);
    Py_CLEAR(self->handle_seq);
    Py_CLEAR(self->task_type);
    Py_CLEAR(self->py_task_type);
    Py_CLEAR(self->outside);
    Py_CLEAR(self->no_cause);
    Py_CLEAR(self->handle_type);
    Py_CLEAR(self->step_wrapper);
    return 0;
}

static void Runner_dealloc(Runner *self) {
    PyObject_GC_UnTrack(self);
    Runner_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Runner_methods[] = {
    {"run_ready", (PyCFunction)(void (*)(void))Runner_run_ready, METH_FASTCALL,
     "run_ready(ntodo, gate): run RUN units while the gate is open; returns how "
     "many of ntodo are left."},
    {"call_soon", (PyCFunction)(void (*)(void))Runner_call_soon, METH_FASTCALL,
     "call_soon(callback, args, context): the loop's _call_soon, outside debug mode."},
    {"note_ready", (PyCFunction)(void (*)(void))Runner_note_ready, METH_FASTCALL,
     "note_ready(callback, handle): record a handle entering the ready queue; False when "
     "the caller must (a task seen for the first time)."},
    {NULL}};

static PyTypeObject RunnerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "app.runtime._accel.Runner",
    .tp_basicsize = sizeof(Runner),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Runner(loop, ls, ring, ready, task_type, py_task_type, outside, no_cause): the "
              "compiled RUN units of one traced loop.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Runner_init,
    .tp_dealloc = (destructor)Runner_dealloc,
    .tp_traverse = (traverseproc)Runner_traverse,
    .tp_clear = (inquiry)Runner_clear,
    .tp_methods = Runner_methods,
};

/* ---------------------------------------------------------------------------------------- */

static struct PyModuleDef accel_module = {
    PyModuleDef_HEAD_INIT, "app.runtime._accel",
    "The compiled recording path of LoopScope's traced loop (optional; see _accel.c).", -1,
    NULL};

#define INTERN(var, text)                                   \
    do {                                                    \
        var = PyUnicode_InternFromString(text);             \
        if (var == NULL)                                    \
            return NULL;                                    \
    } while (0)

PyMODINIT_FUNC PyInit__accel(void) {
    INTERN(s_cancelled, "_cancelled");
    INTERN(s_callback, "_callback");
    INTERN(s_self, "__self__");
    INTERN(s_run, "_run");
    INTERN(s_fut_waiter, "_fut_waiter");
    INTERN(s_done, "done");
    INTERN(s_ls_serial, "_ls_serial");
    INTERN(s_ls_wait, "_ls_wait");
    INTERN(s_qualname, "__qualname__");
    INTERN(s_popleft, "popleft");
    INTERN(s_running, "running");
    INTERN(s_cause, "cause");
    INTERN(s_unit, "unit");
    INTERN(s_open, "open");
    INTERN(s_ls_register, "_ls_register");
    INTERN(s_ls_check_name, "_ls_check_name");
    INTERN(s_ls_after_step, "_ls_after_step");
    INTERN(s_ls_slow, "_ls_slow");
    INTERN(s_ls_name_later, "_ls_name_later");
    INTERN(s_ls_callback_sid, "_ls_callback_sid");
    INTERN(s_slow_ns, "slow_ns");
    INTERN(s_append, "append");
    INTERN(s_tracing, "tracing");
    INTERN(s_ls_note_ready, "_ls_note_ready");
    if (PyType_Ready(&RingType) < 0 || PyType_Ready(&RunnerType) < 0)
        return NULL;
    PyObject *events = PyImport_ImportModule("app.trace.events");
    if (events == NULL)
        return NULL;
    struct { long *slot; const char *enum_name, *member; } values[] = {
        {&TASK_READY, "Ev", "TASK_READY"}, {&STEP_BEGIN, "Ev", "STEP_BEGIN"},
        {&STEP_END, "Ev", "STEP_END"}, {&CALLBACK_READY, "Ev", "CALLBACK_READY"},
        {&CALLBACK_BEGIN, "Ev", "CALLBACK_BEGIN"}, {&CALLBACK_END, "Ev", "CALLBACK_END"},
        {&HANDLE_SKIPPED, "Ev", "HANDLE_SKIPPED"}, {&POLL_BEGIN, "Ev", "POLL_BEGIN"},
        {&POLL_END, "Ev", "POLL_END"}, {&C_TASK, "Cause", "TASK"},
        {&C_YIELD, "Cause", "YIELD"}, {&W_READY, "Wait", "READY"}, {&W_TASK, "Wait", "TASK"}};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        PyObject *owner = PyObject_GetAttrString(events, values[i].enum_name);
        PyObject *member = owner == NULL ? NULL : PyObject_GetAttrString(owner, values[i].member);
        Py_XDECREF(owner);
        *values[i].slot = member == NULL ? -1 : PyLong_AsLong(member);
        Py_XDECREF(member);
        if (PyErr_Occurred()) {
            Py_DECREF(events);
            return NULL;
        }
    }
    Py_DECREF(events);
    PyObject *m = PyModule_Create(&accel_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObjectRef(m, "Ring", (PyObject *)&RingType) < 0
            || PyModule_AddObjectRef(m, "Runner", (PyObject *)&RunnerType) < 0
            || PyModule_AddIntConstant(m, "FIELDS", FIELDS) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
