<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name />
        <message>
            <source> Host </source>
            <translation> 宿主 </translation>
        </message>
        <message>
            <source> · {n:,} older events let go (memory bound)</source>
            <translation> · 已释放 {n:,} 个较早的事件（内存上限）</translation>
        </message>
        <message>
            <source>%(prog)s [options]
       %(prog)s {record,open,info,log,export} ... (see the subcommands below)</source>
            <translation>%(prog)s [选项]
       %(prog)s {record,open,info,log,export} ...（子命令见下文）</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Run</source>
            <translation>运行(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>(call not recorded)</source>
            <translation>（调用未记录）</translation>
        </message>
        <message>
            <source>(callback)</source>
            <translation>（回调）</translation>
        </message>
        <message>
            <source>(no Python frames: the task has not started)</source>
            <translation>（没有 Python 栈帧：任务尚未开始运行）</translation>
        </message>
        <message>
            <source>(none yet)</source>
            <translation>（暂无）</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>(none: the wait timed out)</source>
            <translation>（无：等待超时）</translation>
        </message>
        <message>
            <source>(several)</source>
            <translation>（多个）</translation>
        </message>
        <message>
            <source>+ {n} finished before the events held</source>
            <translation>+ {n} 个任务在所保留的事件之前就已完成</translation>
        </message>
        <message>
            <source>+ {n} more</source>
            <translation>+ 还有 {n} 个</translation>
        </message>
        <message>
            <source>+ {n} plain callback(s) queued</source>
            <translation>+ 另有 {n} 个普通回调在排队</translation>
        </message>
        <message>
            <source>--capacity must be at least {least} events</source>
            <translation>--capacity 不能少于 {least} 个事件</translation>
        </message>
        <message>
            <source>--compare-sessions: {reason}</source>
            <translation>--compare-sessions：{reason}</translation>
        </message>
        <message>
            <source>--duration must be &gt; 0 seconds</source>
            <translation>--duration 必须大于 0 秒</translation>
        </message>
        <message>
            <source>--keep-events must be at least {least:,}</source>
            <translation>--keep-events 不能小于 {least:,}</translation>
        </message>
        <message>
            <source>--lesson launches its own workload: it cannot be combined with --workload</source>
            <translation>--lesson 会启动它自己的工作负载：不能与 --workload 同时使用</translation>
        </message>
        <message>
            <source>--param applies to sample workloads, not to --script</source>
            <translation>--param 只适用于示例工作负载，不适用于 --script</translation>
        </message>
        <message>
            <source>--param expects K=V, got {item!r}</source>
            <translation>--param 需要 K=V 形式，收到的却是 {item!r}</translation>
        </message>
        <message>
            <source>--param needs --workload NAME</source>
            <translation>--param 需要同时给出 --workload NAME</translation>
        </message>
        <message>
            <source>--quit-after must be &gt;= 0 seconds</source>
            <translation>--quit-after 不能小于 0 秒</translation>
        </message>
        <message>
            <source>--screenshot needs --quit-after SECONDS (when to take it)</source>
            <translation>--screenshot 需要同时给出 --quit-after SECONDS（何时截图）</translation>
        </message>
        <message>
            <source>--switch-interval: {reason}</source>
            <translation>--switch-interval：{reason}</translation>
        </message>
        <message>
            <source>1 s per unit</source>
            <translation>每个调度单元 1 s</translation>
        </message>
        <message>
            <source>10 ms per unit</source>
            <translation>每个调度单元 10 ms</translation>
        </message>
        <message>
            <source>200 ms per unit</source>
            <translation>每个调度单元 200 ms</translation>
        </message>
        <message>
            <source>50 ms per unit</source>
            <translation>每个调度单元 50 ms</translation>
        </message>
        <message>
            <source>&lt;b&gt;Cooperative&lt;/b&gt; — asyncio tasks on one loop thread: a task runs until it awaits</source>
            <translation>&lt;b&gt;非抢占式（协作式）&lt;/b&gt; — asyncio 任务运行在同一个事件循环线程上：任务会一直运行，直到它执行 await</translation>
        </message>
        <message>
            <source>&lt;b&gt;Not chosen yet&lt;/b&gt; — pick a session with “{button}”</source>
            <translation>&lt;b&gt;尚未选择&lt;/b&gt; — 请用“{button}”选择一个会话</translation>
        </message>
        <message>
            <source>&lt;b&gt;Preemptive&lt;/b&gt; — one OS thread per task: the interpreter switches threads every switch interval (waits for the GIL are inferred)</source>
            <translation>&lt;b&gt;抢占式&lt;/b&gt; — 每个任务一个操作系统线程：解释器每隔一个切换间隔就切换一次线程（等待 GIL 的时间为推断所得）</translation>
        </message>
        <message>
            <source>&lt;b&gt;{backend}&lt;/b&gt; ({model}: {how}) — {file}: {workload}, {platform}, Python {python}</source>
            <translation>&lt;b&gt;{backend}&lt;/b&gt;（{model}：{how}）— {file}：{workload}，{platform}，Python {python}</translation>
        </message>
        <message>
            <source>? CPUs</source>
            <translation>CPU 数未知</translation>
        </message>
        <message>
            <source>A bounded asyncio.Queue between P producers and C consumers.</source>
            <translation>P 个生产者和 C 个消费者通过一个有界的 asyncio.Queue 传递数据。</translation>
        </message>
        <message>
            <source>A client sends while the loop is busy; a timer falls due meanwhile: which handler runs first at the next poll?</source>
            <translation>事件循环忙碌时客户端发送数据，同时一个定时器到期：下一次轮询时，谁的处理程序先运行？</translation>
        </message>
        <message>
            <source>A queue is futures all the way down: a consumer awaiting get() on an empty queue is registered on a future ("Queue.get") that no fd and no timer will complete — only a producer's put() does, and you can see which one woke it. When the queue is full, producers wait in put() until a consumer takes an item: the bound is back-pressure. With threads the same waits are a Condition inside queue.Queue.</source>
            <translation>队列归根结底就是一个个 Future：消费者在空队列上 await get() 时，会注册在一个 Future（“Queue.get”）上，而完成这个 Future 的既不是哪个 fd，也不是定时器——只有生产者的 put() 才能完成它，而且你能看到是哪一个生产者唤醒了它。队列满时，生产者在 put() 中等待，直到有消费者取走一个条目：这个容量上限就是背压。换成线程时，同样的等待由 queue.Queue 内部的一个 Condition 完成。</translation>
        </message>
        <message>
            <source>A server on loopback and one client outside the loop: register, fire, harvest, handle.</source>
            <translation>回环地址上的一个服务器和事件循环之外的一个客户端：注册事件、事件触发、事件获取、事件处理。</translation>
        </message>
        <message>
            <source>A server pushes lines to K subscribers with drain() back-pressure; one is slow.</source>
            <translation>服务器向 K 个订阅者逐行推送数据，用 drain() 实现背压；其中一个订阅者很慢。</translation>
        </message>
        <message>
            <source>A timer is already due and a peer has sent data to a socket. Which handler joins the ready queue first?</source>
            <translation>一个定时器已经到期，同时对端向一个套接字发送了数据。哪个处理程序先进入就绪队列？</translation>
        </message>
        <message>
            <source>A turn lasts until another task runs. Half of all running time was spent in turns at least this long: one 300 ms step outweighs a thousand 10 µs wake-ups, which a plain median would report.</source>
            <translation>一个时间片持续到另一个任务开始运行为止。全部运行时间中，有一半花在至少这么长的时间片里：单独一步 300 ms 的执行，比一千次 10 µs 的唤醒分量更重，而普通的中位数反映的却是后者。</translation>
        </message>
        <message>
            <source>About LoopScope</source>
            <translation>关于 LoopScope</translation>
        </message>
        <message>
            <source>Activity</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>An echo server and N clients on loopback, M messages each.</source>
            <translation>回环地址上的一个回显服务器和 N 个客户端，每个客户端发送 M 条消息。</translation>
        </message>
        <message>
            <source>An event means only "a read would not block now". By the time the loop reads, another reader may have taken the data, or the wake-up was spurious; a blocking read would then stall the whole loop and every task on it. So the loop reads without blocking and, if nothing is there, simply waits again.</source>
            <translation>事件只意味着“现在读取不会阻塞”。等到事件循环真正去读时，数据可能已被另一个读取方取走，或者这次唤醒本就是虚假唤醒；这时若用阻塞读取，就会卡住整个事件循环及其上的所有任务。所以事件循环以非阻塞方式读取，如果什么也没有，就再次等待。</translation>
        </message>
        <message>
            <source>Animate the board</source>
            <translation>以动画显示调度看板</translation>
        </message>
        <message>
            <source>Answer the question first (or skip it).</source>
            <translation>请先回答问题（或跳过）。</translation>
        </message>
        <message>
            <source>Ask before discarding a run</source>
            <translation>丢弃运行记录前先询问</translation>
        </message>
        <message>
            <source>Await points per counter.</source>
            <translation>每个计数任务的 await 点数。</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>后退</translation>
        </message>
        <message>
            <source>Backend </source>
            <translation>后端 </translation>
        </message>
        <message>
            <source>Below 1: one registration serves many reads (readiness keeps an fd registered). About 1: every read is an operation of its own (completion).</source>
            <translation>小于 1：一次注册服务多次读取（就绪模型让 fd 保持注册）。约等于 1：每次读取都是一个独立的操作（完成模型）。</translation>
        </message>
        <message>
            <source>Blocking jobs to offload.</source>
            <translation>要移交给线程池的阻塞作业数。</translation>
        </message>
        <message>
            <source>Blocking work offloaded with run_in_executor while a ticker keeps time.</source>
            <translation>用 run_in_executor 把阻塞工作移交给线程池，同时由一个节拍器按固定间隔打点计时。</translation>
        </message>
        <message>
            <source>Board — where every task is now</source>
            <translation>调度看板 — 每个任务此刻在哪里</translation>
        </message>
        <message>
            <source>Both recordings use a {model} backend ({a} and {b}): the same model, so the difference between them is in the counts, not in who does the read.</source>
            <translation>两份录制的后端（{a} 和 {b}）都属于{model}：模型相同，所以两者的差异体现在计数上，而不在于由谁执行读取。</translation>
        </message>
        <message>
            <source>Both sessions ran on {backend}: the same model; the counts still compare.</source>
            <translation>两个会话都运行在 {backend} 上：模型相同，但各项计数仍可对比。</translation>
        </message>
        <message>
            <source>Bytes per datagram.</source>
            <translation>每个数据报的字节数。</translation>
        </message>
        <message>
            <source>Bytes per line, newline included.</source>
            <translation>每行的字节数（含换行符）。</translation>
        </message>
        <message>
            <source>Bytes per message.</source>
            <translation>每条消息的字节数。</translation>
        </message>
        <message>
            <source>CPU hog</source>
            <translation>CPU 密集任务</translation>
        </message>
        <message>
            <source>CPU share: {task}</source>
            <translation>CPU 占比：{task}</translation>
        </message>
        <message>
            <source>CPU time of each hog step.</source>
            <translation>CPU 密集任务每一步占用的 CPU 时间。</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Cancel workloads</source>
            <translation>取消工作负载</translation>
        </message>
        <message>
            <source>Cannot export</source>
            <translation>无法导出</translation>
        </message>
        <message>
            <source>Cannot open this file</source>
            <translation>无法打开此文件</translation>
        </message>
        <message>
            <source>Cannot open {name}: {reason}</source>
            <translation>无法打开 {name}：{reason}</translation>
        </message>
        <message>
            <source>Cannot run this script</source>
            <translation>无法运行此脚本</translation>
        </message>
        <message>
            <source>Cannot save</source>
            <translation>无法保存</translation>
        </message>
        <message>
            <source>Cannot switch</source>
            <translation>无法切换</translation>
        </message>
        <message>
            <source>Cannot switch the language</source>
            <translation>无法切换语言</translation>
        </message>
        <message>
            <source>Client pause between messages.</source>
            <translation>客户端发送两条消息之间的停顿时间。</translation>
        </message>
        <message>
            <source>Close session</source>
            <translation>关闭会话</translation>
        </message>
        <message>
            <source>Collapse finished tasks</source>
            <translation>折叠已完成的任务</translation>
        </message>
        <message>
            <source>Command</source>
            <translation>命令</translation>
        </message>
        <message>
            <source>Compare cooperative vs preemptive…</source>
            <translation>对比协作式与抢占式…</translation>
        </message>
        <message>
            <source>Compare sessions…</source>
            <translation>对比会话…</translation>
        </message>
        <message>
            <source>Completion ({backend}).</source>
            <translation>完成模型（{backend}）。</translation>
        </message>
        <message>
            <source>Completion queue — dequeued:</source>
            <translation>完成队列 — 已取出：</translation>
        </message>
        <message>
            <source>Concurrent look-ups per wave.</source>
            <translation>每一轮并发查询的数量。</translation>
        </message>
        <message>
            <source>Conditions: Python {py} ({impl}), GIL {gil}, switch interval {si} ms, {cores} cores, {plat}. The GUI thread used {gui} of CPU during the threaded run ({share:.1f} % of it): its display timers were stopped while the runs lasted.</source>
            <translation>运行条件：Python {py}（{impl}），GIL {gil}，切换间隔 {si} ms，{cores} 个核心，{plat}。线程方式运行期间，GUI 线程占用了 {gui} 的 CPU 时间（占该次运行的 {share:.1f} %）：运行期间它的界面刷新定时器已停止。</translation>
        </message>
        <message>
            <source>Controls</source>
            <translation>控制</translation>
        </message>
        <message>
            <source>Convert a session to Chrome Trace Event JSON, which opens in Perfetto (ui.perfetto.dev) and chrome://tracing.</source>
            <translation>把会话转换为 Chrome Trace Event JSON 格式，可在 Perfetto（ui.perfetto.dev）和 chrome://tracing 中打开。</translation>
        </message>
        <message>
            <source>Cooperative</source>
            <translation>协作式</translation>
        </message>
        <message>
            <source>Coroutine</source>
            <translation>协程</translation>
        </message>
        <message>
            <source>Counters that await asyncio.sleep(0) take turns in the ready queue; sleepers wait in the timer heap.</source>
            <translation>await asyncio.sleep(0) 的计数任务在就绪队列中轮流执行；睡眠任务在定时器堆中等待。</translation>
        </message>
        <message>
            <source>Created at</source>
            <translation>创建位置</translation>
        </message>
        <message>
            <source>Database user lookup</source>
            <translation>数据库用户查询</translation>
        </message>
        <message>
            <source>Datagram request/response pairs between N clients and one UDP server.</source>
            <translation>N 个客户端与一个 UDP 服务器之间以数据报一问一答。</translation>
        </message>
        <message>
            <source>Different samples.</source>
            <translation>示例不同。</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>丢弃</translation>
        </message>
        <message>
            <source>Don't ask again (Run → Ask before discarding a run)</source>
            <translation>不再询问（可在“运行 → 丢弃运行记录前先询问”中重新开启）</translation>
        </message>
        <message>
            <source>Done (most recent first)</source>
            <translation>已完成（最近的在前）</translation>
        </message>
        <message>
            <source>Done (recent first)</source>
            <translation>已完成（最近的在前）</translation>
        </message>
        <message>
            <source>Duration (first to last event)</source>
            <translation>时长（从第一个到最后一个事件）</translation>
        </message>
        <message>
            <source>Duration of each job.</source>
            <translation>每个作业的时长。</translation>
        </message>
        <message>
            <source>Each client sends, then awaits the echo: its task is registered on its socket's fd for reading, the loop blocks in epoll_wait, the kernel marks the fd readable when the echo arrives, epoll_wait returns it, the transport's read callback feeds the stream and the client task becomes ready — the four steps of the readiness flow. With threads, every client and every connection has a thread of its own, blocked in the kernel in recv(); there is no loop, and the OS wakes each thread directly.</source>
            <translation>每个客户端先发送，再 await 回显：它的任务以“读”的方式注册在自己 socket 的 fd 上（① 注册事件），事件循环阻塞在 epoll_wait 中；回显到达时，内核把该 fd 标记为可读（② 事件触发），epoll_wait 返回这个 fd（③ 事件获取），transport 的读回调把数据送进流，客户端任务随即变为就绪（④ 事件处理）——这正是就绪模型的四个步骤。换成线程时，每个客户端、每个连接都有自己的线程，阻塞在内核的 recv() 中；没有事件循环，由操作系统直接唤醒各个线程。</translation>
        </message>
        <message>
            <source>Each job task awaits run_in_executor: it is registered on a future that a pool thread will complete. When the job returns, the worker calls call_soon_threadsafe: a byte on the self-pipe wakes epoll_wait, and the task is ready. With kind=sleep or hash the loop stays responsive (the GIL is free while the workers block or hash); with kind=python the workers hold the GIL and the ticker on the loop runs late. With threads, the workers are ordinary threads blocked in the same calls.</source>
            <translation>每个作业任务都 await run_in_executor：它注册在一个 Future 上，这个 Future 将由线程池中的某个线程完成。作业返回时，工作线程调用 call_soon_threadsafe：写入自管道的一个字节唤醒 epoll_wait，任务随即变为就绪。kind=sleep 或 hash 时，事件循环始终能及时响应（工作线程阻塞或计算哈希时不占用 GIL）；kind=python 时，工作线程一直持有 GIL，事件循环上的节拍器就会迟到。换成线程时，这些工作线程就是阻塞在同样调用中的普通线程。</translation>
        </message>
        <message>
            <source>Each lesson runs a sample on the real loop and tells what to look at, step by step. → steps one unit, Shift+→ one iteration, ← goes back a step.</source>
            <translation>每一课都在真实的事件循环上运行一个示例，并一步一步地告诉你该看什么。→ 前进一个调度单元，Shift+→ 前进一轮循环，← 回到上一步。</translation>
        </message>
        <message>
            <source>Each run's result, timings aside.</source>
            <translation>每次运行的结果（不计计时数据）。</translation>
        </message>
        <message>
            <source>Each subscriber has its own pusher task writing lines and awaiting drain(). The fast subscribers keep up, so their drain() returns at once. The slow one reads a line, sleeps, reads the next: its socket buffers fill up, the transport pauses writing, and its pusher becomes registered on the fd for *writing* until the kernel reports room again — back-pressure, one fd at a time, while the other subscribers are still served. With threads, the slow subscriber's pusher thread blocks inside send().</source>
            <translation>每个订阅者都有自己的推送任务，负责写入数据行并 await drain()。快的订阅者跟得上，所以它们的 drain() 立即返回。慢订阅者读一行、休眠片刻、再读下一行：它的 socket 缓冲区逐渐填满，transport 暂停写入，它的推送任务转而注册在该 fd 上等待*可写*，直到内核再次报告有空间可写——这就是背压，一次只作用于一个 fd，其他订阅者照常得到服务。换成线程时，慢订阅者的推送线程会阻塞在 send() 内部。</translation>
        </message>
        <message>
            <source>Each timeline starts at its own recording's first event.</source>
            <translation>每条时间线都从各自录制的第一个事件开始。</translation>
        </message>
        <message>
            <source>Echo server, clients, a ticker and a CPU hog on one loop: one blocking step hurts everyone.</source>
            <translation>回显服务器、客户端、节拍器和一个 CPU 密集任务共用一个事件循环：一步阻塞，所有任务都受拖累。</translation>
        </message>
        <message>
            <source>End</source>
            <translation>末尾</translation>
        </message>
        <message>
            <source>End lesson</source>
            <translation>结束课程</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>事件类型</translation>
        </message>
        <message>
            <source>Event log</source>
            <translation>事件日志</translation>
        </message>
        <message>
            <source>Events are recorded by LoopScope's compiled accelerator (app/runtime/_accel.c): the same events as the pure-Python path, at a fraction of its cost to the observed loop.</source>
            <translation>事件由 LoopScope 的编译加速器（app/runtime/_accel.c）录制：事件与纯 Python 路径完全相同，对被观察事件循环的开销只是后者的一小部分。</translation>
        </message>
        <message>
            <source>Events are recorded in pure Python because LOOPSCOPE_PURE_PYTHON is set: the same events as the compiled accelerator, with more cost to the observed loop.</source>
            <translation>事件以纯 Python 录制，因为设置了 LOOPSCOPE_PURE_PYTHON：事件与编译加速器完全相同，但对被观察事件循环的开销更大。</translation>
        </message>
        <message>
            <source>Events are recorded in pure Python: the compiled accelerator was not built when LoopScope was installed (no C compiler was found). The events are the same; the observed loop is slowed more.</source>
            <translation>事件以纯 Python 录制：安装 LoopScope 时没有构建编译加速器（未找到 C 编译器）。事件相同，但被观察的事件循环会被拖慢得更多。</translation>
        </message>
        <message>
            <source>Events per poll: mean / most</source>
            <translation>每次轮询的事件数：平均 / 最多</translation>
        </message>
        <message>
            <source>Events recorded</source>
            <translation>录制的事件数</translation>
        </message>
        <message>
            <source>Events returned (FD_EVENT)</source>
            <translation>返回的事件（FD_EVENT）</translation>
        </message>
        <message>
            <source>Every sleeping task sits in the timer heap, ordered by deadline; the loop blocks in epoll_wait with a timeout equal to the nearest deadline, wakes with no fd ready, moves the due timer to the ready queue and only then runs the task. The ticker is a plain callback (no task) that re-arms itself. The wait_for task waits for a timer and for its target at once; when the timer wins, it cancels the target. With threads, each sleeper is blocked in the kernel until its deadline, then waits for the GIL; the target thread cannot be killed, only asked to stop.</source>
            <translation>每个休眠中的任务都放在定时器堆里，按到期时间排序；事件循环阻塞在 epoll_wait 中，超时设为最近的到期时间；醒来时没有任何 fd 就绪，于是把到期的定时器移入就绪队列，然后才运行该任务。节拍器只是一个普通回调（不是任务），每次运行后都为自己重新设定定时器。wait_for 任务同时等待一个定时器和它的目标；如果定时器先到，它就取消目标。换成线程时，每个休眠的线程都阻塞在内核中直到到期时间，然后再等待 GIL；目标线程无法被强行终止，只能请求它自行停止。</translation>
        </message>
        <message>
            <source>Executor</source>
            <translation>执行器</translation>
        </message>
        <message>
            <source>Export Perfetto / Chrome trace</source>
            <translation>导出 Perfetto / Chrome 跟踪文件</translation>
        </message>
        <message>
            <source>Export Perfetto / Chrome trace…</source>
            <translation>导出 Perfetto / Chrome 跟踪文件…</translation>
        </message>
        <message>
            <source>Export cancelled: no file was written.</source>
            <translation>已取消导出：没有写入任何文件。</translation>
        </message>
        <message>
            <source>Export image</source>
            <translation>导出图片</translation>
        </message>
        <message>
            <source>Export image…</source>
            <translation>导出图片…</translation>
        </message>
        <message>
            <source>Exporting {name}…</source>
            <translation>正在导出 {name}…</translation>
        </message>
        <message>
            <source>Files of type:</source>
            <translation>文件类型：</translation>
        </message>
        <message>
            <source>Finished: all {total} steps</source>
            <translation>已完成：全部 {total} 步</translation>
        </message>
        <message>
            <source>First event</source>
            <translation>第一个事件</translation>
        </message>
        <message>
            <source>First lesson</source>
            <translation>第一课</translation>
        </message>
        <message>
            <source>First session</source>
            <translation>第一个会话</translation>
        </message>
        <message>
            <source>First session to compare</source>
            <translation>选择要对比的第一个会话</translation>
        </message>
        <message>
            <source>First session…</source>
            <translation>第一个会话…</translation>
        </message>
        <message>
            <source>Fit all</source>
            <translation>全部显示</translation>
        </message>
        <message>
            <source>Follow live</source>
            <translation>实时跟随</translation>
        </message>
        <message>
            <source>Follow the newest event (End)</source>
            <translation>跟随最新的事件（End）</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>GIL off (free-threaded)</source>
            <translation>GIL 关闭（自由线程）</translation>
        </message>
        <message>
            <source>GIL on</source>
            <translation>GIL 开启</translation>
        </message>
        <message>
            <source>GIL switch interval</source>
            <translation>GIL 切换间隔</translation>
        </message>
        <message>
            <source>Guide to the views</source>
            <translation>视图指南</translation>
        </message>
        <message>
            <source>Here that timer fell due while the loop was paused (the clock runs on while you read), so the timeout was 0: {call} returned at once, and the timer is late.</source>
            <translation>这里那个定时器是在事件循环暂停期间到期的（你阅读时时钟照样在走），所以超时为 0：{call} 立即返回，而这个定时器已经迟到了。</translation>
        </message>
        <message>
            <source>Hog pause between steps.</source>
            <translation>CPU 密集任务两步之间的停顿时间。</translation>
        </message>
        <message>
            <source>How long a pinger waits for its pong.</source>
            <translation>ping 客户端等待 pong 回复的最长时间。</translation>
        </message>
        <message>
            <source>How long each busy step computes.</source>
            <translation>每个忙碌步骤计算多长时间。</translation>
        </message>
        <message>
            <source>How long the client waits after the loop blocked before it acts.</source>
            <translation>事件循环阻塞后，客户端等待多久才行动。</translation>
        </message>
        <message>
            <source>How long the client waits after the loop blocked before it connects.</source>
            <translation>事件循环阻塞后，客户端等待多久再发起连接。</translation>
        </message>
        <message>
            <source>I/O</source>
            <translation>I/O</translation>
        </message>
        <message>
            <source>IOCP only: the operation finished inside the call that started it (the data was there); no packet was waited for.</source>
            <translation>仅限 IOCP：操作在发起它的那次调用内部就已完成（数据已经到了）；无需等待完成包。</translation>
        </message>
        <message>
            <source>In one iteration the loop first polls and hands each fd's callback to the ready queue, then moves the timers that are due. So within one iteration a ready socket always queues before a due timer, however late the timer is.</source>
            <translation>在一轮循环中，事件循环先轮询，把每个 fd 的回调放入就绪队列，然后才移入到期的定时器。所以在同一轮循环里，就绪的套接字总是排在到期的定时器前面，不论定时器已经迟到了多久。</translation>
        </message>
        <message>
            <source>In the first recording ({backend}).</source>
            <translation>第一份录制（{backend}）。</translation>
        </message>
        <message>
            <source>In the second recording ({backend}).</source>
            <translation>第二份录制（{backend}）。</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>检查器</translation>
        </message>
        <message>
            <source>Interval of the ticker task on the loop.</source>
            <translation>事件循环上节拍器任务的间隔。</translation>
        </message>
        <message>
            <source>It waits inside {frame}.</source>
            <translation>它在 {frame} 内等待。</translation>
        </message>
        <message>
            <source>Items each producer makes.</source>
            <translation>每个生产者生产的条目数。</translation>
        </message>
        <message>
            <source>JSON that opens in ui.perfetto.dev and chrome://tracing</source>
            <translation>导出为可在 ui.perfetto.dev 和 chrome://tracing 中打开的 JSON 文件</translation>
        </message>
        <message>
            <source>Keep running until cancelled (for live watching).</source>
            <translation>持续运行，直到被取消（便于实时观察）。</translation>
        </message>
        <message>
            <source>Keep the newest events in view (F). Scrolling back in time turns it off.</source>
            <translation>保持最新的事件可见（F）。往回滚动到更早的时间会关闭此项。</translation>
        </message>
        <message>
            <source>Kernel — completion port</source>
            <translation>内核 — 完成端口</translation>
        </message>
        <message>
            <source>Kernel — the OS event queue</source>
            <translation>内核 — 操作系统的事件队列</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>按键</translation>
        </message>
        <message>
            <source>Keyboard map</source>
            <translation>键盘快捷键表</translation>
        </message>
        <message>
            <source>Launch</source>
            <translation>启动</translation>
        </message>
        <message>
            <source>Lesson finished. Restart it, or End the lesson to go back to your own layout.</source>
            <translation>课程完成。可以重新开始，或结束课程以恢复你自己的窗口布局。</translation>
        </message>
        <message>
            <source>Lesson finished: {right} of {asked} questions right. Restart it, or End the lesson to go back to your own layout.</source>
            <translation>课程完成：{asked} 个问题答对了 {right} 个。可以重新开始，或结束课程以恢复你自己的窗口布局。</translation>
        </message>
        <message>
            <source>Lessons</source>
            <translation>课程</translation>
        </message>
        <message>
            <source>Lines pushed to each subscriber.</source>
            <translation>向每个订阅者推送的行数。</translation>
        </message>
        <message>
            <source>Lines the client sends, one at a time.</source>
            <translation>客户端逐行发送的行数。</translation>
        </message>
        <message>
            <source>Live</source>
            <translation>实时</translation>
        </message>
        <message>
            <source>Live stack: the task now, the loop paused after event {i:,}</source>
            <translation>实时调用栈：任务此刻的状态，事件循环暂停在事件 {i:,} 之后</translation>
        </message>
        <message>
            <source>Longest single wait</source>
            <translation>单次最长等待</translation>
        </message>
        <message>
            <source>Longest uninterrupted run</source>
            <translation>最长连续运行</translation>
        </message>
        <message>
            <source>Look in:</source>
            <translation>查找范围：</translation>
        </message>
        <message>
            <source>Loop lag: how late due timers were handled</source>
            <translation>事件循环滞后：到期的定时器晚了多久才被处理</translation>
        </message>
        <message>
            <source>Loop:</source>
            <translation>事件循环：</translation>
        </message>
        <message>
            <source>LoopScope command: launch {name}</source>
            <translation>LoopScope 命令：启动 {name}</translation>
        </message>
        <message>
            <source>LoopScope command: {what}</source>
            <translation>LoopScope 命令：{what}</translation>
        </message>
        <message>
            <source>LoopScope runs a real asyncio event loop on the kernel's own event queue, records every scheduling event and shows tasks moving between registered, ready and running.</source>
            <translation>LoopScope 在内核自己的事件队列上运行一个真实的 asyncio 事件循环，记录每一个调度事件，并展示任务如何在已注册、就绪和运行中这几种状态之间流转。</translation>
        </message>
        <message>
            <source>LoopScope sessions (*.loopscope)</source>
            <translation>LoopScope 会话 (*.loopscope)</translation>
        </message>
        <message>
            <source>LoopScope sessions (*.loopscope);;All files (*)</source>
            <translation>LoopScope 会话 (*.loopscope);;所有文件 (*)</translation>
        </message>
        <message>
            <source>LoopScope — cooperative vs preemptive</source>
            <translation>LoopScope — 协作式与抢占式对比</translation>
        </message>
        <message>
            <source>LoopScope — guide to the views</source>
            <translation>LoopScope — 视图指南</translation>
        </message>
        <message>
            <source>LoopScope — keyboard map</source>
            <translation>LoopScope — 键盘快捷键表</translation>
        </message>
        <message>
            <source>LoopScope — live recording</source>
            <translation>LoopScope — 实时录制</translation>
        </message>
        <message>
            <source>LoopScope — saved sessions</source>
            <translation>LoopScope — 已保存的会话</translation>
        </message>
        <message>
            <source>LoopScope — {a} vs {b} (saved sessions)</source>
            <translation>LoopScope — {a} 与 {b} 对比（已保存的会话）</translation>
        </message>
        <message>
            <source>LoopScope — {name} (saved session, read-only)</source>
            <translation>LoopScope — {name}（已保存的会话，只读）</translation>
        </message>
        <message>
            <source>LoopScope: {workload}</source>
            <translation>LoopScope：{workload}</translation>
        </message>
        <message>
            <source>Makespan (whole run)</source>
            <translation>总耗时（整次运行）</translation>
        </message>
        <message>
            <source>Measure</source>
            <translation>测量项</translation>
        </message>
        <message>
            <source>Messages each client sends.</source>
            <translation>每个客户端发送的消息数。</translation>
        </message>
        <message>
            <source>Metrics</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>New to LoopScope? Start lesson {order}: {title}</source>
            <translation>第一次使用 LoopScope？开始第 {order} 课：{title}</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>No connections and no streams: each pinger sends one datagram with sock_sendto and awaits sock_recvfrom, which registers its socket's fd for reading; the server task does the same on its own socket. Every wake-up is the kernel marking one fd readable in epoll_wait. A pong that does not come is a timer firing instead (a timeout). With threads, each pinger is a thread blocked in recvfrom with a timeout.</source>
            <translation>没有连接，也没有流：每个 ping 客户端用 sock_sendto 发出一个数据报，然后 await sock_recvfrom，后者把它的 socket 的 fd 以“读”的方式注册到事件队列；服务器任务在自己的 socket 上也是如此。每一次唤醒，都是内核在 epoll_wait 中把某个 fd 标记为可读。如果 pong 迟迟不来，触发的就是定时器（超时）。换成线程时，每个 ping 客户端都是一个线程，阻塞在带超时的 recvfrom 中。</translation>
        </message>
        <message>
            <source>No events yet</source>
            <translation>还没有事件</translation>
        </message>
        <message>
            <source>No line is known for {task}: its last step ran while the loop ran freely. Step it to see one.</source>
            <translation>{task} 没有已知的代码行：它的上一步是在事件循环自由运行时执行的。单步执行即可看到。</translation>
        </message>
        <message>
            <source>No live loop: a saved session does not keep its tasks' source lines.</source>
            <translation>没有实时事件循环：已保存的会话不保留其任务的源代码行。</translation>
        </message>
        <message>
            <source>No stack at event {i:,}: a task's stack is read from the paused loop, so it belongs to the newest event (End).</source>
            <translation>事件 {i:,} 处没有调用栈：任务的调用栈是从暂停的事件循环中读取的，因此只属于最新的事件（End）。</translation>
        </message>
        <message>
            <source>No stack: the task is done.</source>
            <translation>没有调用栈：该任务已完成。</translation>
        </message>
        <message>
            <source>No stack: the task is not created yet.</source>
            <translation>没有调用栈：该任务尚未创建。</translation>
        </message>
        <message>
            <source>No task has run a step yet: step the loop to see one.</source>
            <translation>还没有任务执行过一步：单步执行事件循环即可看到。</translation>
        </message>
        <message>
            <source>No timer: it blocks until an fd fires</source>
            <translation>没有定时器：它一直阻塞到某个 fd 触发</translation>
        </message>
        <message>
            <source>None: it blocks until the timeout</source>
            <translation>一个也没有：它阻塞到超时</translation>
        </message>
        <message>
            <source>Not a completion backend: no operations to finish.</source>
            <translation>不是完成模型的后端：没有需要完成的操作。</translation>
        </message>
        <message>
            <source>Not now</source>
            <translation>以后再说</translation>
        </message>
        <message>
            <source>Not this time.</source>
            <translation>这次没答对。</translation>
        </message>
        <message>
            <source>Nothing to cancel: no workload is running.</source>
            <translation>没有可取消的内容：当前没有正在运行的工作负载。</translation>
        </message>
        <message>
            <source>Nothing to show yet: step the loop to see the source of the task that runs.</source>
            <translation>暂无内容：单步执行事件循环，即可看到正在运行的任务的源代码。</translation>
        </message>
        <message>
            <source>Number of concurrent clients.</source>
            <translation>并发客户端的数量。</translation>
        </message>
        <message>
            <source>Number of consumers.</source>
            <translation>消费者的数量。</translation>
        </message>
        <message>
            <source>Number of echo clients.</source>
            <translation>回显客户端的数量。</translation>
        </message>
        <message>
            <source>Number of hog steps.</source>
            <translation>CPU 密集任务执行的步数。</translation>
        </message>
        <message>
            <source>Number of pinging clients.</source>
            <translation>发送 ping 的客户端数量。</translation>
        </message>
        <message>
            <source>Number of producers.</source>
            <translation>生产者的数量。</translation>
        </message>
        <message>
            <source>Number of sleeping tasks.</source>
            <translation>休眠任务的数量。</translation>
        </message>
        <message>
            <source>Number of subscribers (the first one is slow).</source>
            <translation>订阅者的数量（第一个是慢订阅者）。</translation>
        </message>
        <message>
            <source>Number of ticker tasks.</source>
            <translation>节拍器任务的数量。</translation>
        </message>
        <message>
            <source>OS event queue: auto or one of {backends}</source>
            <translation>操作系统的事件队列：auto 或 {backends} 之一</translation>
        </message>
        <message>
            <source>OS event queue: auto or one of {backends} (default: auto)</source>
            <translation>操作系统的事件队列：auto 或 {backends} 之一（默认：auto）</translation>
        </message>
        <message>
            <source>OS event queue: auto or one of {backends} (default: the last one used, else auto)</source>
            <translation>操作系统的事件队列：auto 或 {backends} 之一（默认：上次所用，否则 auto）</translation>
        </message>
        <message>
            <source>OS threads</source>
            <translation>操作系统线程</translation>
        </message>
        <message>
            <source>On the Qt host the observed loop runs inside Qt's event loop, on the GUI thread: while one of its steps runs, the window cannot repaint or take input. The engine-thread host keeps the window fluid.</source>
            <translation>使用 Qt 宿主时，被观察的事件循环运行在 Qt 的事件循环之内，也就是 GUI 线程上：它的某一步正在运行时，窗口既无法重绘，也无法响应输入。换用引擎线程宿主，窗口就能保持流畅。</translation>
        </message>
        <message>
            <source>One running interval: a task's step, or a thread's run until it blocked or was switched out.</source>
            <translation>一个运行区间：任务执行的一步，或者线程从开始运行到阻塞或被切换出去为止的一段。</translation>
        </message>
        <message>
            <source>One task computes for X ms between awaits while timer tasks starve.</source>
            <translation>一个任务在两次 await 之间连续计算 X ms，定时器任务因此陷入饥饿。</translation>
        </message>
        <message>
            <source>One thread, many tasks</source>
            <translation>一个线程，许多任务</translation>
        </message>
        <message>
            <source>Only one task runs at a time. Each counter runs until its await asyncio.sleep(0), then joins the back of the ready queue, so the counters take turns in the order they queued. The sleepers wait in the timer heap: the one due first is on top, though it was armed last, and the loop's wait ends at its deadline.</source>
            <translation>一次只有一个任务在运行。每个计数任务运行到它的 await asyncio.sleep(0)，然后排到就绪队列的末尾，所以计数任务按排队的顺序轮流执行。睡眠任务在定时器堆中等待：最先到期的在堆顶，尽管它是最后设置的；事件循环的等待在它的到期时间结束。</translation>
        </message>
        <message>
            <source>Open a saved session in the LoopScope window.</source>
            <translation>在 LoopScope 窗口中打开已保存的会话。</translation>
        </message>
        <message>
            <source>Open script</source>
            <translation>打开脚本</translation>
        </message>
        <message>
            <source>Open script…</source>
            <translation>打开脚本…</translation>
        </message>
        <message>
            <source>Open session</source>
            <translation>打开会话</translation>
        </message>
        <message>
            <source>Open session…</source>
            <translation>打开会话…</translation>
        </message>
        <message>
            <source>Opening cancelled: nothing changed.</source>
            <translation>已取消打开：没有任何改变。</translation>
        </message>
        <message>
            <source>Opening {name} cancelled: nothing changed.</source>
            <translation>已取消打开 {name}：没有任何改动。</translation>
        </message>
        <message>
            <source>Opening {name}…</source>
            <translation>正在打开 {name}…</translation>
        </message>
        <message>
            <source>Operations finished at once</source>
            <translation>立即完成的操作</translation>
        </message>
        <message>
            <source>Operations started (FD_REGISTER): {ops:,}, reads among them: {reads:,}, on distinct handles: {handles:,}. Completion packets dequeued (FD_EVENT): {packets:,}, in waits: {polls:,} ({per:.2f} per wait). Operations finished inside the call that started them: {once:,}.</source>
            <translation>发起的操作（FD_REGISTER）：{ops:,}，其中读取：{reads:,}，涉及的不同句柄：{handles:,}。取出的完成包（FD_EVENT）：{packets:,}，等待次数：{polls:,}（每次等待 {per:.2f} 个）。在发起它的调用内即已完成的操作：{once:,}。</translation>
        </message>
        <message>
            <source>Outstanding operations:</source>
            <translation>未完成的操作：</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <source>POLL_END events: epoll_wait / kevent / poll / select returned, or GetQueuedCompletionStatus did.</source>
            <translation>POLL_END 事件：epoll_wait / kevent / poll / select 返回，或 GetQueuedCompletionStatus 返回。</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Parent</source>
            <translation>父任务</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Pause between pings.</source>
            <translation>两次 ping 之间的间隔。</translation>
        </message>
        <message>
            <source>Pause of the slow subscriber after each line.</source>
            <translation>慢订阅者每读完一行后的停顿时间。</translation>
        </message>
        <message>
            <source>Paused: cancelling takes effect when the loop runs again.</source>
            <translation>已暂停：取消操作要等事件循环恢复运行后才会生效。</translation>
        </message>
        <message>
            <source>Pick a sample and run it both ways, or open two saved sessions to compare their event queues.</source>
            <translation>选择一个示例，用两种方式各运行一次；或者打开两个已保存的会话，对比它们的事件队列。</translation>
        </message>
        <message>
            <source>Pings each client sends.</source>
            <translation>每个客户端发送的 ping 次数。</translation>
        </message>
        <message>
            <source>Point at a bar for details · click: move the cursor · wheel: zoom · drag: pan · Shift+wheel: scroll lanes · F: follow live</source>
            <translation>指向条块查看详情 · 单击：移动光标 · 滚轮：缩放 · 拖动：平移 · Shift+滚轮：滚动泳道 · F：实时跟随</translation>
        </message>
        <message>
            <source>Poll:</source>
            <translation>轮询：</translation>
        </message>
        <message>
            <source>Polls (waits in the event queue)</source>
            <translation>轮询次数（在事件队列上的等待）</translation>
        </message>
        <message>
            <source>Polls that returned nothing</source>
            <translation>没有返回任何事件的轮询</translation>
        </message>
        <message>
            <source>Predict what the loop does next</source>
            <translation>预测事件循环接下来会做什么</translation>
        </message>
        <message>
            <source>Preemptive</source>
            <translation>抢占式</translation>
        </message>
        <message>
            <source>Print a saved session's event log, one line per event: the time in ms since the first event, the unit (the poll, timer or run it happened in), the event kind, the task, and what happened, in the sentence the window's event log shows. Filter with --task and --kind; pipe to grep for the rest.</source>
            <translation>打印已保存会话的事件日志，每个事件一行：自第一个事件起的时间（ms）、调度单元（事件发生在哪一次轮询、定时器或运行中）、事件类型、任务，以及发生了什么——措辞与窗口中事件日志显示的句子相同。可用 --task 和 --kind 筛选；其余的请用管道交给 grep。</translation>
        </message>
        <message>
            <source>Print what a saved session holds: its events, tasks, duration and dropped events, the backend and mode it was recorded with, the Python and LoopScope versions, and the workload or script. The file is read and checked whole.</source>
            <translation>打印已保存会话里的内容：事件数、任务数、时长和丢弃的事件数，录制时使用的后端和模式，Python 与 LoopScope 的版本，以及工作负载或脚本。文件会被完整读取并校验。</translation>
        </message>
        <message>
            <source>Producer / consumer</source>
            <translation>生产者 / 消费者</translation>
        </message>
        <message>
            <source>Python scripts (*.py)</source>
            <translation>Python 脚本 (*.py)</translation>
        </message>
        <message>
            <source>Qt event loop</source>
            <translation>Qt 事件循环</translation>
        </message>
        <message>
            <source>Queue capacity (the bound that pushes back).</source>
            <translation>队列容量（产生背压的上限）。</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>Randomise each sleep between 0.5× and 1.5× the interval.</source>
            <translation>每次休眠的时长在间隔的 0.5 到 1.5 倍之间随机取值。</translation>
        </message>
        <message>
            <source>Re&amp;play</source>
            <translation>回放(&amp;P)</translation>
        </message>
        <message>
            <source>Read events: {events:,}; read registrations: {regs:,} — an fd stays registered across messages.</source>
            <translation>读事件：{events:,}；读注册：{regs:,}——fd 在多条消息之间保持注册。</translation>
        </message>
        <message>
            <source>Read registrations per read done</source>
            <translation>每次读取对应的读注册数</translation>
        </message>
        <message>
            <source>Readiness ({backend}).</source>
            <translation>就绪模型（{backend}）。</translation>
        </message>
        <message>
            <source>Readiness, step by step</source>
            <translation>就绪通知，一步一步</translation>
        </message>
        <message>
            <source>Readiness: a socket that can be read or written now. Completion: a finished operation's packet, dequeued.</source>
            <translation>就绪模型：某个 socket 现在可读或可写。完成模型：一个已完成操作的完成包，已被取出。</translation>
        </message>
        <message>
            <source>Readiness: an fd added to the kernel's interest list. Completion: an overlapped operation started (WSARecv, AcceptEx, WSASend…).</source>
            <translation>就绪模型：一个 fd 被加入内核的兴趣列表。完成模型：发起了一个重叠操作（WSARecv、AcceptEx、WSASend…）。</translation>
        </message>
        <message>
            <source>Readiness: read events. Completion: read completions, dequeued or at once.</source>
            <translation>就绪模型：读事件。完成模型：读操作的完成，无论是从完成队列取出的还是立即完成的。</translation>
        </message>
        <message>
            <source>Reads done</source>
            <translation>完成的读取次数</translation>
        </message>
        <message>
            <source>Reads started: {started:,}; reads done: {done:,} (at once: {once:,}) — a new operation for every read.</source>
            <translation>发起的读取：{started:,}；完成的读取：{done:,}（立即完成：{once:,}）——每次读取都是一个新操作。</translation>
        </message>
        <message>
            <source>Ready queue (head first)</source>
            <translation>就绪队列（队头在前）</translation>
        </message>
        <message>
            <source>Ready queue ↓</source>
            <translation>就绪队列 ↓</translation>
        </message>
        <message>
            <source>Record a sample workload (or your own asyncio script) on the traced loop, without a window, and save the session.</source>
            <translation>不打开窗口，在受跟踪的事件循环上录制一个示例工作负载（或你自己的 asyncio 脚本），并保存为会话。</translation>
        </message>
        <message>
            <source>Record, open and export LoopScope sessions.</source>
            <translation>录制、打开和导出 LoopScope 会话。</translation>
        </message>
        <message>
            <source>Recording </source>
            <translation>录制 </translation>
        </message>
        <message>
            <source>Registered (waiting)</source>
            <translation>已注册（等待中）</translation>
        </message>
        <message>
            <source>Registered · I/O (an operation in flight)</source>
            <translation>已注册 · I/O（操作进行中）</translation>
        </message>
        <message>
            <source>Registered · I/O (fd)</source>
            <translation>已注册 · I/O（fd）</translation>
        </message>
        <message>
            <source>Registered · a thread</source>
            <translation>已注册 · 线程</translation>
        </message>
        <message>
            <source>Registered · another task / a future</source>
            <translation>已注册 · 其他任务 / Future</translation>
        </message>
        <message>
            <source>Registered · timers (soonest first)</source>
            <translation>已注册 · 定时器（最早到期在前）</translation>
        </message>
        <message>
            <source>Registrations (FD_REGISTER)</source>
            <translation>注册次数（FD_REGISTER）</translation>
        </message>
        <message>
            <source>Registrations (FD_REGISTER): {regs:,}, on distinct fds: {handles:,}. Events returned (FD_EVENT): {events:,}, in polls: {polls:,} ({per:.2f} per poll).</source>
            <translation>注册次数（FD_REGISTER）：{regs:,}，涉及的不同 fd：{handles:,}。返回的事件（FD_EVENT）：{events:,}，轮询次数：{polls:,}（每次轮询 {per:.2f} 个）。</translation>
        </message>
        <message>
            <source>Registrations per fd</source>
            <translation>每个 fd 的注册次数</translation>
        </message>
        <message>
            <source>Replay</source>
            <translation>回放</translation>
        </message>
        <message>
            <source>Replaying: the source is known only for the live loop's newest event. Go back to the live end to see it.</source>
            <translation>正在回放：只有实时事件循环的最新事件才有源代码信息。回到实时末端即可看到。</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>重置</translation>
        </message>
        <message>
            <source>Reset and backend or host switches start a new loop: offer to save the run first</source>
            <translation>重置、切换后端或宿主都会启动新的事件循环：开始之前先提示保存本次运行记录</translation>
        </message>
        <message>
            <source>Restart</source>
            <translation>重新开始</translation>
        </message>
        <message>
            <source>Right.</source>
            <translation>答对了。</translation>
        </message>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Run / Pause</source>
            <translation>运行 / 暂停</translation>
        </message>
        <message>
            <source>Run both</source>
            <translation>分别运行</translation>
        </message>
        <message>
            <source>Running (one at a time)</source>
            <translation>运行中（同一时刻仅一个）</translation>
        </message>
        <message>
            <source>Running {name} as asyncio tasks…</source>
            <translation>正在以 asyncio 任务方式运行 {name}…</translation>
        </message>
        <message>
            <source>Running {name} on OS threads…</source>
            <translation>正在以操作系统线程方式运行 {name}…</translation>
        </message>
        <message>
            <source>Same work done</source>
            <translation>完成的工作相同</translation>
        </message>
        <message>
            <source>Sample</source>
            <translation>示例</translation>
        </message>
        <message>
            <source>Save session</source>
            <translation>保存会话</translation>
        </message>
        <message>
            <source>Save session…</source>
            <translation>保存会话…</translation>
        </message>
        <message>
            <source>Save the live recording</source>
            <translation>保存实时录制</translation>
        </message>
        <message>
            <source>Saved sessions</source>
            <translation>已保存的会话</translation>
        </message>
        <message>
            <source>Save…</source>
            <translation>保存…</translation>
        </message>
        <message>
            <source>Saving cancelled: no file was written.</source>
            <translation>已取消保存：没有写入任何文件。</translation>
        </message>
        <message>
            <source>Saving {name}…</source>
            <translation>正在保存 {name}…</translation>
        </message>
        <message>
            <source>Second session</source>
            <translation>第二个会话</translation>
        </message>
        <message>
            <source>Second session to compare</source>
            <translation>选择要对比的第二个会话</translation>
        </message>
        <message>
            <source>Second session…</source>
            <translation>第二个会话…</translation>
        </message>
        <message>
            <source>Select a task first (board or event log).</source>
            <translation>请先在调度看板或事件日志中选择一个任务。</translation>
        </message>
        <message>
            <source>Select a task on the board or in the event log.</source>
            <translation>请在调度看板或事件日志中选择一个任务。</translation>
        </message>
        <message>
            <source>Server port on 127.0.0.1 (0 = any free port).</source>
            <translation>服务器在 127.0.0.1 上的端口（0 表示任意空闲端口）。</translation>
        </message>
        <message>
            <source>Server under load</source>
            <translation>负载下的服务器</translation>
        </message>
        <message>
            <source>Sessions — {sessions}.</source>
            <translation>会话：{sessions}。</translation>
        </message>
        <message>
            <source>Share of look-ups with an invalid token.</source>
            <translation>使用无效令牌的查询所占的百分比。</translation>
        </message>
        <message>
            <source>Show the whole recording (0)</source>
            <translation>显示整个录制（0）</translation>
        </message>
        <message>
            <source>Show:</source>
            <translation>显示：</translation>
        </message>
        <message>
            <source>Showing the live loop; {note}.</source>
            <translation>正在显示实时事件循环；{note}。</translation>
        </message>
        <message>
            <source>Single-unit stepping needs the engine-thread host: in the Qt host the loop runs inside Qt's own event loop, which cannot stop in the middle of an iteration. Use Step iteration.</source>
            <translation>按调度单元单步执行需要引擎线程宿主：在 Qt 宿主中，事件循环运行在 Qt 自己的事件循环内部，无法在一轮循环中途停下。请改用“单步一轮循环”。</translation>
        </message>
        <message>
            <source>Single-unit stepping needs the engine-thread host; use Step iteration</source>
            <translation>按调度单元单步执行需要引擎线程宿主；请改用“单步一轮循环”</translation>
        </message>
        <message>
            <source>Skip the question</source>
            <translation>跳过这个问题</translation>
        </message>
        <message>
            <source>Sleep interval.</source>
            <translation>休眠间隔。</translation>
        </message>
        <message>
            <source>Sleeps per task.</source>
            <translation>每个任务的休眠次数。</translation>
        </message>
        <message>
            <source>Slow-step warning above</source>
            <translation>慢步骤警告阈值</translation>
        </message>
        <message>
            <source>Socket or timer first</source>
            <translation>套接字和定时器，谁先</translation>
        </message>
        <message>
            <source>Something was already waiting in the ready queue, so the loop may not sleep at all: {call} only checks the kernel and returns (timeout 0).</source>
            <translation>就绪队列里已经有东西在等，所以事件循环根本不能睡眠：{call} 只是查看一下内核就返回（超时为 0）。</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>源代码</translation>
        </message>
        <message>
            <source>Speed </source>
            <translation>速度 </translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>Start a lesson</source>
            <translation>开始一课</translation>
        </message>
        <message>
            <source>Start lesson</source>
            <translation>开始课程</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>State as lists</source>
            <translation>状态列表</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>单步</translation>
        </message>
        <message>
            <source>Step duration</source>
            <translation>每一步的耗时</translation>
        </message>
        <message>
            <source>Step iteration</source>
            <translation>单步一轮循环</translation>
        </message>
        <message>
            <source>Step to selected task</source>
            <translation>单步到所选任务</translation>
        </message>
        <message>
            <source>Step took</source>
            <translation>该步耗时</translation>
        </message>
        <message>
            <source>Step {n} of {total}</source>
            <translation>第 {n} 步，共 {total} 步</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stream fan-out</source>
            <translation>流扇出</translation>
        </message>
        <message>
            <source>Switch the backend</source>
            <translation>切换后端</translation>
        </message>
        <message>
            <source>Switch the host</source>
            <translation>切换宿主</translation>
        </message>
        <message>
            <source>Switches (running intervals)</source>
            <translation>切换次数（运行区间数）</translation>
        </message>
        <message>
            <source>TCP echo</source>
            <translation>TCP 回显</translation>
        </message>
        <message>
            <source>Task</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Task #{n}: not recorded yet.</source>
            <translation>任务 #{n}：尚未录制。</translation>
        </message>
        <message>
            <source>Task source</source>
            <translation>任务源代码</translation>
        </message>
        <message>
            <source>Task steps</source>
            <translation>任务步数</translation>
        </message>
        <message>
            <source>Tasks sleeping fixed or random intervals, a call_later ticker, a wait_for timeout.</source>
            <translation>按固定或随机间隔休眠的任务、一个用 call_later 实现的节拍器，以及一个 wait_for 超时。</translation>
        </message>
        <message>
            <source>Tasks that finished before the visible window share one counted row</source>
            <translation>在可见窗口之前就已完成的任务合并为一行，并显示数量</translation>
        </message>
        <message>
            <source>Tasks that take turns.</source>
            <translation>轮流执行的任务数。</translation>
        </message>
        <message>
            <source>Tasks that wait on a timer.</source>
            <translation>等待定时器的任务数。</translation>
        </message>
        <message>
            <source>Tasks:</source>
            <translation>任务：</translation>
        </message>
        <message>
            <source>The Qt host needs a kernel event queue with a pollable fd (epoll or kqueue); {backend} has none.</source>
            <translation>Qt 宿主需要一个带可轮询 fd 的内核事件队列（epoll 或 kqueue），而 {backend} 没有。</translation>
        </message>
        <message>
            <source>The board</source>
            <translation>调度看板</translation>
        </message>
        <message>
            <source>The echo clients and the ticker are well-behaved: they await all the time. But while a hog step computes, the loop cannot poll: echoes sit in the kernel's socket buffers with their fds already readable, timers fall due, and every task waits — round-trip times and the ticker's lateness jump by a whole hog step. Run it preemptively: the interpreter takes the GIL from the hog every switch interval, so the others are delayed by a slice, not by a step.</source>
            <translation>回显客户端和节拍器都很守规矩：它们时时都在 await。但 CPU 密集任务的一步在计算时，事件循环无法轮询：回显数据停在内核的 socket 缓冲区里，它们的 fd 早已可读，定时器纷纷到期，所有任务都只能等待——往返时间和节拍器的迟到都会陡增整整一步的时长。改用抢占式运行试试：解释器每隔一个切换间隔就从 CPU 密集任务手中拿走 GIL，其他任务只会被推迟一个时间片，而不是一整步。</translation>
        </message>
        <message>
            <source>The engine is not running: there is no task to show.</source>
            <translation>引擎未在运行：没有可显示的任务。</translation>
        </message>
        <message>
            <source>The fd's callback joins the ready queue; it runs (④ handle) when the loop reaches it: {event}</source>
            <translation>该 fd 的回调进入就绪队列；事件循环轮到它时它才运行（④ 事件处理）：{event}</translation>
        </message>
        <message>
            <source>The guide is part of LoopScope's README, which this installation does not carry.</source>
            <translation>本指南是 LoopScope README 的一部分，而当前安装中没有附带该 README。</translation>
        </message>
        <message>
            <source>The image could not be written to {path}.</source>
            <translation>无法将图片写入 {path}。</translation>
        </message>
        <message>
            <source>The kernel only says that a socket can be read now. The program does the read itself, after the event, with a non-blocking recv() into a buffer of its own: the buffer is filled by that call, in a step of the loop.</source>
            <translation>内核只告诉程序：某个 socket 现在可以读了。读取由程序在事件之后自己完成——用一次非阻塞的 recv() 读入它自己的缓冲区：缓冲区由这次调用在事件循环的某一步中填充。</translation>
        </message>
        <message>
            <source>The lesson asks which task runs next: the source shows again once you answer.</source>
            <translation>课程正在问下一个运行的是哪个任务：回答之后，这里会再次显示源码。</translation>
        </message>
        <message>
            <source>The lesson is finished: Restart it, or End the lesson.</source>
            <translation>本课已完成：可以“重新开始”，或“结束课程”。</translation>
        </message>
        <message>
            <source>The lesson's session {path} cannot be opened.</source>
            <translation>无法打开本课的会话 {path}。</translation>
        </message>
        <message>
            <source>The lesson's workload {name} did not start.</source>
            <translation>本课的工作负载 {name} 没有启动。</translation>
        </message>
        <message>
            <source>The live stack of a suspended task is shown while the engine is paused.</source>
            <translation>引擎暂停时，这里会显示挂起任务的实时调用栈。</translation>
        </message>
        <message>
            <source>The longest sleeper's delay.</source>
            <translation>睡得最久的任务的延迟。</translation>
        </message>
        <message>
            <source>The loop blocks in epoll_wait with nothing else to do. Only then does the client, a thread outside the loop, connect or send (② fire, recorded as PEER_IO); epoll_wait returns exactly that fd (③ harvest), and its callback runs (④ handle): the accept callback, then the handler task that awaited readline().</source>
            <translation>事件循环阻塞在 epoll_wait 中，无事可做。只有这时，事件循环之外的客户端（一个线程）才发起连接或发送数据（② 事件触发，记录为 PEER_IO）；epoll_wait 只返回那个 fd（③ 事件获取），它的回调随即运行（④ 事件处理）：先是 accept 回调，然后是等待 readline() 的处理任务。</translation>
        </message>
        <message>
            <source>The loop did: {answer}</source>
            <translation>事件循环实际的结果是：{answer}</translation>
        </message>
        <message>
            <source>The loop is about to call {call}. Where does its timeout come from?</source>
            <translation>事件循环即将调用 {call}。它的超时从哪里来？</translation>
        </message>
        <message>
            <source>The loop is blocked in the kernel, waiting for an event. Stop wakes it (it stays paused).</source>
            <translation>事件循环阻塞在内核中，等待一个事件。“停止”会唤醒它（它保持暂停）。</translation>
        </message>
        <message>
            <source>The loop runs freely: pause or step it to see the source of the task that runs.</source>
            <translation>事件循环正在自由运行：暂停或单步执行它，即可看到正在运行的任务的源代码。</translation>
        </message>
        <message>
            <source>The loop thread blocks in the kernel until an fd fires or the deadline passes: {event}</source>
            <translation>事件循环线程阻塞在内核中，直到某个 fd 触发或超过到期时间：{event}</translation>
        </message>
        <message>
            <source>The loop thread blocks on the completion port until a packet is queued or the deadline passes: {event}</source>
            <translation>事件循环线程阻塞在完成端口上，直到有完成包入队或超过到期时间：{event}</translation>
        </message>
        <message>
            <source>The program starts the read (WSARecv with an OVERLAPPED) and hands the kernel the buffer. The kernel does the read, during the operation, and fills the buffer before it queues the completion packet: when GetQueuedCompletionStatus returns it, the data is already there. Nothing is left to read, so nothing can block.</source>
            <translation>程序发起读取（带 OVERLAPPED 的 WSARecv），并把缓冲区交给内核。内核在操作进行期间完成读取，并在把完成包放入队列之前填好缓冲区：当 GetQueuedCompletionStatus 返回这个完成包时，数据已经在缓冲区里了。没有什么需要再读，因此也就不会阻塞。</translation>
        </message>
        <message>
            <source>The ready queue is first in, first out: {task} had been in it longest of the tasks, so its step ran first. A task that becomes ready now queues behind it.</source>
            <translation>就绪队列先进先出：在所有任务中 {task} 在队列里待得最久，所以它的这一步先执行。现在才变为就绪的任务排在它后面。</translation>
        </message>
        <message>
            <source>The recording the lesson ran on was replaced: the lesson ended. Start it again to go on.</source>
            <translation>本课所用的录制已被替换：课程已结束。请重新开始本课以继续。</translation>
        </message>
        <message>
            <source>The same model.</source>
            <translation>模型相同。</translation>
        </message>
        <message>
            <source>The script failed</source>
            <translation>脚本运行失败</translation>
        </message>
        <message>
            <source>The session's last event (End)</source>
            <translation>跳到会话的最后一个事件（End）</translation>
        </message>
        <message>
            <source>The socket's callback (fd {fd})</source>
            <translation>套接字的回调（fd {fd}）</translation>
        </message>
        <message>
            <source>The source of this sample is not part of this installation (its Python files were installed as bytecode only).</source>
            <translation>当前安装中没有此示例的源代码（它的 Python 文件只以字节码形式安装）。</translation>
        </message>
        <message>
            <source>The sum of every poll's blocked time, and its share of the duration.</source>
            <translation>所有轮询的阻塞时间之和，及其占总时长的比例。</translation>
        </message>
        <message>
            <source>The task the fd woke joins the ready queue; its step (④ handle) runs when the loop reaches it: {event}</source>
            <translation>该 fd 唤醒的任务进入就绪队列；事件循环轮到它时它的一步才运行（④ 事件处理）：{event}</translation>
        </message>
        <message>
            <source>The task with the highest CPU share: how long it kept the loop (cooperative) or the GIL (threads) before another task ran.</source>
            <translation>CPU 占比最高的任务：在另一个任务运行之前，它占住事件循环（协作式）或 GIL（线程）的时长。</translation>
        </message>
        <message>
            <source>The timeline</source>
            <translation>时间线</translation>
        </message>
        <message>
            <source>The timer's callback ({callback})</source>
            <translation>定时器的回调（{callback}）</translation>
        </message>
        <message>
            <source>The timer's delay (keep it shorter than the busy step).</source>
            <translation>定时器的延迟（应短于忙碌步骤）。</translation>
        </message>
        <message>
            <source>The translation is missing: {reason}</source>
            <translation>缺少翻译文件：{reason}</translation>
        </message>
        <message>
            <source>The wait ended by its timeout (a timer was due) or was woken for nothing.</source>
            <translation>等待因超时而结束（某个定时器到期），或者被唤醒却没有任何事件。</translation>
        </message>
        <message>
            <source>The whole run took {c} cooperatively and {p} with threads ({ratio:.2f}×).</source>
            <translation>整次运行协作式耗时 {c}，多线程耗时 {p}（后者是前者的 {ratio:.2f} 倍）。</translation>
        </message>
        <message>
            <source>The whole window</source>
            <translation>整个窗口</translation>
        </message>
        <message>
            <source>These differ: {fields}</source>
            <translation>以下字段不同：{fields}</translation>
        </message>
        <message>
            <source>These recordings are of {a} and {b}: their counts describe different work.</source>
            <translation>这两份录制分别来自 {a} 和 {b}：它们的计数描述的是不同的工作。</translation>
        </message>
        <message>
            <source>This is the lesson's first step.</source>
            <translation>这是本课的第一步。</translation>
        </message>
        <message>
            <source>This is the saved session's last event (← steps back; the Recording box shows the live loop).</source>
            <translation>已到达已保存会话的最后一个事件（按 ← 后退；在“录制”框中可切回实时事件循环）。</translation>
        </message>
        <message>
            <source>This is the session's last event.</source>
            <translation>这是该会话的最后一个事件。</translation>
        </message>
        <message>
            <source>This lesson runs in the compare window.</source>
            <translation>本课在对比窗口中进行。</translation>
        </message>
        <message>
            <source>This lesson was written for {backend}, which this system does not have: it runs on {current}.</source>
            <translation>本课是为 {backend} 编写的，而本系统没有它：本课在 {current} 上运行。</translation>
        </message>
        <message>
            <source>This run had no task or thread of that name.</source>
            <translation>这次运行中没有同名的任务或线程。</translation>
        </message>
        <message>
            <source>This starts a new loop and wipes the live recording ({n:,} events). Save it first?</source>
            <translation>这会启动一个新的事件循环，并清除实时录制（{n:,} 个事件）。要先保存吗？</translation>
        </message>
        <message>
            <source>This step did not end within {n:,} units of the loop. The loop stays paused: step on with →, or restart the lesson.</source>
            <translation>这一步在事件循环的 {n:,} 个调度单元内没有结束。事件循环保持暂停：可以按 → 继续单步，或重新开始本课。</translation>
        </message>
        <message>
            <source>Threads in the pool.</source>
            <translation>线程池中的线程数。</translation>
        </message>
        <message>
            <source>Ticker interval.</source>
            <translation>节拍器的间隔。</translation>
        </message>
        <message>
            <source>Time (ms)</source>
            <translation>时间（ms）</translation>
        </message>
        <message>
            <source>Time blocked in the kernel per poll</source>
            <translation>每次轮询阻塞在内核中的时间</translation>
        </message>
        <message>
            <source>Time blocked in the wait call</source>
            <translation>阻塞在等待调用中的时间</translation>
        </message>
        <message>
            <source>Time blocked in the wait call.</source>
            <translation>阻塞在等待调用中的时间。</translation>
        </message>
        <message>
            <source>Time in</source>
            <translation>各状态用时</translation>
        </message>
        <message>
            <source>Time to handle one item.</source>
            <translation>处理一个条目所需的时间。</translation>
        </message>
        <message>
            <source>Time to make one item.</source>
            <translation>生产一个条目所需的时间。</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>时间线</translation>
        </message>
        <message>
            <source>Timeout 0: it returns at once, whatever is pending</source>
            <translation>超时为 0：不论有什么待处理，它都立即返回</translation>
        </message>
        <message>
            <source>Timer lateness max</source>
            <translation>定时器迟到最大值</translation>
        </message>
        <message>
            <source>Timer lateness p50</source>
            <translation>定时器迟到 p50</translation>
        </message>
        <message>
            <source>Timer lateness p99</source>
            <translation>定时器迟到 p99</translation>
        </message>
        <message>
            <source>Timers</source>
            <translation>定时器</translation>
        </message>
        <message>
            <source>Trace Event JSON (*.json)</source>
            <translation>Trace Event JSON 文件 (*.json)</translation>
        </message>
        <message>
            <source>Turns of {task}: median / longest</source>
            <translation>{task} 的时间片：中位数 / 最长</translation>
        </message>
        <message>
            <source>Typical turn, by running time</source>
            <translation>典型时间片（按运行时间加权）</translation>
        </message>
        <message>
            <source>UDP ping</source>
            <translation>UDP ping</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>调度单元</translation>
        </message>
        <message>
            <source>Users (each with a token) in the temporary database.</source>
            <translation>临时数据库中的用户数（每个用户有一个令牌）。</translation>
        </message>
        <message>
            <source>Waiting for both runs in the compare window…</source>
            <translation>正在等待对比窗口中的两次运行完成…</translation>
        </message>
        <message>
            <source>Wake-to-run latency (time in the ready queue)</source>
            <translation>从唤醒到运行的延迟（在就绪队列中的时间）</translation>
        </message>
        <message>
            <source>Watch a real asyncio event loop schedule tasks on the kernel's own event queue.</source>
            <translation>观察一个真实的 asyncio 事件循环如何在内核自己的事件队列上调度任务。</translation>
        </message>
        <message>
            <source>What a job does: sleep (I/O-like), hash (C code that releases the GIL) or python (holds the GIL).</source>
            <translation>作业的内容：sleep（类似 I/O）、hash（会释放 GIL 的 C 代码）或 python（一直持有 GIL）。</translation>
        </message>
        <message>
            <source>What does "await a database" really do? SQLite has no socket to register: aiosqlite runs every query on a worker thread. The look-up task is registered on a future the thread will complete; the loop blocks in epoll_wait with nothing to do; the worker finishes, calls call_soon_threadsafe, which writes one byte to the loop's self-pipe; epoll_wait returns the self-pipe's fd, the callback runs, and the task is ready. Invalid tokens end in InvalidToken (a 401 in a web API). With threads, each look-up thread calls sqlite3 itself and is blocked in the call (the GIL released).</source>
            <translation>“await 一个数据库”究竟做了什么？SQLite 没有可供注册的 socket：aiosqlite 把每条查询都放到一个工作线程上执行。查询任务注册在一个 Future 上，由该线程来完成它；事件循环无事可做，阻塞在 epoll_wait 中；工作线程执行完毕后调用 call_soon_threadsafe，向事件循环的自管道写入一个字节；epoll_wait 返回自管道的 fd，回调运行，任务随即变为就绪。无效令牌最终引发 InvalidToken（在 Web API 中就是 401）。换成线程时，每个查询线程自己调用 sqlite3，并阻塞在该调用中（期间释放 GIL）。</translation>
        </message>
        <message>
            <source>What happened</source>
            <translation>发生了什么</translation>
        </message>
        <message>
            <source>What it does</source>
            <translation>作用</translation>
        </message>
        <message>
            <source>What to look for: {text}</source>
            <translation>观察要点：{text}</translation>
        </message>
        <message>
            <source>What to save as PNG:</source>
            <translation>要保存为 PNG 的内容：</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>位置</translation>
        </message>
        <message>
            <source>Where the step ended</source>
            <translation>该步结束的位置</translation>
        </message>
        <message>
            <source>Which fds will this {call} return?</source>
            <translation>这次 {call} 会返回哪些 fd？</translation>
        </message>
        <message>
            <source>Which recording the views show: the live loop, or a saved session opened from a file (read-only). The live loop goes on recording while a session is shown.</source>
            <translation>选择各视图显示哪一份录制：实时事件循环，或从文件打开的已保存会话（只读）。显示会话期间，实时事件循环仍会继续录制。</translation>
        </message>
        <message>
            <source>Which task runs next?</source>
            <translation>下一个运行的是哪个任务？</translation>
        </message>
        <message>
            <source>While busy-N computes, the client's line arrives (PEER_IO): the kernel marks the fd ready though the loop is not looking. The next epoll_wait returns it at once. The second time a timer is due as well: the fd's callback joins the ready queue first, then the due timer, because the loop harvests fds before it moves timers.</source>
            <translation>busy-N 计算期间，客户端的一行到达（PEER_IO）：尽管事件循环没有在看，内核还是把 fd 标记为就绪。下一次 epoll_wait 立即返回它。第二次还有一个定时器也到期了：fd 的回调先进入就绪队列，然后才是到期的定时器，因为事件循环先获取 fd，再移入定时器。</translation>
        </message>
        <message>
            <source>While the hog's step runs, nothing else can: the tickers' timers fall due but stay in the heap, because the loop only looks at timers between steps. Watch the running slot turn red and the tickers wake up late by about the hog's step time — cooperative scheduling means every task must await to let others run. With threads the interpreter preempts the hog every switch interval (the gaps in its cpu() work, marked inferred) and the tickers are late by about one slice, not one step.</source>
            <translation>CPU 密集任务的一步在运行时，其他任何代码都无法运行：节拍器的定时器已经到期，却仍留在定时器堆中，因为事件循环只在两步之间检查定时器。请留意调度看板上“运行中”一栏变红，节拍器醒来时大约迟到 CPU 密集任务一步的时长——非抢占式（协作式）调度意味着每个任务都必须 await，才能让其他任务运行。换成线程时，解释器每隔一个切换间隔就抢占一次 CPU 密集任务（即它的 cpu() 工作中的空隙，标记为推断所得），节拍器只迟到大约一个时间片，而不是一整步。</translation>
        </message>
        <message>
            <source>Why / how long</source>
            <translation>原因 / 时长</translation>
        </message>
        <message>
            <source>Why the read after the event is non-blocking.</source>
            <translation>为什么事件之后的读取是非阻塞的。</translation>
        </message>
        <message>
            <source>With nothing ready and no timer armed, the loop has no reason to wake up by itself: it asks the kernel to block until an fd fires (timeout −1).</source>
            <translation>没有就绪的工作，也没有设置定时器，事件循环没有理由自己醒来：它请内核一直阻塞，直到某个 fd 触发（超时 −1）。</translation>
        </message>
        <message>
            <source>With nothing ready, the loop may sleep until its earliest timer is due: asyncio's timers are a heap, and the top of the heap sets the timeout of {call}. An fd that fires earlier ends the wait sooner.</source>
            <translation>没有就绪的工作时，事件循环可以一直睡到最早的定时器到期：asyncio 的定时器是一个堆，堆顶决定 {call} 的超时。更早触发的 fd 会提前结束等待。</translation>
        </message>
        <message>
            <source>With threads, no thread ran longer than {t} at a time (the busiest, {busiest}, ran in slices of {slice} at the median), at the cost of {switches} switches (the loop made {steps} task steps).</source>
            <translation>换成线程时，没有哪个线程一次连续运行超过 {t}（最忙的线程 {busiest} 的时间片中位数为 {slice}），代价是 {switches} 次线程切换（事件循环则执行了 {steps} 个任务步）。</translation>
        </message>
        <message>
            <source>With threads, no thread ran longer than {t} at a time (the busiest, {busiest}, ran in slices of {slice} at the median); timers were at most {late} late, at the cost of {switches} switches (the loop made {steps} task steps).</source>
            <translation>换成线程时，没有哪个线程一次连续运行超过 {t}（最忙的线程 {busiest} 的时间片中位数为 {slice}）；定时器最多迟到 {late}，代价是 {switches} 次线程切换（事件循环则执行了 {steps} 个任务步）。</translation>
        </message>
        <message>
            <source>Woken by</source>
            <translation>唤醒来源</translation>
        </message>
        <message>
            <source>Workloads</source>
            <translation>工作负载</translation>
        </message>
        <message>
            <source>Your answer is in: step on to see what the loop does.</source>
            <translation>已记下你的答案：继续单步，看看事件循环实际做了什么。</translation>
        </message>
        <message>
            <source>Your script, running on the traced loop.</source>
            <translation>你自己的脚本，运行在受跟踪的事件循环上。</translation>
        </message>
        <message>
            <source>a .loopscope session file</source>
            <translation>一个 .loopscope 会话文件</translation>
        </message>
        <message>
            <source>a Chrome trace (JSON) — LoopScope exports those but opens only its own sessions</source>
            <translation>一份 Chrome 跟踪文件（JSON）——LoopScope 能导出这种文件，但只能打开它自己的会话</translation>
        </message>
        <message>
            <source>a GIF image</source>
            <translation>一张 GIF 图片</translation>
        </message>
        <message>
            <source>a JPEG image</source>
            <translation>一张 JPEG 图片</translation>
        </message>
        <message>
            <source>a JSON file</source>
            <translation>一个 JSON 文件</translation>
        </message>
        <message>
            <source>a LoopScope command ({what})</source>
            <translation>LoopScope 命令（{what}）</translation>
        </message>
        <message>
            <source>a PDF document</source>
            <translation>一份 PDF 文档</translation>
        </message>
        <message>
            <source>a PNG image</source>
            <translation>一张 PNG 图片</translation>
        </message>
        <message>
            <source>a ZIP archive</source>
            <translation>一个 ZIP 压缩包</translation>
        </message>
        <message>
            <source>a blocking call to return ({name})</source>
            <translation>阻塞调用返回（{name}）</translation>
        </message>
        <message>
            <source>a bzip2-compressed file</source>
            <translation>一个 bzip2 压缩文件</translation>
        </message>
        <message>
            <source>a callback</source>
            <translation>某个回调</translation>
        </message>
        <message>
            <source>a callback ran</source>
            <translation>某个回调运行时唤醒了它</translation>
        </message>
        <message>
            <source>a cause</source>
            <translation>一种唤醒原因</translation>
        </message>
        <message>
            <source>a future: {name}</source>
            <translation>Future（{name}）</translation>
        </message>
        <message>
            <source>a gzip-compressed file</source>
            <translation>一个 gzip 压缩文件</translation>
        </message>
        <message>
            <source>a list of names is required</source>
            <translation>需要一个名称列表</translation>
        </message>
        <message>
            <source>a non-empty text is required</source>
            <translation>需要非空文本</translation>
        </message>
        <message>
            <source>a number of milliseconds from 0 to 5000 is required</source>
            <translation>需要一个 0 到 5000 之间的毫秒数</translation>
        </message>
        <message>
            <source>a parameter of --workload (repeatable)</source>
            <translation>--workload 的一个参数（可重复给出）</translation>
        </message>
        <message>
            <source>a parameter of the workload (repeatable)</source>
            <translation>工作负载的一个参数（可重复给出）</translation>
        </message>
        <message>
            <source>a peer connected / sent / closed: the fd became ready in the kernel (②)</source>
            <translation>对端连接 / 发送 / 关闭：该 fd 在内核中变为就绪（② 事件触发）</translation>
        </message>
        <message>
            <source>a peer outside the loop closes its socket: the kernel marks {where} readable (the end of the stream)</source>
            <translation>事件循环之外的对端关闭其套接字：内核将 {where} 标记为可读（流结束）</translation>
        </message>
        <message>
            <source>a peer outside the loop connects: the kernel queues the connection on the listening {where} and marks it readable</source>
            <translation>事件循环之外的对端发起连接：内核把连接放入监听的 {where} 的队列，并将其标记为可读</translation>
        </message>
        <message>
            <source>a peer outside the loop did I/O {action}, unknown to this version, on {where}</source>
            <translation>事件循环之外的对端在 {where} 上进行了 I/O {action}（此版本未知）</translation>
        </message>
        <message>
            <source>a peer outside the loop sends {n} bytes: the kernel queues them on {where} and marks it readable</source>
            <translation>事件循环之外的对端发送 {n} 字节：内核把它们放入 {where} 的队列，并将其标记为可读</translation>
        </message>
        <message>
            <source>a program (ELF executable)</source>
            <translation>一个程序（ELF 可执行文件）</translation>
        </message>
        <message>
            <source>a sample workload, e.g. tcp-echo (an unknown name lists them all)</source>
            <translation>示例工作负载，如 tcp-echo（名称未知时会列出全部）</translation>
        </message>
        <message>
            <source>a saved session for the lower timeline (an IOCP recording of the same sample, say)</source>
            <translation>已保存的会话，显示在下方时间线（例如同一示例的一次 IOCP 录制）</translation>
        </message>
        <message>
            <source>a saved session for the upper timeline (an epoll recording, say)</source>
            <translation>已保存的会话，显示在上方时间线（例如一次 epoll 录制）</translation>
        </message>
        <message>
            <source>a script runs on the traced loop: --mode preemptive is for samples</source>
            <translation>脚本运行在受跟踪的事件循环上：--mode preemptive 只适用于示例</translation>
        </message>
        <message>
            <source>a socket of the loop</source>
            <translation>事件循环的一个套接字</translation>
        </message>
        <message>
            <source>a table is required</source>
            <translation>需要一个表</translation>
        </message>
        <message>
            <source>a task entry is invalid</source>
            <translation>某个任务条目无效</translation>
        </message>
        <message>
            <source>a task ran</source>
            <translation>某个任务运行时唤醒了它</translation>
        </message>
        <message>
            <source>a task state</source>
            <translation>一种任务状态</translation>
        </message>
        <message>
            <source>a task's live stack can be read only while paused</source>
            <translation>只有在暂停时才能读取任务的实时调用栈</translation>
        </message>
        <message>
            <source>a task's live stack can be read only while the engine is paused</source>
            <translation>只有在引擎暂停时才能读取任务的实时调用栈</translation>
        </message>
        <message>
            <source>a text file</source>
            <translation>一个文本文件</translation>
        </message>
        <message>
            <source>a thread ({name})</source>
            <translation>工作线程（{name}）</translation>
        </message>
        <message>
            <source>a timer</source>
            <translation>一个定时器</translation>
        </message>
        <message>
            <source>a wait</source>
            <translation>一种等待原因</translation>
        </message>
        <message>
            <source>a whole number is required</source>
            <translation>需要一个整数</translation>
        </message>
        <message>
            <source>a whole number of at least 1 is required</source>
            <translation>需要一个不小于 1 的整数</translation>
        </message>
        <message>
            <source>all tasks</source>
            <translation>全部任务</translation>
        </message>
        <message>
            <source>ambiguous option: {option} could match {matches}</source>
            <translation>选项有歧义：{option} 可以匹配 {matches}</translation>
        </message>
        <message>
            <source>an SQLite database</source>
            <translation>一个 SQLite 数据库</translation>
        </message>
        <message>
            <source>an event kind</source>
            <translation>一种事件类型</translation>
        </message>
        <message>
            <source>an overlapped operation on handle {h} completed</source>
            <translation>句柄 {h} 上的某个重叠操作已完成</translation>
        </message>
        <message>
            <source>an overlapped receive/accept on handle {h} completed</source>
            <translation>句柄 {h} 上的重叠接收/接受连接操作已完成</translation>
        </message>
        <message>
            <source>an overlapped send/connect on handle {h} completed</source>
            <translation>句柄 {h} 上的重叠发送/建立连接操作已完成</translation>
        </message>
        <message>
            <source>an unknown kind of file</source>
            <translation>一个未知类型的文件</translation>
        </message>
        <message>
            <source>an untraced thread ran</source>
            <translation>一个未被跟踪的线程运行时唤醒了它</translation>
        </message>
        <message>
            <source>an xz-compressed file</source>
            <translation>一个 xz 压缩文件</translation>
        </message>
        <message>
            <source>another thread ({name})</source>
            <translation>另一个线程（{name}）</translation>
        </message>
        <message>
            <source>any fd</source>
            <translation>任意 fd</translation>
        </message>
        <message>
            <source>any handle</source>
            <translation>任意句柄</translation>
        </message>
        <message>
            <source>argument {argument}: {message}</source>
            <translation>参数 {argument}：{message}</translation>
        </message>
        <message>
            <source>asyncio tasks on the traced loop (default), or the same work on OS threads</source>
            <translation>asyncio 任务跑在受跟踪的事件循环上（默认），或用操作系统线程做同样的工作</translation>
        </message>
        <message>
            <source>at least one [[step]] table is required</source>
            <translation>至少需要一个 [[step]] 表</translation>
        </message>
        <message>
            <source>at stop: {leftovers}</source>
            <translation>停止时：{leftovers}</translation>
        </message>
        <message>
            <source>at {t}</source>
            <translation>时刻 {t}</translation>
        </message>
        <message>
            <source>back to the list; your own layout comes back</source>
            <translation>回到课程列表；恢复你自己的窗口布局</translation>
        </message>
        <message>
            <source>backend</source>
            <translation>后端</translation>
        </message>
        <message>
            <source>backend {backend} is not available on {platform}; choose one of: {choices}</source>
            <translation>后端 {backend} 在 {platform} 上不可用；可选：{choices}</translation>
        </message>
        <message>
            <source>bad arguments, or a file that cannot be used (not a session, damaged, a script with a syntax error); nothing was recorded</source>
            <translation>参数有误，或文件无法使用（不是会话文件、文件已损坏、脚本有语法错误）；没有录制任何内容</translation>
        </message>
        <message>
            <source>between units (the loop's own bookkeeping)</source>
            <translation>处于调度单元之间（事件循环自身的内务处理）</translation>
        </message>
        <message>
            <source>blocked in poll</source>
            <translation>阻塞在轮询中</translation>
        </message>
        <message>
            <source>blocked in {call}(timeout = {t})</source>
            <translation>阻塞在 {call}(timeout = {t}) 中</translation>
        </message>
        <message>
            <source>blocked in {call}(timeout = {t}) for {e}</source>
            <translation>阻塞在 {call}(timeout = {t}) 中，已等待 {e}</translation>
        </message>
        <message>
            <source>blocked on the completion port</source>
            <translation>阻塞在完成端口上</translation>
        </message>
        <message>
            <source>call_soon_threadsafe</source>
            <translation>call_soon_threadsafe</translation>
        </message>
        <message>
            <source>callback</source>
            <translation>回调</translation>
        </message>
        <message>
            <source>callback #{n} returns</source>
            <translation>回调 #{n} 返回</translation>
        </message>
        <message>
            <source>callback #{n} runs: {fn}</source>
            <translation>回调 #{n} 开始运行：{fn}</translation>
        </message>
        <message>
            <source>callback #{n} {name}</source>
            <translation>回调 #{n} {name}</translation>
        </message>
        <message>
            <source>callback #{n} → ready queue: {cause}</source>
            <translation>回调 #{n} → 就绪队列：{cause}</translation>
        </message>
        <message>
            <source>callback {name}</source>
            <translation>回调 {name}</translation>
        </message>
        <message>
            <source>callbacks</source>
            <translation>回调</translation>
        </message>
        <message>
            <source>cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>cancel every running workload</source>
            <translation>取消所有正在运行的工作负载</translation>
        </message>
        <message>
            <source>cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>cancelled handle #{n} leaves the ready queue</source>
            <translation>已取消的回调句柄 #{n} 被移出就绪队列</translation>
        </message>
        <message>
            <source>cannot be read: {error}</source>
            <translation>无法读取：{error}</translation>
        </message>
        <message>
            <source>cannot open {file}: {problem}</source>
            <translation>无法打开 {file}：{problem}</translation>
        </message>
        <message>
            <source>cannot open {file}: {reason}</source>
            <translation>无法打开 {file}：{reason}</translation>
        </message>
        <message>
            <source>cannot save {file}: the session metadata cannot be stored ({reason})</source>
            <translation>无法保存 {file}：会话元数据无法写入（{reason}）</translation>
        </message>
        <message>
            <source>cannot save {file}: {reason}</source>
            <translation>无法保存 {file}：{reason}</translation>
        </message>
        <message>
            <source>cannot write {file}: {reason}</source>
            <translation>无法写入 {file}：{reason}</translation>
        </message>
        <message>
            <source>cannot write {path}: no permission to write in {parent}</source>
            <translation>无法写入 {path}：没有在 {parent} 中写入的权限</translation>
        </message>
        <message>
            <source>cannot write {path}: the folder {parent} does not exist</source>
            <translation>无法写入 {path}：文件夹 {parent} 不存在</translation>
        </message>
        <message>
            <source>cause {n}, unknown to this version</source>
            <translation>原因 {n}，本版本无法识别</translation>
        </message>
        <message>
            <source>change fd {fd} interest to {mask}</source>
            <translation>把 fd {fd} 关注的事件改为{mask}</translation>
        </message>
        <message>
            <source>command {n}, unknown to this version</source>
            <translation>命令 {n}，本版本无法识别</translation>
        </message>
        <message>
            <source>command: {what}</source>
            <translation>命令：{what}</translation>
        </message>
        <message>
            <source>commands (LoopScope)</source>
            <translation>命令（LoopScope）</translation>
        </message>
        <message>
            <source>compiled (C)</source>
            <translation>编译版（C）</translation>
        </message>
        <message>
            <source>completion</source>
            <translation>完成模型</translation>
        </message>
        <message>
            <source>completion dequeued: receive / accept</source>
            <translation>取出完成包：接收 / 接受连接</translation>
        </message>
        <message>
            <source>completion dequeued: send / connect</source>
            <translation>取出完成包：发送 / 建立连接</translation>
        </message>
        <message>
            <source>completion packets</source>
            <translation>完成包</translation>
        </message>
        <message>
            <source>completion {op} handle {h}</source>
            <translation>完成包：{op} 句柄 {h}</translation>
        </message>
        <message>
            <source>convert a session to Chrome trace JSON</source>
            <translation>把会话转换为 Chrome 跟踪 JSON</translation>
        </message>
        <message>
            <source>cooperative</source>
            <translation>协作式</translation>
        </message>
        <message>
            <source>cooperative (asyncio tasks)</source>
            <translation>非抢占式（协作式，asyncio 任务）</translation>
        </message>
        <message>
            <source>count</source>
            <translation>次数</translation>
        </message>
        <message>
            <source>create_async_engine + AsyncSession + get_current_user on a real SQLite file.</source>
            <translation>在真实的 SQLite 文件上运行 create_async_engine + AsyncSession + get_current_user。</translation>
        </message>
        <message>
            <source>data from handle {h}, which its transport's overlapped receive delivers ({name})</source>
            <translation>句柄 {h} 上的数据，由其 transport 的重叠接收操作送达（{name}）</translation>
        </message>
        <message>
            <source>db-user-lookup: cannot create the database {path}: {reason}</source>
            <translation>db-user-lookup：无法创建数据库 {path}：{reason}</translation>
        </message>
        <message>
            <source>db-user-lookup: cannot create the temporary database in {folder}: {reason}</source>
            <translation>db-user-lookup：无法在 {folder} 中创建临时数据库：{reason}</translation>
        </message>
        <message>
            <source>done</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>dropped</source>
            <translation>丢弃</translation>
        </message>
        <message>
            <source>dropped: {n:,}</source>
            <translation>已丢弃：{n:,}</translation>
        </message>
        <message>
            <source>duration</source>
            <translation>时长</translation>
        </message>
        <message>
            <source>end · {n:,} events</source>
            <translation>末尾 · 共 {n:,} 个事件</translation>
        </message>
        <message>
            <source>engine thread</source>
            <translation>引擎线程</translation>
        </message>
        <message>
            <source>error: {error}</source>
            <translation>出错：{error}</translation>
        </message>
        <message>
            <source>error: {e}</source>
            <translation>出错：{e}</translation>
        </message>
        <message>
            <source>event chunk {k} of {chunks} (events {first:,}–{last:,})</source>
            <translation>第 {k} 个事件块（共 {chunks} 个；事件 {first:,}–{last:,}）</translation>
        </message>
        <message>
            <source>event loop</source>
            <translation>事件循环</translation>
        </message>
        <message>
            <source>event loop ({backend})</source>
            <translation>事件循环（{backend}）</translation>
        </message>
        <message>
            <source>event {i:,} of {n:,} · {t}</source>
            <translation>第 {i:,} / {n:,} 个事件 · {t}</translation>
        </message>
        <message>
            <source>event {kind}, unknown to this version: {task} {a} {b} {c}</source>
            <translation>事件 {kind}，本版本无法识别：{task} {a} {b} {c}</translation>
        </message>
        <message>
            <source>events</source>
            <translation>事件</translation>
        </message>
        <message>
            <source>events a live run keeps for replay before the oldest are let go (default {keep:,}; about 100 bytes each)</source>
            <translation>实时运行为回放保留的事件数，超出则丢弃最早的（默认 {keep:,}，每个约 100 字节）</translation>
        </message>
        <message>
            <source>events per 100 ms</source>
            <translation>每 100 ms 的事件数</translation>
        </message>
        <message>
            <source>every key and what it does</source>
            <translation>所有按键及其作用</translation>
        </message>
        <message>
            <source>exactly one of event, state, queue, compare or next is required</source>
            <translation>event、state、queue、compare、next 中必须恰好有一个</translation>
        </message>
        <message>
            <source>exactly one of workload, compare or session is required</source>
            <translation>workload、compare、session 中必须恰好有一个</translation>
        </message>
        <message>
            <source>exit codes:</source>
            <translation>退出码：</translation>
        </message>
        <message>
            <source>exited: {outcome}</source>
            <translation>已退出：{outcome}</translation>
        </message>
        <message>
            <source>expected at least one argument</source>
            <translation>至少需要一个参数值</translation>
        </message>
        <message>
            <source>expected at most one argument</source>
            <translation>最多只能有一个参数值</translation>
        </message>
        <message>
            <source>expected one argument</source>
            <translation>需要一个参数值</translation>
        </message>
        <message>
            <source>exported {name}: open it in ui.perfetto.dev or chrome://tracing</source>
            <translation>已导出 {name}：可在 ui.perfetto.dev 或 chrome://tracing 中打开</translation>
        </message>
        <message>
            <source>exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>failed (see above)</source>
            <translation>失败（见上文）</translation>
        </message>
        <message>
            <source>fd</source>
            <translation>fd</translation>
        </message>
        <message>
            <source>fd events</source>
            <translation>fd 事件</translation>
        </message>
        <message>
            <source>fd returned readable</source>
            <translation>fd 返回可读</translation>
        </message>
        <message>
            <source>fd returned writable</source>
            <translation>fd 返回可写</translation>
        </message>
        <message>
            <source>fd {fd}</source>
            <translation>fd {fd}</translation>
        </message>
        <message>
            <source>fd {fd} ({owner})</source>
            <translation>fd {fd}（{owner}）</translation>
        </message>
        <message>
            <source>fd {fd} became readable</source>
            <translation>fd {fd} 变为可读</translation>
        </message>
        <message>
            <source>fd {fd} became ready</source>
            <translation>fd {fd} 已就绪</translation>
        </message>
        <message>
            <source>fd {fd} became writable</source>
            <translation>fd {fd} 变为可写</translation>
        </message>
        <message>
            <source>fd {fd} readable</source>
            <translation>fd {fd} 可读</translation>
        </message>
        <message>
            <source>fd {fd} writable</source>
            <translation>fd {fd} 可写</translation>
        </message>
        <message>
            <source>fd {fd} {mask}</source>
            <translation>fd {fd} {mask}</translation>
        </message>
        <message>
            <source>fd {fd} · {mask} · {owner}</source>
            <translation>fd {fd} · {mask} · {owner}</translation>
        </message>
        <message>
            <source>fds / handles registered</source>
            <translation>注册过的 fd / 句柄数</translation>
        </message>
        <message>
            <source>finished</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>float</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>follow the newest event again</source>
            <translation>重新跟随最新的事件</translation>
        </message>
        <message>
            <source>forever</source>
            <translation>无限</translation>
        </message>
        <message>
            <source>forever=true runs until stopped: give --duration SECONDS</source>
            <translation>forever=true 会一直运行到被停止：请给出 --duration SECONDS</translation>
        </message>
        <message>
            <source>forget the opened saved session and show the live loop</source>
            <translation>关闭已打开的会话，回到实时事件循环</translation>
        </message>
        <message>
            <source>format version {version} does not exist</source>
            <translation>格式版本 {version} 并不存在</translation>
        </message>
        <message>
            <source>found block {label} where {what} should be</source>
            <translation>本应是{what}的位置上出现了块 {label}</translation>
        </message>
        <message>
            <source>gap threshold {us} µs</source>
            <translation>间隙阈值 {us} µs</translation>
        </message>
        <message>
            <source>give a WORKLOAD or --script FILE, not both</source>
            <translation>请给出 WORKLOAD 或 --script FILE，二者不能同时给出</translation>
        </message>
        <message>
            <source>give a WORKLOAD to record, or --script FILE</source>
            <translation>请给出要录制的 WORKLOAD，或 --script FILE</translation>
        </message>
        <message>
            <source>guided lessons on the real loop: what to look at, step by step, and questions on what it does next</source>
            <translation>在真实事件循环上的引导式课程：一步一步告诉你该看什么，并提问它接下来会做什么</translation>
        </message>
        <message>
            <source>handle</source>
            <translation>句柄</translation>
        </message>
        <message>
            <source>handle {h}: the operation is no longer outstanding</source>
            <translation>句柄 {h}：该操作已不再处于未完成状态</translation>
        </message>
        <message>
            <source>harvest</source>
            <translation>事件获取</translation>
        </message>
        <message>
            <source>hide LoopScope commands</source>
            <translation>隐藏 LoopScope 命令</translation>
        </message>
        <message>
            <source>host</source>
            <translation>宿主</translation>
        </message>
        <message>
            <source>idle (between units)</source>
            <translation>空闲（调度单元之间）</translation>
        </message>
        <message>
            <source>idle: Qt's event loop waits for the loop's next fd or timer</source>
            <translation>空闲：Qt 的事件循环正在等待 asyncio 事件循环的下一个 fd 或定时器</translation>
        </message>
        <message>
            <source>ignored explicit argument {value}</source>
            <translation>忽略了显式给出的参数值 {value}</translation>
        </message>
        <message>
            <source>instrument error: {message}</source>
            <translation>插桩错误：{message}</translation>
        </message>
        <message>
            <source>int</source>
            <translation>整数</translation>
        </message>
        <message>
            <source>interrupted</source>
            <translation>已中断</translation>
        </message>
        <message>
            <source>interrupted (Ctrl+C)</source>
            <translation>已中断（Ctrl+C）</translation>
        </message>
        <message>
            <source>interrupted (Ctrl+C); what was recorded so far was saved</source>
            <translation>已中断（Ctrl+C）；到此为止录制的内容已保存</translation>
        </message>
        <message>
            <source>invalid choice: {value} (choose from {choices})</source>
            <translation>无效的选择：{value}（可选：{choices}）</translation>
        </message>
        <message>
            <source>invalid {type} value: {value}</source>
            <translation>无效的 {type} 值：{value}</translation>
        </message>
        <message>
            <source>it contains a part this LoopScope does not understand (block {label}); it was probably written by a newer LoopScope</source>
            <translation>其中有当前版本的 LoopScope 无法识别的部分（块 {label}）；它很可能是由更新版本的 LoopScope 写入的</translation>
        </message>
        <message>
            <source>it gave the GIL away (sleep(0))</source>
            <translation>它主动让出了 GIL（sleep(0)）</translation>
        </message>
        <message>
            <source>it had lost the GIL or its CPU (inferred from a gap in its work)</source>
            <translation>它曾失去 GIL 或 CPU（根据其工作中的间隙推断）</translation>
        </message>
        <message>
            <source>it is a folder, not a file</source>
            <translation>这是一个文件夹，不是文件</translation>
        </message>
        <message>
            <source>it was just created</source>
            <translation>刚创建</translation>
        </message>
        <message>
            <source>it was just started</source>
            <translation>它刚刚启动</translation>
        </message>
        <message>
            <source>it was written by a newer LoopScope (session format version {version}; this LoopScope reads version {known} and older). Update LoopScope to open it</source>
            <translation>它是由更新版本的 LoopScope 写入的（会话格式版本 {version}；当前 LoopScope 只能读取版本 {known} 及更早的版本）。请更新 LoopScope 后再打开</translation>
        </message>
        <message>
            <source>it yielded to the loop</source>
            <translation>它主动把控制权交还给事件循环</translation>
        </message>
        <message>
            <source>its blocking call returned</source>
            <translation>它的阻塞调用已返回</translation>
        </message>
        <message>
            <source>its deadline passed</source>
            <translation>它的到期时间已到</translation>
        </message>
        <message>
            <source>its event count and chunk count disagree</source>
            <translation>其事件数与事件块数不一致</translation>
        </message>
        <message>
            <source>its metadata does not describe a session</source>
            <translation>其元数据描述的不是一个会话</translation>
        </message>
        <message>
            <source>its overlapped {call} on handle {h} to complete (incoming)</source>
            <translation>它在句柄 {h} 上的重叠 {call} 操作完成（入站）</translation>
        </message>
        <message>
            <source>its overlapped {call} on handle {h} to complete (outgoing)</source>
            <translation>它在句柄 {h} 上的重叠 {call} 操作完成（出站）</translation>
        </message>
        <message>
            <source>its own step scheduled the wake-up</source>
            <translation>它自己的这一步安排了这次唤醒</translation>
        </message>
        <message>
            <source>its transport's overlapped sends on handle {h} to drain ({name})</source>
            <translation>其 transport 在句柄 {h} 上的重叠发送操作全部完成（{name}）</translation>
        </message>
        <message>
            <source>last {call} returned {what} after {t}</source>
            <translation>上次 {call} 等待 {t} 后返回：{what}</translation>
        </message>
        <message>
            <source>launch</source>
            <translation>启动</translation>
        </message>
        <message>
            <source>launch the workload selected in Workloads</source>
            <translation>启动“工作负载”面板中选中的工作负载</translation>
        </message>
        <message>
            <source>launch this sample workload at start-up</source>
            <translation>启动时运行这个示例工作负载</translation>
        </message>
        <message>
            <source>launched {name}</source>
            <translation>已启动 {name}</translation>
        </message>
        <message>
            <source>launched {name} on the live loop; {note}</source>
            <translation>已在实时事件循环上启动 {name}；{note}</translation>
        </message>
        <message>
            <source>live loop</source>
            <translation>实时事件循环</translation>
        </message>
        <message>
            <source>live · {backend} · {host}</source>
            <translation>实时 · {backend} · {host}</translation>
        </message>
        <message>
            <source>live · {n:,} events</source>
            <translation>实时 · 共 {n:,} 个事件</translation>
        </message>
        <message>
            <source>live · {n:,} events ({held:,} held)</source>
            <translation>实时 · 共 {n:,} 个事件（内存中保留 {held:,} 个）</translation>
        </message>
        <message>
            <source>loop created on {backend}; self-pipe fd {fd}</source>
            <translation>事件循环已在 {backend} 上创建；自管道 fd {fd}</translation>
        </message>
        <message>
            <source>loop created on {backend}; self-pipe socket {fd}, read by an overlapped receive</source>
            <translation>事件循环已在 {backend} 上创建；自管道 socket {fd} 由一个重叠接收操作读取</translation>
        </message>
        <message>
            <source>loop lag: {t}</source>
            <translation>事件循环滞后：{t}</translation>
        </message>
        <message>
            <source>loop lag: {t} (timers held by the pause)</source>
            <translation>事件循环滞后：{t}（定时器因暂停而被搁置）</translation>
        </message>
        <message>
            <source>loop lag: — (paused)</source>
            <translation>事件循环滞后：—（已暂停）</translation>
        </message>
        <message>
            <source>loop lag: — (slow motion)</source>
            <translation>事件循环滞后：—（慢动作）</translation>
        </message>
        <message>
            <source>loop.{method}() is not available on Windows' proactor loop (IOCP): it completes I/O operations instead of reporting ready file descriptors. Use streams (asyncio.open_connection, asyncio.start_server) or the loop's sock_recv / sock_sendall / sock_accept calls, or record with --backend select.</source>
            <translation>Windows 的 proactor 事件循环（IOCP）不提供 loop.{method}()：它报告的是已完成的 I/O 操作，而不是就绪的文件描述符。请改用流（asyncio.open_connection、asyncio.start_server）或事件循环的 sock_recv / sock_sendall / sock_accept 调用，或者用 --backend select 进行录制。</translation>
        </message>
        <message>
            <source>loopscope record (WORKLOAD [--param K=V ...] | --script FILE) -o FILE [options]</source>
            <translation>loopscope record (WORKLOAD [--param K=V ...] | --script FILE) -o FILE [选项]</translation>
        </message>
        <message>
            <source>loopscope {version} ({python} {python_version}); recording path: {path}</source>
            <translation>loopscope {version}（{python} {python_version}）；录制路径：{path}</translation>
        </message>
        <message>
            <source>loopscope: {message}</source>
            <translation>loopscope：{message}</translation>
        </message>
        <message>
            <source>metadata field {key} is missing or invalid</source>
            <translation>元数据字段 {key} 缺失或无效</translation>
        </message>
        <message>
            <source>mode</source>
            <translation>模式</translation>
        </message>
        <message>
            <source>ms late</source>
            <translation>迟到（ms）</translation>
        </message>
        <message>
            <source>must be "done"</source>
            <translation>必须是 "done"</translation>
        </message>
        <message>
            <source>must be "empty"</source>
            <translation>必须是 "empty"</translation>
        </message>
        <message>
            <source>must be true</source>
            <translation>必须是 true</translation>
        </message>
        <message>
            <source>needs start.session</source>
            <translation>需要 start.session</translation>
        </message>
        <message>
            <source>neither read nor write saved window settings (commands without a window read none)</source>
            <translation>不读写已保存的窗口设置（无窗口的命令本就不读）</translation>
        </message>
        <message>
            <source>new</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <source>no completion (timeout)</source>
            <translation>无完成包（超时）</translation>
        </message>
        <message>
            <source>no fd registered</source>
            <translation>没有已注册的 fd</translation>
        </message>
        <message>
            <source>no launch #{n}</source>
            <translation>不存在启动记录 #{n}</translation>
        </message>
        <message>
            <source>no progress and no summary (errors are still printed)</source>
            <translation>不显示进度和摘要（错误仍会打印）</translation>
        </message>
        <message>
            <source>no source</source>
            <translation>没有源代码</translation>
        </message>
        <message>
            <source>no source for {file}</source>
            <translation>{file} 没有源代码</translation>
        </message>
        <message>
            <source>no such file</source>
            <translation>文件不存在</translation>
        </message>
        <message>
            <source>no such file: {path}</source>
            <translation>没有这个文件：{path}</translation>
        </message>
        <message>
            <source>no timeout</source>
            <translation>无超时</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>not a field of a lesson (fields: id, order, title, summary, start, step)</source>
            <translation>不是课程的字段（字段有：id、order、title、summary、start、step）</translation>
        </message>
        <message>
            <source>not a field of a step (fields: say, show, until, ask)</source>
            <translation>不是步骤的字段（字段有：say、show、until、ask）</translation>
        </message>
        <message>
            <source>not a field of start (fields: {fields})</source>
            <translation>不是 start 的字段（字段有：{fields}）</translation>
        </message>
        <message>
            <source>not a field of this condition (fields: {fields})</source>
            <translation>不是这种条件的字段（字段有：{fields}）</translation>
        </message>
        <message>
            <source>not allowed with argument {other}</source>
            <translation>不能与参数 {other} 同时使用</translation>
        </message>
        <message>
            <source>not enough memory for {size:,} bytes of session</source>
            <translation>内存不足，无法载入 {size:,} 字节的会话</translation>
        </message>
        <message>
            <source>not known (its events were lost)</source>
            <translation>未知（相关事件已丢失）</translation>
        </message>
        <message>
            <source>not valid TOML: {error}</source>
            <translation>不是有效的 TOML：{error}</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>无</translation>
        </message>
        <message>
            <source>nothing (back in the ready queue)</source>
            <translation>无（已回到就绪队列）</translation>
        </message>
        <message>
            <source>nothing (finished)</source>
            <translation>无（已完成）</translation>
        </message>
        <message>
            <source>nothing (still runnable)</source>
            <translation>无（仍可运行）</translation>
        </message>
        <message>
            <source>nothing (timeout)</source>
            <translation>无（超时）</translation>
        </message>
        <message>
            <source>nothing to compare (timings only)</source>
            <translation>无可比较的内容（只有计时数据）</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>off (threads run in parallel)</source>
            <translation>关闭（线程并行运行）</translation>
        </message>
        <message>
            <source>ok</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>on</source>
            <translation>开启</translation>
        </message>
        <message>
            <source>one of the arguments {names} is required</source>
            <translation>必须给出参数 {names} 之一</translation>
        </message>
        <message>
            <source>one of {choices}</source>
            <translation>以下之一：{choices}</translation>
        </message>
        <message>
            <source>only events of this kind (e.g. step_begin; repeatable, or comma-separated)</source>
            <translation>只看该类型的事件（如 step_begin；可重复，或用逗号分隔）</translation>
        </message>
        <message>
            <source>only the events of this task: its name as shown ("cpu-hog (2)", "handle_echo · Task-8"), its recorded name, or its serial</source>
            <translation>只看该任务的事件：按显示名（"cpu-hog (2)"、"handle_echo · Task-8"）、录制名或序号</translation>
        </message>
        <message>
            <source>open a saved recording</source>
            <translation>打开一份已保存的录制</translation>
        </message>
        <message>
            <source>open a saved session in the GUI</source>
            <translation>在图形界面中打开已保存的会话</translation>
        </message>
        <message>
            <source>open the compare window on two saved sessions (an epoll and an IOCP recording of one sample, say): readiness vs completion</source>
            <translation>在对比窗口中打开两个已保存的会话（如同一示例的 epoll 录制与 IOCP 录制）：就绪模型对比完成模型</translation>
        </message>
        <message>
            <source>opened {name}: {n:,} events of {what} ({mode}, {where}, Python {py})</source>
            <translation>已打开 {name}：{what} 的 {n:,} 个事件（{mode}，{where}，Python {py}）</translation>
        </message>
        <message>
            <source>opening was cancelled</source>
            <translation>打开操作已取消</translation>
        </message>
        <message>
            <source>options</source>
            <translation>选项</translation>
        </message>
        <message>
            <source>outcome</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>outcome {n}, unknown to this version</source>
            <translation>结果 {n}，本版本无法识别</translation>
        </message>
        <message>
            <source>outcome: {status}</source>
            <translation>结果：{status}</translation>
        </message>
        <message>
            <source>pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>paused before POLL</source>
            <translation>已暂停在轮询（POLL）之前</translation>
        </message>
        <message>
            <source>paused before RUN of callback {name}</source>
            <translation>已暂停在回调 {name} 的运行（RUN）之前</translation>
        </message>
        <message>
            <source>paused before RUN of task {name}</source>
            <translation>已暂停在任务 {name} 的运行（RUN）之前</translation>
        </message>
        <message>
            <source>paused before TIMER ({what})</source>
            <translation>已暂停在定时器（TIMER：{what}）之前</translation>
        </message>
        <message>
            <source>paused: answer the lesson's question</source>
            <translation>已暂停：请回答课程中的问题</translation>
        </message>
        <message>
            <source>pausing…</source>
            <translation>正在暂停…</translation>
        </message>
        <message>
            <source>poll: {call}</source>
            <translation>轮询：{call}</translation>
        </message>
        <message>
            <source>polls</source>
            <translation>轮询</translation>
        </message>
        <message>
            <source>positional arguments</source>
            <translation>位置参数</translation>
        </message>
        <message>
            <source>preemptive</source>
            <translation>抢占式</translation>
        </message>
        <message>
            <source>preemptive (OS threads)</source>
            <translation>抢占式（操作系统线程）</translation>
        </message>
        <message>
            <source>preemptive mode: the interpreter's thread switch interval (default 5 ms)</source>
            <translation>抢占式模式：解释器的线程切换间隔（默认 5 ms）</translation>
        </message>
        <message>
            <source>print LoopScope's version, the Python it runs on and which recording path is active, and exit</source>
            <translation>显示 LoopScope 的版本、所运行的 Python 以及当前生效的录制路径，然后退出</translation>
        </message>
        <message>
            <source>print each lesson's ID and title, and exit</source>
            <translation>打印每一课的 ID 和标题，然后退出</translation>
        </message>
        <message>
            <source>print one JSON object instead of text</source>
            <translation>输出一个 JSON 对象，而不是文本</translation>
        </message>
        <message>
            <source>pure Python</source>
            <translation>纯 Python</translation>
        </message>
        <message>
            <source>quit after this many seconds</source>
            <translation>在这么多秒后退出</translation>
        </message>
        <message>
            <source>ran during the last frame: {names}</source>
            <translation>上一帧内运行过：{names}</translation>
        </message>
        <message>
            <source>ran during the last frame: {names} and {n} more</source>
            <translation>上一帧内运行过：{names} 及另外 {n} 个</translation>
        </message>
        <message>
            <source>read</source>
            <translation>读</translation>
        </message>
        <message>
            <source>read+write</source>
            <translation>读写</translation>
        </message>
        <message>
            <source>readable</source>
            <translation>可读</translation>
        </message>
        <message>
            <source>readable+writable</source>
            <translation>可读+可写</translation>
        </message>
        <message>
            <source>readiness</source>
            <translation>就绪模型</translation>
        </message>
        <message>
            <source>reading…</source>
            <translation>正在读取…</translation>
        </message>
        <message>
            <source>ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <source>ready (waiting for the GIL, inferred)</source>
            <translation>就绪（等待 GIL，推断）</translation>
        </message>
        <message>
            <source>ready because {why} · for {t}</source>
            <translation>就绪原因：{why} · 已排队 {t}</translation>
        </message>
        <message>
            <source>ready queue</source>
            <translation>就绪队列</translation>
        </message>
        <message>
            <source>ready {t}</source>
            <translation>就绪 {t}</translation>
        </message>
        <message>
            <source>ready — woken because {why}</source>
            <translation>就绪 — 唤醒原因：{why}</translation>
        </message>
        <message>
            <source>record a workload or your own script without the GUI</source>
            <translation>不打开图形界面，录制工作负载或你自己的脚本</translation>
        </message>
        <message>
            <source>recorded</source>
            <translation>录制</translation>
        </message>
        <message>
            <source>recorded {workload} (cooperative, {backend}): {tasks:,} tasks, {events:,} events over {seconds:.3f} s, {dropped:,} events dropped</source>
            <translation>已录制 {workload}（协作式，{backend}）：{tasks:,} 个任务，{seconds:.3f} s 内共 {events:,} 个事件，丢弃了 {dropped:,} 个事件</translation>
        </message>
        <message>
            <source>recorded {workload} (preemptive, OS threads): {tasks:,} tasks, {events:,} events over {seconds:.3f} s, {dropped:,} events dropped</source>
            <translation>已录制 {workload}（抢占式，操作系统线程）：{tasks:,} 个任务，{seconds:.3f} s 内共 {events:,} 个事件，丢弃了 {dropped:,} 个事件</translation>
        </message>
        <message>
            <source>recorder ring size; events beyond it between two drains are dropped and counted (default {n:,})</source>
            <translation>录制器环形缓冲区大小；两次读出之间超出的事件被丢弃并计数（默认 {n:,}）</translation>
        </message>
        <message>
            <source>recorder: {path}</source>
            <translation>录制器：{path}</translation>
        </message>
        <message>
            <source>recording… {elapsed:.1f} of {limit:g} s, {events:,} events</source>
            <translation>正在录制… {elapsed:.1f} / {limit:g} s，{events:,} 个事件</translation>
        </message>
        <message>
            <source>recording… {elapsed:.1f} s, {events:,} events</source>
            <translation>正在录制… {elapsed:.1f} s，{events:,} 个事件</translation>
        </message>
        <message>
            <source>register fd {fd} for {mask} ({owner})</source>
            <translation>注册 fd {fd}，关注{mask}事件（{owner}）</translation>
        </message>
        <message>
            <source>registered {t}</source>
            <translation>已注册 {t}</translation>
        </message>
        <message>
            <source>registered — waiting for {what}</source>
            <translation>已注册 — 等待：{what}</translation>
        </message>
        <message>
            <source>replay, event {i:,}: {what}</source>
            <translation>回放，第 {i:,} 个事件：{what}</translation>
        </message>
        <message>
            <source>replay: the first recorded event</source>
            <translation>回放：跳到第一个录制的事件</translation>
        </message>
        <message>
            <source>replay: the previous recorded event</source>
            <translation>回放：退回上一个录制的事件</translation>
        </message>
        <message>
            <source>resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>resumed here</source>
            <translation>从这里恢复</translation>
        </message>
        <message>
            <source>run exactly one unit (a poll, a timer or one handle) and pause; while replaying, the next recorded event</source>
            <translation>只运行一个调度单元（一次轮询、一个定时器或一个回调句柄）后暂停；回放时则前进到下一个录制的事件</translation>
        </message>
        <message>
            <source>run freely / pause before the next unit</source>
            <translation>连续运行 / 在下一个调度单元开始前暂停</translation>
        </message>
        <message>
            <source>run the loop until this step ends</source>
            <translation>运行事件循环，直到这一步结束</translation>
        </message>
        <message>
            <source>run the selected sample as asyncio tasks and on OS threads, side by side</source>
            <translation>把所选示例分别作为 asyncio 任务和操作系统线程运行，并排对比</translation>
        </message>
        <message>
            <source>run until the loop is about to poll again</source>
            <translation>运行到事件循环即将再次轮询为止</translation>
        </message>
        <message>
            <source>run until the selected task's next step has run</source>
            <translation>运行到所选任务的下一步执行完毕为止</translation>
        </message>
        <message>
            <source>run your own asyncio script on the traced loop</source>
            <translation>在受跟踪的事件循环上运行你自己的 asyncio 脚本</translation>
        </message>
        <message>
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <source>running (a task step)</source>
            <translation>运行中（任务的一步）</translation>
        </message>
        <message>
            <source>running a callback</source>
            <translation>正在运行回调</translation>
        </message>
        <message>
            <source>running a step of {task} for {d}</source>
            <translation>运行 {task} 的一步，耗时 {d}</translation>
        </message>
        <message>
            <source>running callback {name}</source>
            <translation>正在运行回调 {name}</translation>
        </message>
        <message>
            <source>running task {name}</source>
            <translation>正在运行任务 {name}</translation>
        </message>
        <message>
            <source>running {name} (as a script) on the traced loop</source>
            <translation>正在受跟踪的事件循环上运行 {name}（按脚本方式）</translation>
        </message>
        <message>
            <source>running {name} (its main()) on the traced loop</source>
            <translation>正在受跟踪的事件循环上运行 {name}（调用其 main()）</translation>
        </message>
        <message>
            <source>running {t}</source>
            <translation>运行中 {t}</translation>
        </message>
        <message>
            <source>save a PNG of the window (the compare window with --compare-sessions) after --quit-after seconds, then quit</source>
            <translation>在 --quit-after 秒后把窗口（带 --compare-sessions 时为对比窗口）存为 PNG，然后退出</translation>
        </message>
        <message>
            <source>save a PNG of the window after --quit-after seconds, then quit</source>
            <translation>在 --quit-after 秒后把窗口存为 PNG，然后退出</translation>
        </message>
        <message>
            <source>save this recording (events, tasks, workload)</source>
            <translation>保存当前录制（事件、任务和工作负载）</translation>
        </message>
        <message>
            <source>saved session (read-only) · {where} · {mode}</source>
            <translation>已保存的会话（只读）· {where} · {mode}</translation>
        </message>
        <message>
            <source>saved session {name}</source>
            <translation>已保存的会话 {name}</translation>
        </message>
        <message>
            <source>saved {n:,} events to {name} ({size:,} bytes)</source>
            <translation>已将 {n:,} 个事件保存到 {name}（{size:,} 字节）</translation>
        </message>
        <message>
            <source>saved {path} ({size:,} bytes, {per_event:.1f} bytes/event)</source>
            <translation>已保存 {path}（{size:,} 字节，每个事件 {per_event:.1f} 字节）</translation>
        </message>
        <message>
            <source>saving was cancelled</source>
            <translation>保存操作已取消</translation>
        </message>
        <message>
            <source>saving…</source>
            <translation>正在保存…</translation>
        </message>
        <message>
            <source>script</source>
            <translation>脚本</translation>
        </message>
        <message>
            <source>seconds since the recording started</source>
            <translation>录制开始后的秒数</translation>
        </message>
        <message>
            <source>self-pipe</source>
            <translation>自管道</translation>
        </message>
        <message>
            <source>self-pipe receive completed: a thread woke the loop</source>
            <translation>自管道接收完成：线程唤醒了事件循环</translation>
        </message>
        <message>
            <source>self-pipe: a thread woke the loop</source>
            <translation>自管道：线程唤醒了事件循环</translation>
        </message>
        <message>
            <source>self-pipe: wakes the loop from other threads</source>
            <translation>自管道：供其他线程唤醒事件循环</translation>
        </message>
        <message>
            <source>session field {name} has the wrong type</source>
            <translation>会话字段 {name} 的类型不正确</translation>
        </message>
        <message>
            <source>set up outside any step</source>
            <translation>由任务步之外的代码安排</translation>
        </message>
        <message>
            <source>set up outside any thread</source>
            <translation>由所有线程之外的代码安排</translation>
        </message>
        <message>
            <source>show progress on stderr even when it is not a terminal</source>
            <translation>即使 stderr 不是终端也显示进度</translation>
        </message>
        <message>
            <source>show this help message and exit</source>
            <translation>显示此帮助信息并退出</translation>
        </message>
        <message>
            <source>size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>slow motion</source>
            <translation>慢动作</translation>
        </message>
        <message>
            <source>slow motion: each unit is held {t} before it runs</source>
            <translation>慢动作：每个调度单元运行前都停留 {t}</translation>
        </message>
        <message>
            <source>slow step: {ms:.1f} ms</source>
            <translation>慢步骤：{ms:.1f} ms</translation>
        </message>
        <message>
            <source>slow step: {who} held the loop for {t} (threshold {th}); it ended at {site}</source>
            <translation>慢步骤：{who} 占用事件循环 {t}（阈值 {th}）；结束于 {site}</translation>
        </message>
        <message>
            <source>something not known (its events were lost)</source>
            <translation>某个未知对象（相关事件已丢失）</translation>
        </message>
        <message>
            <source>speak the system's language: 简体中文 for a Chinese system, English otherwise</source>
            <translation>使用系统的语言：中文系统用简体中文，其他系统用 English</translation>
        </message>
        <message>
            <source>start overlapped {call} on handle {h}; the kernel performs it</source>
            <translation>在句柄 {h} 上发起重叠操作 {call}，由内核执行</translation>
        </message>
        <message>
            <source>start paused, before the loop's first unit</source>
            <translation>启动后先暂停，停在事件循环的第一个调度单元之前</translation>
        </message>
        <message>
            <source>start with this lesson running (--list-lessons names them)</source>
            <translation>启动时运行这一课（--list-lessons 列出所有课程）</translation>
        </message>
        <message>
            <source>step</source>
            <translation>单步</translation>
        </message>
        <message>
            <source>step running for {t}</source>
            <translation>本步已运行 {t}</translation>
        </message>
        <message>
            <source>stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>stop after this long (needed for forever=true; a script is stopped after {seconds:g} s unless given)</source>
            <translation>运行多久后停止（forever=true 时必需；不给出时，脚本 {seconds:g} s 后停止）</translation>
        </message>
        <message>
            <source>stop running the loop for this step; it stays paused</source>
            <translation>停止为这一步运行事件循环；它保持暂停</translation>
        </message>
        <message>
            <source>stop the engine and close LoopScope</source>
            <translation>停止引擎并关闭 LoopScope</translation>
        </message>
        <message>
            <source>stop the engine, clear the recording, start again</source>
            <translation>停止引擎、清空录制，然后重新开始</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>stopped after {seconds:g} s (--duration)</source>
            <translation>在 {seconds:g} s 后停止（--duration）</translation>
        </message>
        <message>
            <source>stopped after {seconds:g} s (scripts are stopped after {seconds:g} s; give --duration)</source>
            <translation>在 {seconds:g} s 后停止（脚本默认在 {seconds:g} s 后停止；可用 --duration 指定）</translation>
        </message>
        <message>
            <source>stopped at this await</source>
            <translation>停在这个 await 处</translation>
        </message>
        <message>
            <source>subcommands (each has its own --help):
  record WORKLOAD [--param K=V ...] [--mode cooperative|preemptive] [--duration S] -o FILE
                        record a sample workload without the GUI
  record --script my_app.py -o FILE
                        record your own asyncio script (async def main(), or a script
                        that calls asyncio.run) on the traced loop
  open FILE             open a saved session in the GUI
  info FILE [--json]    what a session holds: events, tasks, duration, drops, backend,
                        mode, Python, workload, the LoopScope that wrote it
  log FILE [--task NAME] [--kind KIND]
                        the session's event log as text, one sentence per event (as
                        the window's log says it)
  export FILE -o trace.json
                        convert a session to Chrome trace JSON (Perfetto, chrome://tracing)</source>
            <translation>子命令（各有自己的 --help）：
  record WORKLOAD [--param K=V ...] [--mode cooperative|preemptive] [--duration S] -o FILE
                        不打开图形界面，录制一个示例工作负载
  record --script my_app.py -o FILE
                        在受跟踪的事件循环上录制你自己的 asyncio 脚本（定义了
                        async def main() 或调用 asyncio.run 的脚本）
  open FILE             在图形界面中打开已保存的会话
  info FILE [--json]    会话里有什么：事件、任务、时长、丢弃数、后端、模式、
                        Python、工作负载，以及写入它的 LoopScope 版本
  log FILE [--task NAME] [--kind KIND]
                        以文本形式输出会话的事件日志，每个事件一句话（与窗口
                        中事件日志的说法相同）
  export FILE -o trace.json
                        把会话转换为 Chrome 跟踪 JSON（Perfetto、chrome://tracing）</translation>
        </message>
        <message>
            <source>switch interval {ms} ms</source>
            <translation>切换间隔 {ms} ms</translation>
        </message>
        <message>
            <source>switch interval {t}, GIL {gil}</source>
            <translation>切换间隔 {t}，GIL {gil}</translation>
        </message>
        <message>
            <source>sys.setswitchinterval for the threaded run: how long a thread may keep the GIL while another one waits</source>
            <translation>线程方式运行时的 sys.setswitchinterval：另一个线程等待时，当前线程最多可以持有 GIL 多长时间</translation>
        </message>
        <message>
            <source>task</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>task #{n} is named {name}</source>
            <translation>任务 #{n} 被命名为 {name}</translation>
        </message>
        <message>
            <source>task #{n} is not alive</source>
            <translation>任务 #{n} 已不存在</translation>
        </message>
        <message>
            <source>task steps</source>
            <translation>任务步</translation>
        </message>
        <message>
            <source>task {name}</source>
            <translation>任务 {name}</translation>
        </message>
        <message>
            <source>task {name} ran</source>
            <translation>任务 {name} 运行时唤醒了它</translation>
        </message>
        <message>
            <source>task {serial}</source>
            <translation>任务 {serial}</translation>
        </message>
        <message>
            <source>tasks</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>the asyncio.sleep of {task}: due in {time}</source>
            <translation>{task} 的 asyncio.sleep：{time} 后到期</translation>
        </message>
        <message>
            <source>the board, the timeline or the whole window as PNG</source>
            <translation>将调度看板、时间线或整个窗口保存为 PNG 图片</translation>
        </message>
        <message>
            <source>the end marker</source>
            <translation>结束标记</translation>
        </message>
        <message>
            <source>the end of its sleep</source>
            <translation>休眠结束</translation>
        </message>
        <message>
            <source>the engine could not start: {reason}</source>
            <translation>引擎无法启动：{reason}</translation>
        </message>
        <message>
            <source>the engine is not running</source>
            <translation>引擎没有在运行</translation>
        </message>
        <message>
            <source>the export was cancelled</source>
            <translation>导出已取消</translation>
        </message>
        <message>
            <source>the file is damaged ({detail})</source>
            <translation>文件已损坏（{detail}）</translation>
        </message>
        <message>
            <source>the file is empty (0 bytes)</source>
            <translation>文件是空的（0 字节）</translation>
        </message>
        <message>
            <source>the file is truncated (it ends before {what})</source>
            <translation>文件不完整（在{what}之前就结束了）</translation>
        </message>
        <message>
            <source>the file is truncated (only {n} bytes)</source>
            <translation>文件不完整（只有 {n} 字节）</translation>
        </message>
        <message>
            <source>the file is truncated ({what} needs {n:,} bytes, only {left:,} remain)</source>
            <translation>文件不完整（{what}需要 {n:,} 字节，但只剩 {left:,} 字节）</translation>
        </message>
        <message>
            <source>the file is truncated ({what} needs {n:,} bytes, only {left:,} remain; the file is {size:,} bytes)</source>
            <translation>文件不完整（{what}需要 {n:,} 字节，但只剩 {left:,} 字节；文件共 {size:,} 字节）</translation>
        </message>
        <message>
            <source>the file was damaged by a text-mode transfer (its line endings were converted); copy it again in binary mode</source>
            <translation>文件在以文本模式传输时被损坏（其中的换行符被转换了）；请以二进制模式重新复制</translation>
        </message>
        <message>
            <source>the following arguments are required: {names}</source>
            <translation>缺少必需的参数：{names}</translation>
        </message>
        <message>
            <source>the header of {what}</source>
            <translation>{what}的块头</translation>
        </message>
        <message>
            <source>the kernel reads into the program's buffer, then queues a completion packet</source>
            <translation>内核把数据读入程序的缓冲区，然后把一个完成包放入完成队列</translation>
        </message>
        <message>
            <source>the kernel says a socket is ready, then the program reads</source>
            <translation>内核通知某个 socket 已就绪，然后由程序自己去读</translation>
        </message>
        <message>
            <source>the kernel wait</source>
            <translation>内核等待调用</translation>
        </message>
        <message>
            <source>the language to speak: en, zh_CN (简体中文) or system (the system's); without it, commands follow the system and the window the language chosen in its View menu</source>
            <translation>界面语言：en、zh_CN（简体中文）或 system（跟随系统）；不给出时，命令跟随系统，窗口用“视图”菜单所选的语言</translation>
        </message>
        <message>
            <source>the list of dropped events is invalid</source>
            <translation>丢弃事件列表无效</translation>
        </message>
        <message>
            <source>the list of dropped events is missing</source>
            <translation>缺少丢弃事件列表</translation>
        </message>
        <message>
            <source>the loop adds the fd to the set it hands to {call} at every wait</source>
            <translation>事件循环把该 fd 加入它每次等待时交给 {call} 的集合</translation>
        </message>
        <message>
            <source>the loop starts an overlapped operation that the kernel completes</source>
            <translation>事件循环发起一个重叠操作，由内核去完成</translation>
        </message>
        <message>
            <source>the loop tells the kernel ({call}) to watch an fd</source>
            <translation>事件循环通过 {call} 让内核监听一个 fd</translation>
        </message>
        <message>
            <source>the metadata</source>
            <translation>元数据</translation>
        </message>
        <message>
            <source>the operation on handle {h} completed at once, inside the call that started it: nothing to wait for</source>
            <translation>句柄 {h} 上的操作在发起它的调用内部就立即完成了：无需等待</translation>
        </message>
        <message>
            <source>the operation on handle {h} was cancelled (CancelIoEx); its aborted packet is dropped when dequeued</source>
            <translation>句柄 {h} 上的操作已被取消（CancelIoEx）；它被中止的完成包会在取出时丢弃</translation>
        </message>
        <message>
            <source>the output would overwrite the session file; give -o</source>
            <translation>输出会覆盖会话文件；请用 -o 指定输出文件</translation>
        </message>
        <message>
            <source>the previous step; the replay shows where it began (←)</source>
            <translation>上一步；回放显示它开始的位置（←）</translation>
        </message>
        <message>
            <source>the run was cancelled</source>
            <translation>运行已被取消</translation>
        </message>
        <message>
            <source>the script was stopped</source>
            <translation>脚本已被停止</translation>
        </message>
        <message>
            <source>the session file to write (.loopscope)</source>
            <translation>要写入的会话文件（.loopscope）</translation>
        </message>
        <message>
            <source>the session metadata is not an object</source>
            <translation>会话元数据不是一个 JSON 对象</translation>
        </message>
        <message>
            <source>the session's event log as text</source>
            <translation>以文本形式输出会话的事件日志</translation>
        </message>
        <message>
            <source>the string table</source>
            <translation>字符串表</translation>
        </message>
        <message>
            <source>the string table is invalid</source>
            <translation>字符串表无效</translation>
        </message>
        <message>
            <source>the task table</source>
            <translation>任务表</translation>
        </message>
        <message>
            <source>the task table is incomplete</source>
            <translation>任务表不完整</translation>
        </message>
        <message>
            <source>the window was frozen {ms:.0f} ms: the loop shares Qt's thread</source>
            <translation>窗口冻结了 {ms:.0f} ms：事件循环与 Qt 共用同一线程</translation>
        </message>
        <message>
            <source>the work runs on OS threads, scheduled by the OS and the GIL: {conditions}</source>
            <translation>工作运行在操作系统线程上，由操作系统和 GIL 调度：{conditions}</translation>
        </message>
        <message>
            <source>the workload or script failed (the recording was still saved), or the output could not be written</source>
            <translation>工作负载或脚本运行失败（录制内容仍已保存），或无法写入输出文件</translation>
        </message>
        <message>
            <source>this field is required</source>
            <translation>缺少这个字段</translation>
        </message>
        <message>
            <source>this is not a LoopScope session: it looks like {kind}</source>
            <translation>这不是 LoopScope 会话文件：它看起来是{kind}</translation>
        </message>
        <message>
            <source>this lesson again from its first step, on a fresh loop</source>
            <translation>在一个全新的事件循环上，从第一步重新开始本课</translation>
        </message>
        <message>
            <source>thread {name}</source>
            <translation>线程 {name}</translation>
        </message>
        <message>
            <source>thread {name} called call_soon_threadsafe</source>
            <translation>线程 {name} 调用了 call_soon_threadsafe</translation>
        </message>
        <message>
            <source>thread {name} ran</source>
            <translation>线程 {name} 运行时唤醒了它</translation>
        </message>
        <message>
            <source>thread {name} to end</source>
            <translation>线程 {name} 结束</translation>
        </message>
        <message>
            <source>thread {name} wakes the loop (self-pipe)</source>
            <translation>线程 {name} 通过自管道唤醒事件循环</translation>
        </message>
        <message>
            <source>threads</source>
            <translation>线程</translation>
        </message>
        <message>
            <source>time since the recording started</source>
            <translation>录制开始后的时间</translation>
        </message>
        <message>
            <source>timeout asked for</source>
            <translation>请求的超时</translation>
        </message>
        <message>
            <source>timer</source>
            <translation>定时器</translation>
        </message>
        <message>
            <source>timer #{n}</source>
            <translation>定时器 #{n}</translation>
        </message>
        <message>
            <source>timer #{n} armed: {fn}</source>
            <translation>定时器 #{n} 已设置：{fn}</translation>
        </message>
        <message>
            <source>timer #{n} cancelled</source>
            <translation>定时器 #{n} 已取消</translation>
        </message>
        <message>
            <source>timer #{n} fired</source>
            <translation>定时器 #{n} 已触发</translation>
        </message>
        <message>
            <source>timer #{n} is due ({late} late) → ready queue</source>
            <translation>定时器 #{n} 到期（迟到 {late}）→ 就绪队列</translation>
        </message>
        <message>
            <source>timer due in {t}</source>
            <translation>定时器 {t} 后到期</translation>
        </message>
        <message>
            <source>timer fired: {name}</source>
            <translation>定时器触发：{name}</translation>
        </message>
        <message>
            <source>timer overdue by {t}</source>
            <translation>定时器已逾期 {t}</translation>
        </message>
        <message>
            <source>timer {n} (late {ms:.3f} ms)</source>
            <translation>定时器 {n}（迟到 {ms:.3f} ms）</translation>
        </message>
        <message>
            <source>timers</source>
            <translation>定时器</translation>
        </message>
        <message>
            <source>timers fired</source>
            <translation>定时器触发</translation>
        </message>
        <message>
            <source>true or false</source>
            <translation>true 或 false</translation>
        </message>
        <message>
            <source>true or false is required</source>
            <translation>需要 true 或 false</translation>
        </message>
        <message>
            <source>true or false, and only for POLL_BEGIN or POLL_END</source>
            <translation>需要 true 或 false，且只能用于 POLL_BEGIN 或 POLL_END</translation>
        </message>
        <message>
            <source>two saved sessions (an epoll and an IOCP recording, say) on one time axis: readiness vs completion</source>
            <translation>在同一条时间轴上对比两个已保存的会话（例如一份 epoll 录制和一份 IOCP 录制）：就绪模型与完成模型</translation>
        </message>
        <message>
            <source>unknown (events were dropped)</source>
            <translation>未知（有事件被丢弃）</translation>
        </message>
        <message>
            <source>unknown backend {backend}; on this OS choose one of: {choices}</source>
            <translation>未知的后端 {backend}；在此操作系统上可选：{choices}</translation>
        </message>
        <message>
            <source>unknown event kind {unknown}; the kinds are: {kinds}</source>
            <translation>未知的事件类型 {unknown}；可用的类型有：{kinds}</translation>
        </message>
        <message>
            <source>unknown lesson {id!r}; the lessons are: {ids}</source>
            <translation>未知课程 {id!r}；现有课程：{ids}</translation>
        </message>
        <message>
            <source>unknown task column type</source>
            <translation>未知的任务列类型</translation>
        </message>
        <message>
            <source>unknown workload {name!r}; choose one of: {names}</source>
            <translation>没有名为 {name!r} 的工作负载；可选：{names}</translation>
        </message>
        <message>
            <source>unrecognized arguments: {names}</source>
            <translation>无法识别的参数：{names}</translation>
        </message>
        <message>
            <source>unregister fd {fd}</source>
            <translation>注销 fd {fd}</translation>
        </message>
        <message>
            <source>usage: </source>
            <translation>用法： </translation>
        </message>
        <message>
            <source>wait {n}, unknown to this version</source>
            <translation>等待类型 {n}，本版本无法识别</translation>
        </message>
        <message>
            <source>waiting (reason lost)</source>
            <translation>等待中（原因已丢失）</translation>
        </message>
        <message>
            <source>waiting: a future</source>
            <translation>等待：Future</translation>
        </message>
        <message>
            <source>waiting: a receive / accept to complete</source>
            <translation>等待：接收 / 接受连接完成</translation>
        </message>
        <message>
            <source>waiting: a send / connect to complete</source>
            <translation>等待：发送 / 建立连接完成</translation>
        </message>
        <message>
            <source>waiting: a thread / blocking call</source>
            <translation>等待：线程 / 阻塞调用</translation>
        </message>
        <message>
            <source>waiting: another task</source>
            <translation>等待：其他任务</translation>
        </message>
        <message>
            <source>waiting: fd readable</source>
            <translation>等待：fd 可读</translation>
        </message>
        <message>
            <source>waiting: fd writable</source>
            <translation>等待：fd 可写</translation>
        </message>
        <message>
            <source>waiting: timer</source>
            <translation>等待：定时器</translation>
        </message>
        <message>
            <source>waiting: {what}</source>
            <translation>等待：{what}</translation>
        </message>
        <message>
            <source>waits for {what} · for {t}</source>
            <translation>等待：{what} · 已持续 {t}</translation>
        </message>
        <message>
            <source>warnings</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>what a session holds, without opening the GUI</source>
            <translation>不打开图形界面，查看会话里有什么</translation>
        </message>
        <message>
            <source>what each view shows, and how to read it</source>
            <translation>每个视图显示什么，以及如何解读</translation>
        </message>
        <message>
            <source>where the live loop runs (as for the GUI)</source>
            <translation>实时事件循环在哪里运行（同图形界面）</translation>
        </message>
        <message>
            <source>where the observed loop runs: its own thread (default) or inside Qt's event loop on the GUI thread</source>
            <translation>被观察的事件循环在哪里运行：自己的线程（默认），或 GUI 线程上的 Qt 事件循环</translation>
        </message>
        <message>
            <source>where to write the trace (default: FILE with .json)</source>
            <translation>跟踪文件写到哪里（默认：FILE 改用 .json 扩展名）</translation>
        </message>
        <message>
            <source>will resume here</source>
            <translation>将从这里恢复</translation>
        </message>
        <message>
            <source>workload</source>
            <translation>工作负载</translation>
        </message>
        <message>
            <source>writable</source>
            <translation>可写</translation>
        </message>
        <message>
            <source>write</source>
            <translation>写</translation>
        </message>
        <message>
            <source>wrote {path}: {events:,} trace events ({slices:,} slices, {flows:,} wake-up arrows, {tracks:,} tracks) from {recorded:,} recorded events; open it in ui.perfetto.dev or chrome://tracing</source>
            <translation>已写入 {path}：由 {recorded:,} 个录制的事件生成 {events:,} 个跟踪事件（{slices:,} 个切片、{flows:,} 个唤醒箭头、{tracks:,} 条轨道）；可在 ui.perfetto.dev 或 chrome://tracing 中打开</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>your own asyncio script instead of a sample: it defines async def main(), or calls asyncio.run(...)</source>
            <translation>用自己的 asyncio 脚本代替示例：定义 async def main()，或调用 asyncio.run(...)</translation>
        </message>
        <message>
            <source>{at} · {task}: {state} for {d}</source>
            <translation>{at} · {task}：{state}，持续 {d}</translation>
        </message>
        <message>
            <source>{a} vs {b}: {first} and {second}.</source>
            <translation>{a} 与 {b} 对比：{first} 和 {second}。</translation>
        </message>
        <message>
            <source>{a}: {ta} of {da} ({pa:.0f} %); {b}: {tb} of {db} ({pb:.0f} %).</source>
            <translation>{a}：{da} 中有 {ta}（{pa:.0f} %）；{b}：{db} 中有 {tb}（{pb:.0f} %）。</translation>
        </message>
        <message>
            <source>{backend} ({model})</source>
            <translation>{backend}（{model}）</translation>
        </message>
        <message>
            <source>{backend} has no pollable kernel queue fd to host</source>
            <translation>{backend} 没有可轮询的内核事件队列 fd，无法由宿主托管</translation>
        </message>
        <message>
            <source>{backend} wait</source>
            <translation>{backend} 等待</translation>
        </message>
        <message>
            <source>{callback} of {task}: due in {time}</source>
            <translation>{task} 的 {callback}：{time} 后到期</translation>
        </message>
        <message>
            <source>{callback}: due in {time}</source>
            <translation>{callback}：{time} 后到期</translation>
        </message>
        <message>
            <source>{call} dequeued the completion packet of {op} on handle {h}</source>
            <translation>{call} 取出了句柄 {h} 上 {op} 的完成包</translation>
        </message>
        <message>
            <source>{call} is dequeuing completion packets</source>
            <translation>{call} 正在取出完成包</translation>
        </message>
        <message>
            <source>{call} is dequeuing completion packets: {n} so far</source>
            <translation>{call} 正在取出完成包：已取出 {n} 个</translation>
        </message>
        <message>
            <source>{call} returned fd {fd}: {mask}</source>
            <translation>{call} 返回了 fd {fd}：{mask}</translation>
        </message>
        <message>
            <source>{call} returned {n} completion(s) after {t}</source>
            <translation>{call} 阻塞 {t} 后返回，共 {n} 个完成包</translation>
        </message>
        <message>
            <source>{call} returned {n} event(s) after {t}</source>
            <translation>{call} 阻塞 {t} 后返回，共 {n} 个事件</translation>
        </message>
        <message>
            <source>{call} returns only the fds whose state changed in the kernel: here the ones a peer was recorded connecting or sending to since the last poll, whether the loop was waiting or busy. The others in the interest list had nothing to report, so the loop does no work for them.</source>
            <translation>{call} 只返回在内核中状态发生了变化的 fd：这里就是自上次轮询以来，录制到对端连接或发送数据的那些 fd，不论当时事件循环是在等待还是在忙。兴趣列表中的其他 fd 没有可报告的事件，事件循环也就不必为它们做任何事。</translation>
        </message>
        <message>
            <source>{call}(timeout = {timeout})</source>
            <translation>调用 {call}(timeout = {timeout})</translation>
        </message>
        <message>
            <source>{command} — {tip}</source>
            <translation>{command} — {tip}</translation>
        </message>
        <message>
            <source>{command} — {tip} ({key})</source>
            <translation>{command} — {tip}（{key}）</translation>
        </message>
        <message>
            <source>{created} on {hostname}</source>
            <translation>{created}（主机 {hostname}）</translation>
        </message>
        <message>
            <source>{events:,} events</source>
            <translation>{events:,} 个事件</translation>
        </message>
        <message>
            <source>{file} has no task {task!r}; its tasks: {names}</source>
            <translation>{file} 中没有任务 {task!r}；其中的任务有：{names}</translation>
        </message>
        <message>
            <source>{file}: Python {python} ({impl}) on {platform}, recorded {created}, outcome {outcome}</source>
            <translation>{file}：Python {python}（{impl}），运行于 {platform}，录制于 {created}，结果 {outcome}</translation>
        </message>
        <message>
            <source>{file}: main is not an async function</source>
            <translation>{file}：main 不是 async 函数</translation>
        </message>
        <message>
            <source>{file}: {field}: {problem}</source>
            <translation>{file}：{field}：{problem}</translation>
        </message>
        <message>
            <source>{heading}:</source>
            <translation>{heading}：</translation>
        </message>
        <message>
            <source>{help} ({allowed})</source>
            <translation>{help}（{allowed}）</translation>
        </message>
        <message>
            <source>{kind} from {low} to {high}{unit}</source>
            <translation>{low} 到 {high}{unit} 之间的{kind}</translation>
        </message>
        <message>
            <source>{kind} ≤ {high}{unit}</source>
            <translation>不大于 {high}{unit} 的{kind}</translation>
        </message>
        <message>
            <source>{kind} ≥ {low}{unit}</source>
            <translation>不小于 {low}{unit} 的{kind}</translation>
        </message>
        <message>
            <source>{label} (#{serial})
{detail}</source>
            <translation>{label}（#{serial}）
{detail}</translation>
        </message>
        <message>
            <source>{lesson} — best {right} of {asked}</source>
            <translation>{lesson} — 最好成绩 {asked} 题答对 {right} 题</translation>
        </message>
        <message>
            <source>{n:,.0f} events/s</source>
            <translation>{n:,.0f} 个事件/秒</translation>
        </message>
        <message>
            <source>{n:,} ({r:,} for reading)</source>
            <translation>{n:,}（其中 {r:,} 个用于读）</translation>
        </message>
        <message>
            <source>{n:,} ({r:,} read, {w:,} write)</source>
            <translation>{n:,}（读 {r:,}，写 {w:,}）</translation>
        </message>
        <message>
            <source>{name!r} is not one of {allowed}</source>
            <translation>{name!r} 不是以下之一：{allowed}</translation>
        </message>
        <message>
            <source>{named}, … ({n} event(s))</source>
            <translation>{named} 等（共 {n} 个事件）</translation>
        </message>
        <message>
            <source>{name} (#{n}): not created yet at event {i:,}.</source>
            <translation>{name}（#{n}）：在事件 {i:,} 时尚未创建。</translation>
        </message>
        <message>
            <source>{name} (saved)</source>
            <translation>{name}（已保存）</translation>
        </message>
        <message>
            <source>{name} created by {parent}</source>
            <translation>{name} 由 {parent} 创建</translation>
        </message>
        <message>
            <source>{name} created by {parent} (eager: its first step runs inside create_task)</source>
            <translation>{name} 由 {parent} 创建（eager 模式：它的第一步直接在 create_task 内部执行）</translation>
        </message>
        <message>
            <source>{name} created outside any task</source>
            <translation>{name} 由任务之外的代码创建</translation>
        </message>
        <message>
            <source>{name} created outside any task (eager: its first step runs inside create_task)</source>
            <translation>{name} 由任务之外的代码创建（eager 模式：它的第一步直接在 create_task 内部执行）</translation>
        </message>
        <message>
            <source>{name} does not say which event queue it ran on (backend {backend!r}): it cannot be compared as readiness or completion.</source>
            <translation>{name} 没有记录它运行在哪种事件队列上（后端 {backend!r}），因此无法按就绪模型或完成模型进行对比。</translation>
        </message>
        <message>
            <source>{name} ended: {outcome}</source>
            <translation>{name} 已结束：{outcome}</translation>
        </message>
        <message>
            <source>{name} failed:</source>
            <translation>{name} 运行失败：</translation>
        </message>
        <message>
            <source>{name} failed: {err}</source>
            <translation>{name} 失败：{err}</translation>
        </message>
        <message>
            <source>{name} finished</source>
            <translation>{name} 已完成</translation>
        </message>
        <message>
            <source>{name} finished with an error: {err}</source>
            <translation>{name} 因错误而结束：{err}</translation>
        </message>
        <message>
            <source>{name} finished: {result}</source>
            <translation>{name} 已完成：{result}</translation>
        </message>
        <message>
            <source>{name} has no poll of the event queue: nothing to compare.</source>
            <translation>{name} 中没有对事件队列的轮询，无可对比。</translation>
        </message>
        <message>
            <source>{name} is a preemptive recording (OS threads): it has no event queue to compare. Record the sample cooperatively (the default mode).</source>
            <translation>{name} 是抢占式录制（操作系统线程），没有可供对比的事件队列。请以协作式（默认模式）录制该示例。</translation>
        </message>
        <message>
            <source>{name} opened; pick the other session to compare.</source>
            <translation>已打开 {name}；请再选择另一个会话进行对比。</translation>
        </message>
        <message>
            <source>{name} raised an exception. What it did until then is recorded.</source>
            <translation>{name} 抛出了异常。在此之前它所做的一切都已录制下来。</translation>
        </message>
        <message>
            <source>{name} ran to its end</source>
            <translation>{name} 已运行完毕</translation>
        </message>
        <message>
            <source>{name} runs</source>
            <translation>{name} 开始运行</translation>
        </message>
        <message>
            <source>{name} runs (step)</source>
            <translation>{name} 开始执行一步</translation>
        </message>
        <message>
            <source>{name} started by {parent}</source>
            <translation>{name} 由 {parent} 启动</translation>
        </message>
        <message>
            <source>{name} started outside any traced thread</source>
            <translation>{name} 在所有被跟踪的线程之外启动</translation>
        </message>
        <message>
            <source>{name} stays open in the Recording box</source>
            <translation>{name} 仍在“录制”框中保持打开</translation>
        </message>
        <message>
            <source>{name} step ends</source>
            <translation>{name} 的这一步结束</translation>
        </message>
        <message>
            <source>{name} step ends, now waits for {what}</source>
            <translation>{name} 的这一步结束，接下来等待：{what}</translation>
        </message>
        <message>
            <source>{name} stops running</source>
            <translation>{name} 结束本次运行</translation>
        </message>
        <message>
            <source>{name} stops running, now waits for {what}</source>
            <translation>{name} 结束本次运行，转而等待：{what}</translation>
        </message>
        <message>
            <source>{name} was cancelled</source>
            <translation>{name} 已被取消</translation>
        </message>
        <message>
            <source>{name} was stopped</source>
            <translation>{name} 已被停止</translation>
        </message>
        <message>
            <source>{name} → ready queue: {cause}</source>
            <translation>{name} → 就绪队列：{cause}</translation>
        </message>
        <message>
            <source>{name} → ready to run: {cause}</source>
            <translation>{name} → 就绪，可运行：{cause}</translation>
        </message>
        <message>
            <source>{name}: done.</source>
            <translation>{name}：已完成。</translation>
        </message>
        <message>
            <source>{name}: {status}</source>
            <translation>{name}：{status}</translation>
        </message>
        <message>
            <source>{name}: {value} is not valid; expected {allowed}</source>
            <translation>{name}：{value} 无效；应为 {allowed}</translation>
        </message>
        <message>
            <source>{name}: {value} is out of range; expected {allowed}</source>
            <translation>{name}：{value} 超出范围；应为 {allowed}</translation>
        </message>
        <message>
            <source>{n} CPUs</source>
            <translation>{n} 个 CPU</translation>
        </message>
        <message>
            <source>{n} completion(s)</source>
            <translation>{n} 个完成包</translation>
        </message>
        <message>
            <source>{n} done earlier</source>
            <translation>{n} 个早先已完成</translation>
        </message>
        <message>
            <source>{n} event(s), named next,</source>
            <translation>{n} 个事件（随后逐个列出）</translation>
        </message>
        <message>
            <source>{n} fds</source>
            <translation>{n} 个 fd</translation>
        </message>
        <message>
            <source>{n} item(s)</source>
            <translation>{n} 项</translation>
        </message>
        <message>
            <source>{n} later</source>
            <translation>{n} 个稍后开始</translation>
        </message>
        <message>
            <source>{n} older events let go (memory bound)</source>
            <translation>{n} 个较早的事件已释放（内存上限）</translation>
        </message>
        <message>
            <source>{n} pending</source>
            <translation>{n} 个未完成</translation>
        </message>
        <message>
            <source>{n} task(s)</source>
            <translation>{n} 个任务</translation>
        </message>
        <message>
            <source>{n}, longest {t}</source>
            <translation>{n}，最长一步 {t}</translation>
        </message>
        <message>
            <source>{op} on handle {h}</source>
            <translation>句柄 {h} 上的 {op}</translation>
        </message>
        <message>
            <source>{op} · handle {h} · for {t}</source>
            <translation>{op} · 句柄 {h} · 已进行 {t}</translation>
        </message>
        <message>
            <source>{op} · handle {h} · self-pipe</source>
            <translation>{op} · 句柄 {h} · 自管道</translation>
        </message>
        <message>
            <source>{order}. {title}</source>
            <translation>{order}. {title}</translation>
        </message>
        <message>
            <source>{parent} · eager start</source>
            <translation>{parent} · eager 方式启动</translation>
        </message>
        <message>
            <source>{path} is a folder; give a file name</source>
            <translation>{path} 是一个文件夹；请给出文件名</translation>
        </message>
        <message>
            <source>{path}: cannot compile it ({reason})</source>
            <translation>{path}：无法编译（{reason}）</translation>
        </message>
        <message>
            <source>{path}: cannot read it ({reason})</source>
            <translation>{path}：无法读取（{reason}）</translation>
        </message>
        <message>
            <source>{path}: is a folder, not a Python file</source>
            <translation>{path}：这是一个文件夹，不是 Python 文件</translation>
        </message>
        <message>
            <source>{path}: no such file</source>
            <translation>{path}：文件不存在</translation>
        </message>
        <message>
            <source>{path}: not a Python source file (not UTF-8 text: {reason} at byte {offset})</source>
            <translation>{path}：不是 Python 源文件（不是 UTF-8 文本：在字节偏移 {offset} 处出现 {reason}）</translation>
        </message>
        <message>
            <source>{prog}: error: {message}</source>
            <translation>{prog}：错误：{message}</translation>
        </message>
        <message>
            <source>{right} of {asked} right</source>
            <translation>{asked} 题答对 {right} 题</translation>
        </message>
        <message>
            <source>{sample}: cannot open a {kind} port on {host}:{port}: {reason}. Choose another port, or 0 for any free one.</source>
            <translation>{sample}：无法在 {host}:{port} 上打开 {kind} 端口：{reason}。请换一个端口，或填 0 以使用任意空闲端口。</translation>
        </message>
        <message>
            <source>{seconds:.3f} s</source>
            <translation>{seconds:.3f} s</translation>
        </message>
        <message>
            <source>{shown} of {total} events</source>
            <translation>显示 {shown} / 共 {total} 个事件</translation>
        </message>
        <message>
            <source>{size:,} bytes</source>
            <translation>{size:,} 字节</translation>
        </message>
        <message>
            <source>{steps} steps: p50 {s50}, p99 {s99}, longest {smax}.
Ready-queue wait: p50 {l50}, p99 {l99}.
Polls: {polls}, p50 blocked {p50}.
Timers late: p99 {lag99}, worst {lagmax}.</source>
            <translation>{steps} 步：p50 {s50}，p99 {s99}，最长 {smax}。
就绪队列等待：p50 {l50}，p99 {l99}。
轮询：{polls} 次，阻塞时间 p50 {p50}。
定时器迟到：p99 {lag99}，最差 {lagmax}。</translation>
        </message>
        <message>
            <source>{task} has no Python frame to show.</source>
            <translation>{task} 没有可显示的 Python 栈帧。</translation>
        </message>
        <message>
            <source>{task} held the loop for {t} in one step.</source>
            <translation>{task} 在一步中独占事件循环 {t}。</translation>
        </message>
        <message>
            <source>{task} held the loop for {t} in one step; {late} of {n} timer wake-ups ran more than 1 ms late, up to {most}.</source>
            <translation>{task} 在一步中独占事件循环 {t}；{n} 次定时器唤醒中有 {late} 次迟到超过 1 ms，最多迟到 {most}。</translation>
        </message>
        <message>
            <source>{task} was the only task in the ready queue. The others were registered, each waiting for something (a timer, an fd, another task), and a registered task cannot run until what it waits for wakes it.</source>
            <translation>{task} 是就绪队列中唯一的任务。其他任务都处于已注册状态，各自在等待某样东西（定时器、fd、另一个任务），已注册的任务在它所等待的东西把它唤醒之前不能运行。</translation>
        </message>
        <message>
            <source>{task} · {function} · {file}:{line} · resumed at line {resumed}, stopped at this await</source>
            <translation>{task} · {function} · {file}:{line} · 从第 {resumed} 行恢复，停在这个 await 处</translation>
        </message>
        <message>
            <source>{task} · {function} · {file}:{line} · resumed here and ran to its end</source>
            <translation>{task} · {function} · {file}:{line} · 从这里恢复并运行到结束</translation>
        </message>
        <message>
            <source>{task} · {function} · {file}:{line} · resumes here at its next step</source>
            <translation>{task} · {function} · {file}:{line} · 下一步将从这里恢复</translation>
        </message>
        <message>
            <source>{time} ms  unit {unit} {kind} {task}  {text}</source>
            <translation>{time} ms  调度单元 {unit} {kind} {task}  {text}</translation>
        </message>
        <message>
            <source>{value!r} is already the id of {other}</source>
            <translation>{value!r} 已经是 {other} 的 id</translation>
        </message>
        <message>
            <source>{value!r} is not an id: lower-case letters, digits and dashes</source>
            <translation>{value!r} 不是合法的 id：只能用小写字母、数字和连字符</translation>
        </message>
        <message>
            <source>{value!r} is not {what}</source>
            <translation>{value!r} 不是{what}</translation>
        </message>
        <message>
            <source>{version} (session format {format})</source>
            <translation>{version}（会话格式 {format}）</translation>
        </message>
        <message>
            <source>{what} (fd {fd})</source>
            <translation>{what}（fd {fd}）</translation>
        </message>
        <message>
            <source>{what} (handle {fd})</source>
            <translation>{what}（句柄 {fd}）</translation>
        </message>
        <message>
            <source>{what} does not decompress to its declared size</source>
            <translation>{what}解压后的大小与声明的不符</translation>
        </message>
        <message>
            <source>{what} fails its checksum</source>
            <translation>{what}未通过校验和检查</translation>
        </message>
        <message>
            <source>{what} has the wrong size</source>
            <translation>{what}的大小不正确</translation>
        </message>
        <message>
            <source>{what} is not valid JSON</source>
            <translation>{what}不是有效的 JSON</translation>
        </message>
        <message>
            <source>{what} is too short</source>
            <translation>{what}太短</translation>
        </message>
        <message>
            <source>{what} {d} (timeout {t})</source>
            <translation>{what} {d}（超时 {t}）</translation>
        </message>
        <message>
            <source>{what}, block {label}, declares an impossible size</source>
            <translation>{what}（块 {label}）声明了一个不可能的大小</translation>
        </message>
        <message>
            <source>{where}, event {i:,}: {what}</source>
            <translation>{where}，第 {i:,} 个事件：{what}</translation>
        </message>
        <message>
            <source>{where}: {n:,} events, shown at its last one</source>
            <translation>{where}：共 {n:,} 个事件，显示的是最后一个事件时的状态</translation>
        </message>
        <message>
            <source>{why} The loop runs on the engine thread.</source>
            <translation>{why}事件循环改在引擎线程上运行。</translation>
        </message>
        <message>
            <source>{why} · for {t}</source>
            <translation>{why} · 已持续 {t}</translation>
        </message>
        <message>
            <source>{workload} has no parameter {name}; its parameters are: {names}</source>
            <translation>{workload} 没有参数 {name}；它的参数有：{names}</translation>
        </message>
        <message>
            <source>{workload} has no preemptive version</source>
            <translation>{workload} 没有抢占式版本</translation>
        </message>
        <message>
            <source>{workload} runs on LoopScope's traced loop only</source>
            <translation>{workload} 只能在 LoopScope 跟踪的事件循环上运行</translation>
        </message>
        <message>
            <source>“{title}” was left at step {n}: start it again from the list to go through it.</source>
            <translation>“{title}”停在了第 {n} 步：要学完它，请从列表中重新开始。</translation>
        </message>
        <message>
            <source>… and {n} more</source>
            <translation>… 另有 {n} 项</translation>
        </message>
        <message>
            <source>… {n} more fds</source>
            <translation>… 另有 {n} 个 fd</translation>
        </message>
        <message>
            <source>① register — {how}: {event}</source>
            <translation>① 注册事件 — {how}：{event}</translation>
        </message>
        <message>
            <source>① start — the loop hands the kernel an operation and a buffer (an OVERLAPPED): {event}</source>
            <translation>① 发起操作 — 事件循环把一个操作和一块缓冲区（OVERLAPPED）交给内核：{event}</translation>
        </message>
        <message>
            <source>② complete — a peer's I/O lets the kernel complete an outstanding operation and queue its packet: {event}</source>
            <translation>② 完成 — 对端的 I/O 让内核完成一个未完成的重叠操作，并把它的完成包放入完成队列：{event}</translation>
        </message>
        <message>
            <source>② fire — while the loop is blocked, the kernel marks a loop fd ready: {event}</source>
            <translation>② 事件触发 — 事件循环阻塞期间，内核将事件循环的一个 fd 标记为就绪：{event}</translation>
        </message>
        <message>
            <source>③ dequeue — the kernel has done the I/O and queued a completion packet (②, inside the kernel); {call} takes it off the port: {event}</source>
            <translation>③ 取出完成包 — 内核已完成 I/O，并把完成包放入完成队列（即 ②，发生在内核内部）；{call} 将它从完成端口取出：{event}</translation>
        </message>
        <message>
            <source>③ harvest — the kernel had marked the fd ready while the loop was blocked (② fire); {call} returns only the fds that fired: {event}</source>
            <translation>③ 事件获取 — 事件循环阻塞期间，内核已将该 fd 标记为就绪（② 事件触发）；{call} 只返回已触发的 fd：{event}</translation>
        </message>
        <message>
            <source>③ harvest — {call} returns only the fds that fired: {event}</source>
            <translation>③ 事件获取 — {call} 只返回已触发的 fd：{event}</translation>
        </message>
        <message>
            <source>④ handle — the completion callback sets the operation's future; the task awaiting it joins the ready queue: {event}</source>
            <translation>④ 事件处理 — 完成回调设置该操作的 Future，等待它的任务随即进入就绪队列：{event}</translation>
        </message>
        <message>
            <source>④ handle — the fd's callback runs: {event}</source>
            <translation>④ 事件处理 — 该 fd 的回调运行：{event}</translation>
        </message>
        <message>
            <source>④ handle — the task the fd woke runs: {event}</source>
            <translation>④ 事件处理 — 该 fd 唤醒的任务运行：{event}</translation>
        </message>
        <message>
            <source>✓ {op} · handle {h}</source>
            <translation>✓ {op} · 句柄 {h}</translation>
        </message>
    </context>
</TS>
