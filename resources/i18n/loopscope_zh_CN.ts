<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name />
        <message>
            <source> (eager: its first step runs inside create_task)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> Host </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> and {n} more</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> · eager start</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> · for {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> · {n:,} older events let go (memory bound)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(callback)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(no Python frames: the task has not started)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(none yet)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(none)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(none: the wait timed out)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(several)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>+ {n} finished before the events held</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>+ {n} more</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>+ {n} plain callback(s) queued</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>, at the cost of {switches:,} switches (the loop made {steps:,} task steps).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>; timers were at most {t} late</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>; {late} of {n} timer wake-ups ran more than 1 ms late, up to {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Cooperative&lt;/b&gt; — asyncio tasks on one loop thread: a task runs until it awaits</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Not chosen yet&lt;/b&gt; — pick a session with “{button}”</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Preemptive&lt;/b&gt; — one OS thread per task: the interpreter switches threads every switch interval (waits for the GIL are inferred)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;{backend}&lt;/b&gt; ({model}: {how}) — {file}: {workload}, {platform}, Python {python}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>? CPUs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A turn lasts until another task runs. Half of all running time was spent in turns at least this long: one 300 ms step outweighs a thousand 10 µs wake-ups, which a plain median would report.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About LoopScope</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Activity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>An event means only "a read would not block now". By the time the loop reads, another reader may have taken the data, or the wake-up was spurious; a blocking read would then stall the whole loop and every task on it. So the loop reads without blocking and, if nothing is there, simply waits again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Animate the board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ask before discarding a run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Backend </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Below 1: one registration serves many reads (readiness keeps an fd registered). About 1: every read is an operation of its own (completion).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Board — where every task is now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Both recordings use a {model} backend ({a} and {b}): the same model, so the difference between them is in the counts, not in who does the read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Both sessions ran on {backend}: the same model; the counts still compare.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CPU share: {task}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel workloads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot export</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot open this file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot open {name}: {reason}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot run this script</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot save</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cannot switch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Close session</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Collapse finished tasks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Command</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Compare cooperative vs preemptive…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Compare sessions…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Completion ({backend}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Completion queue — dequeued:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Conditions: Python {py} ({impl}), GIL {gil}, switch interval {si} ms, {cores} cores, {plat}. The GUI thread used {gui} of CPU during the threaded run ({share:.1f} % of it): its display timers were stopped while the runs lasted.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Controls</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cooperative</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Coroutine</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Created at</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Different samples.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Discard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Don't ask again (Run → Ask before discarding a run)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Done (most recent first)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Done (recent first)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Duration (first to last event)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Each run's result, timings aside.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Each timeline starts at its own recording's first event.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>End</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Event log</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Events per poll: mean / most</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Events recorded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Events returned (FD_EVENT)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export Perfetto / Chrome trace</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export Perfetto / Chrome trace…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export cancelled: no file was written.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export image</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export image…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exporting {name}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First session</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First session to compare</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First session…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fit all</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Follow live</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Follow the newest event (End)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>GIL off (free-threaded)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>GIL on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>GIL switch interval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Guide to the views</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>I/O</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>IOCP only: the operation finished inside the call that started it (the data was there); no packet was waited for.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>In the first recording ({backend}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>In the second recording ({backend}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Inspector</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>JSON that opens in ui.perfetto.dev and chrome://tracing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep the newest events in view (F). Scrolling back in time turns it off.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kernel — completion port</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kernel — the OS event queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Key</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keyboard map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Launch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Live</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Live stack: the task now, the loop paused after event {i:,}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Longest single wait</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Longest uninterrupted run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loop lag: how late due timers were handled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope command: launch {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope command: {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope runs a real asyncio event loop on the kernel's own event queue, records every scheduling event and shows tasks moving between registered, ready and running.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope sessions (*.loopscope);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope — cooperative vs preemptive</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope — guide to the views</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope — keyboard map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope — live recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope — saved sessions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope — {a} vs {b} (saved sessions)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope — {name} (saved session, read-only)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>LoopScope: {workload}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Makespan (whole run)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Measure</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Metrics</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No events yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No stack at event {i:,}: a task's stack is read from the paused loop, so it belongs to the newest event (End).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No stack: the task is done.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No stack: the task is not created yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not a completion backend: no operations to finish.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nothing to cancel: no workload is running.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>OS threads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>On the Qt host the observed loop runs inside Qt's event loop, on the GUI thread: while one of its steps runs, the window cannot repaint or take input. The engine-thread host keeps the window fluid.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>One running interval: a task's step, or a thread's run until it blocked or was switched out.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open script</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open script…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open session</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open session…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opening cancelled: nothing changed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opening {name} cancelled: nothing changed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opening {name}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Operations finished at once</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Operations started (FD_REGISTER): {ops:,}, reads among them: {reads:,}, on distinct handles: {handles:,}. Completion packets dequeued (FD_EVENT): {packets:,}, in waits: {polls:,} ({per:.2f} per wait). Operations finished inside the call that started them: {once:,}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outstanding operations:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>POLL_END events: epoll_wait / kevent / poll / select returned, or GetQueuedCompletionStatus did.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Parameters</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Parent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pause</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Paused: cancelling takes effect when the loop runs again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pick a sample and run it both ways, or open two saved sessions to compare their event queues.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Point at a bar for details · click: move the cursor · wheel: zoom · drag: pan · Shift+wheel: scroll lanes · F: follow live</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Poll</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Polls (waits in the event queue)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Polls that returned nothing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preemptive</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Python scripts (*.py)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Qt event loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Re&amp;play</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read events: {events:,}; read registrations: {regs:,} — an fd stays registered across messages.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read registrations per read done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Readiness ({backend}).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Readiness: a socket that can be read or written now. Completion: a finished operation's packet, dequeued.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Readiness: an fd added to the kernel's interest list. Completion: an overlapped operation started (WSARecv, AcceptEx, WSASend…).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Readiness: read events. Completion: read completions, dequeued or at once.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reads done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reads started: {started:,}; reads done: {done:,} (at once: {once:,}) — a new operation for every read.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ready queue (head first)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ready queue ↓</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recording </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registered (waiting)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registered · I/O (an operation in flight)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registered · I/O (fd)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registered · a thread</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registered · another task / a future</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registered · timers (soonest first)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registrations (FD_REGISTER)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registrations (FD_REGISTER): {regs:,}, on distinct fds: {handles:,}. Events returned (FD_EVENT): {events:,}, in polls: {polls:,} ({per:.2f} per poll).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Registrations per fd</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replay</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reset and backend or host switches start a new loop: offer to save the run first</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Run / Pause</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Run both</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Running (one at a time)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Running {name} as asyncio tasks…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Running {name} on OS threads…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Same work done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sample</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save session</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save session…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the live recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved sessions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saving cancelled: no file was written.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saving {name}…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Second session</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Second session to compare</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Second session…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a task first (board or event log).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a task on the board or in the event log.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sessions — {sessions}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show the whole recording (0)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Showing the live loop; {note}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Single-unit stepping needs the engine-thread host: in the Qt host the loop runs inside Qt's own event loop, which cannot stop in the middle of an iteration. Use Step iteration.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Single-unit stepping needs the engine-thread host; use Step iteration</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Slow-step warning above</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Source</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Speed </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>State</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>State as lists</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step duration</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step iteration</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step to selected task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step took</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Steps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Switch the backend</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Switch the host</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Switches (running intervals)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Task #{n}: not recorded yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Task steps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tasks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tasks that finished before the visible window share one counted row</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The Qt host needs a kernel event queue with a pollable fd (epoll or kqueue); {backend} has none.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The board</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The guide is part of LoopScope's README, which this installation does not carry.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The image could not be written to {path}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The kernel only says that a socket can be read now. The program does the read itself, after the event, with a non-blocking recv() into a buffer of its own: the buffer is filled by that call, in a step of the loop.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The live stack of a suspended task is shown while the engine is paused.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The loop thread blocks in the kernel until an fd fires or the deadline passes: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The loop thread blocks on the completion port until a packet is queued or the deadline passes: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The program starts the read (WSARecv with an OVERLAPPED) and hands the kernel the buffer. The kernel does the read, during the operation, and fills the buffer before it queues the completion packet: when GetQueuedCompletionStatus returns it, the data is already there. Nothing is left to read, so nothing can block.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The same model.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The script failed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The session's last event (End)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The source of this sample is not part of this installation (its Python files were installed as bytecode only).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The sum of every poll's blocked time, and its share of the duration.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The task with the highest CPU share: how long it kept the loop (cooperative) or the GIL (threads) before another task ran.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The timeline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The wait ended by its timeout (a timer was due) or was woken for nothing.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The whole run took {c} cooperatively and {p} with threads ({ratio:.2f}×).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The whole window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>These differ: {fields}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>These recordings are of {a} and {b}: their counts describe different work.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This is the saved session's last event (← steps back; the Recording box shows the live loop).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This run had no task or thread of that name.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time (ms)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time blocked in the kernel per poll</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time blocked in the wait call</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time blocked in the wait call.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Timeline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Timer lateness max</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Timer lateness p50</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Timer lateness p99</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Trace Event JSON (*.json)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Turns of {task}: median / longest</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Typical turn, by running time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wake-to-run latency (time in the ready queue)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What happened</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What it does</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What to look for: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What to save as PNG:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Where the step ended</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Which recording the views show: the live loop, or a saved session opened from a file (read-only). The live loop goes on recording while a session is shown.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Why / how long</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Why the read after the event is non-blocking.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>With threads, no thread ran longer than {t} at a time (the busiest, {busiest}, ran in slices of {slice} at the median)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Woken by</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Workloads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Your script, running on the traced loop.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a LoopScope command ({what})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a blocking call to return ({name})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a callback</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a callback ran</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a future: {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a saved session for the lower timeline (an IOCP recording of the same sample, say)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a saved session for the upper timeline (an epoll recording, say)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a task ran</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a task's live stack can be read only while paused</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>a thread ({name})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>all tasks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an overlapped operation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an overlapped operation on handle {h} completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an overlapped receive/accept on handle {h} completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an overlapped send/connect on handle {h} completed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>an untraced thread ran</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>another thread ({name})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>any fd</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>any handle</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>as a script</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>at {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>between units (the loop's own bookkeeping)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>blocked in poll</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>blocked in {call}(timeout = {t})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>blocked in {call}(timeout = {t}) for {e}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>blocked on the completion port</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>call_soon_threadsafe</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>callback</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>callback #{n} returns</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>callback #{n} runs: {fn}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>callback #{n} {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>callback #{n} → ready queue: {cause}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>callback {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>callbacks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cancel every running workload</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cancelled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cancelled handle #{n} leaves the ready queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cause {n}, unknown to this version</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>change fd {fd} interest to {mask}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>command {n}, unknown to this version</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>command: {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>commands (LoopScope)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completion dequeued: receive / accept</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completion dequeued: send / connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completion packets</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>completion {op} handle {h}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cooperative</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>count</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>data from handle {h}, which its transport's overlapped receive delivers ({name})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>dropped: {n:,}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>end · {n:,} events</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>engine thread</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>error: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>error: {e}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>event loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>event loop ({backend})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>event {i:,} of {n:,} · {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>event {kind}, unknown to this version: {task} {a} {b} {c}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>events per 100 ms</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>every key and what it does</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>exited: {outcome}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>exported {name}: open it in ui.perfetto.dev or chrome://tracing</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd events</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd returned readable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd returned writable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd {fd} became readable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd {fd} became ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd {fd} became writable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd {fd} readable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd {fd} writable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fd {fd} · {mask} · {owner}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fds / handles registered</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>finished</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>follow the newest event again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>forever</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>forget the opened saved session and show the live loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>gap threshold {us} µs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>handle</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>handle {h}: the operation is no longer outstanding</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>harvest</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>hide LoopScope commands</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>idle (between units)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>idle: Qt's event loop waits for the loop's next fd or timer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>instrument error: {message}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it gave the GIL away (sleep(0))</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it had lost the GIL or its CPU (inferred from a gap in its work)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it was just created</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it was just started</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>it yielded to the loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>its blocking call returned</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>its deadline passed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>its main()</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>its overlapped {call} on handle {h} to complete (incoming)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>its overlapped {call} on handle {h} to complete (outgoing)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>its transport's overlapped sends on handle {h} to drain ({name})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>kernel reports fd {fd} {mask}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>last {call} returned {what} after {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>launch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>launch the workload selected in Workloads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>launched {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>live loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>live · {backend} · {host}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>live · {n:,} events</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>live · {n:,} events ({held:,} held)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>loop created on {backend}; self-pipe fd {fd}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>loop created on {backend}; self-pipe socket {fd}, read by an overlapped receive</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>loop lag: {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>loop lag: {t} (timers held by the pause)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>loop lag: — (paused)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>loop lag: — (slow motion)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ms late</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>new</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no completion (timeout)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no fd registered</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no timeout</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not known (its events were lost)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>nothing (back in the ready queue)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>nothing (finished)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>nothing (still runnable)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>nothing (timeout)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>nothing to compare (timings only)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>off</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>off (threads run in parallel)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>on</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>open a saved recording</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>opened {name}: {n:,} events of {what} ({mode}, {where}, Python {py})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>outcome {n}, unknown to this version</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pause</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>paused before POLL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>paused before RUN of callback {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>paused before RUN of task {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>paused before TIMER ({what})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pausing…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>poll: {call}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>preemptive</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ran during the last frame: {names}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>readiness</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ready (waiting for the GIL, inferred)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ready because {why} · for {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ready queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ready — woken because {why}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>register fd {fd} for {mask} ({owner})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>registered — waiting for {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>replay, event {i:,}: {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>replay: the first recorded event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>replay: the previous recorded event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>resume</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>run exactly one unit (a poll, a timer or one handle) and pause; while replaying, the next recorded event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>run freely / pause before the next unit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>run the selected sample as asyncio tasks and on OS threads, side by side</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>run until the loop is about to poll again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>run until the selected task's next step has run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>run your own asyncio script on the traced loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>running</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>running (a task step)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>running a callback</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>running a step of {task} for {d}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>running callback {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>running task {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>running {name} ({how}) on the traced loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>save this recording (events, tasks, workload)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>saved session (read-only) · {where} · {mode}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>saved session {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>saved {n:,} events to {name} ({size:,} bytes)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>seconds since the recording started</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>self-pipe receive completed: a thread woke the loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>self-pipe: a thread woke the loop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>self-pipe: wakes the loop from other threads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>set up outside any step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>set up outside any thread</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>slow motion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>slow motion: each unit is held {t} before it runs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>slow step: {ms:.1f} ms</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>slow step: {who} held the loop for {t} (threshold {th}); it ended at {site}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>something not known (its events were lost)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>start overlapped {call} on handle {h}; the kernel performs it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>step running for {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stop the engine and close LoopScope</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stop the engine, clear the recording, start again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stopped</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>switch interval {ms} ms</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>switch interval {t}, GIL {gil}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>sys.setswitchinterval for the threaded run: how long a thread may keep the GIL while another one waits</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>task #{n} is named {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>task {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>task {name} ran</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>task {serial}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>tasks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the board, the timeline or the whole window as PNG</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the end of its sleep</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the kernel reads into the program's buffer, then queues a completion packet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the kernel says a socket is ready, then the program reads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the kernel wait</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the loop adds the fd to the set it hands to {call} at every wait</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the loop starts an overlapped operation that the kernel completes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the loop tells the kernel ({call}) to watch an fd</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the operation on handle {h} completed at once, inside the call that started it: nothing to wait for</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the operation on handle {h} was cancelled (CancelIoEx); its aborted packet is dropped when dequeued</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the window was frozen {ms:.0f} ms: the loop shares Qt's thread</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the work runs on OS threads, scheduled by the OS and the GIL: {conditions}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>thread {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>thread {name} called call_soon_threadsafe</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>thread {name} ran</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>thread {name} to end</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>thread {name} wakes the loop (self-pipe)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>threads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>time since the recording started</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timeout asked for</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer #{n}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer #{n} armed: {fn}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer #{n} cancelled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer #{n} fired</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer #{n} is due ({late} late) → ready queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer due in {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer fired: {name}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer overdue by {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timer {n} (late {ms:.3f} ms)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>timers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>two saved sessions (an epoll and an IOCP recording, say) on one time axis: readiness vs completion</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unknown (events were dropped)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unregister fd {fd}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>wait {n}, unknown to this version</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting (reason lost)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: a future</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: a receive / accept to complete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: a send / connect to complete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: a thread / blocking call</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: another task</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: fd readable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: fd writable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: timer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waiting: {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>waits for {what} · for {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>warnings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>what each view shows, and how to read it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>yes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{at} · {task}: {state} for {d}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{a} vs {b}: {first} and {second}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{a}: {ta} of {da} ({pa:.0f} %); {b}: {tb} of {db} ({pb:.0f} %).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{backend} ({model})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{backend} wait</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{call} dequeued the completion packet of {op} on handle {h}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{call} is dequeuing completion packets</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{call} is dequeuing completion packets: {n} so far</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{call} returned {n} completion(s) after {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{call} returned {n} event(s) after {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{call}(timeout = {timeout})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{file}: Python {python} ({impl}) on {platform}, recorded {created}, outcome {outcome}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{label} (#{serial})
{detail}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{launched} on the live loop; {note}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n:,.0f} events/s</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n:,} ({r:,} for reading)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n:,} ({r:,} read, {w:,} write)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n:,} older events let go (memory bound)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{named}, … ({n} event(s))</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} (#{n}): not created yet at event {i:,}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} (saved)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} created by {parent}{eager}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} created outside any task{eager}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} does not say which event queue it ran on (backend {backend!r}): it cannot be compared as readiness or completion.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} ended: {outcome}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} failed: {err}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} finished</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} finished with an error: {err}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} finished: {result}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} has no poll of the event queue: nothing to compare.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} is a preemptive recording (OS threads): it has no event queue to compare. Record the sample cooperatively (the default mode).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} opened; pick the other session to compare.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} raised an exception. What it did until then is recorded.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} runs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} runs (step)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} started by {parent}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} started outside any traced thread</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} stays open in the Recording box</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} step ends</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} step ends, now waits for {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} stops running</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} stops running, now waits for {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} was cancelled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} → ready queue: {cause}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name} → ready to run: {cause}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name}: done.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{name}: {status}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} CPUs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} completion(s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} done earlier</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} event(s), named next,</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} fds</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} item(s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} later</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} pending</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n} task(s)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{n}, longest {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{op} on handle {h}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{op} · handle {h} · for {t}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{op} · handle {h} · self-pipe</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{shown:,} of {total:,} events</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{steps:,} steps: p50 {s50}, p99 {s99}, longest {smax}.
Ready-queue wait: p50 {l50}, p99 {l99}.
Polls: {polls:,}, p50 blocked {p50}.
Timers late: p99 {lag99}, worst {lagmax}.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{task} held the loop for {t} in one step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{what} (fd {fd})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{what} (handle {fd})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{what} starts a new loop and wipes the live recording ({n:,} events). Save it first?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{what} {d} (timeout {t})</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{where}, event {i:,}: {what}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{where}: {n:,} events, shown at its last one</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{why} The loop runs on the engine thread.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>… and {n} more</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>… {n} more fds</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>① register — {how}: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>① start — the loop hands the kernel an operation and a buffer (an OVERLAPPED): </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>② fire — the kernel had marked the fd ready; {call} hands it over: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>③ dequeue — the kernel has done the I/O and queued a completion packet (②, inside the kernel); {call} takes it off the port: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>③ harvest — {call} returns only the fds that fired: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>④ handle — the completion callback sets the operation's future; the task awaiting it joins the ready queue: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>④ handle — the fd's callback / the task it wakes joins the ready queue: </source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>✓ {op} · handle {h}</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
