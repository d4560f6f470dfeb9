import FascicoloCore
import Foundation

/// The threads on which the engine's blocking work runs when an async front asks for it: SQL,
/// Lua hooks, report scripts, template filling, password hashing. A fixed number of threads of
/// its own, never Swift's cooperative pool nor the server's event loops, so that slow work cannot
/// stall the rest of the server. Work waits in a bounded queue; when the queue is full the call
/// fails at once with `FascicoloError.busy` (a 503 with Retry-After), and work whose budget ran
/// out while it waited is answered with `FascicoloError.timedOut` without running.
public final class EngineExecutor: @unchecked Sendable {
    /// How many threads run work, how many calls may wait for one, and how long work may run.
    public struct Configuration: Sendable {
        /// Threads for pages and API calls.
        public var threads: Int
        /// Threads for long work (reports, exports, documents): a lane of their own, so that a few
        /// slow reports never take the threads that saves and pages need.
        public var longThreads: Int
        public var queueLimit: Int
        /// The budget of a page or an API call.
        public var requestDeadline: Duration
        /// The budget of long work: report runs, exports, documents.
        public var longDeadline: Duration

        public init(
            threads: Int = max(4, ProcessInfo.processInfo.activeProcessorCount * 2),
            longThreads: Int = max(2, ProcessInfo.processInfo.activeProcessorCount), queueLimit: Int? = nil,
            requestDeadline: Duration = .seconds(10), longDeadline: Duration = .seconds(120)
        ) {
            self.threads = max(1, threads)
            self.longThreads = max(1, longThreads)
            self.queueLimit = max(0, queueLimit ?? self.threads * 8)
            self.requestDeadline = requestDeadline
            self.longDeadline = longDeadline
        }
    }

    private final class Job {
        let budget: ExecutionBudget
        let body: () -> Void
        let expire: () -> Void
        init(budget: ExecutionBudget, body: @escaping () -> Void, expire: @escaping () -> Void) {
            self.budget = budget
            self.body = body
            self.expire = expire
        }
    }

    public let configuration: Configuration
    /// How many threads this executor runs (`threads` or `longThreads` of the configuration).
    private let threads: Int
    private let name: String
    /// A thread of the executor: it sleeps on its own semaphore, and is handed its next job directly.
    private final class Worker: @unchecked Sendable {  // `job` is guarded by the executor's lock
        let wake = DispatchSemaphore(value: 0)
        var job: Job?
    }

    private let lock = NSLock()
    private var queue: [Job] = []
    private var head = 0
    private var running: [ObjectIdentifier: Job] = [:]
    /// Threads waiting for work, the one that went idle last at the end: it is woken first, so a
    /// steady trickle of calls keeps landing on a thread whose caches (and Lua state) are warm.
    private var idle: [Worker] = []
    private var stopped = false
    private var started = false

    /// The threads start with the first call (an engine used only from the command line never
    /// starts them). `long` makes the lane of long work.
    public init(configuration: Configuration = Configuration(), long: Bool = false) {
        self.configuration = configuration
        self.threads = long ? configuration.longThreads : configuration.threads
        self.name = long ? "fascicolo-long" : "fascicolo-engine"
    }

    /// Starts the threads; called with the lock held. Each keeps the executor alive until `shutdown`.
    private func startThreads() {
        started = true
        for index in 0..<threads {
            let worker = Worker()
            let thread = Thread { self.work(worker) }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Calls waiting for a thread, and calls running (for metrics and tests).
    public var load: (waiting: Int, running: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (queue.count - head, running.count)
    }

    /// Runs `work` on one of the executor's threads under `budget` (installed as
    /// `ExecutionBudget.current` there) and returns its result. Cancelling the calling task
    /// cancels the budget, which stops SQL and Lua at their next check.
    public func run<T: Sendable>(budget: ExecutionBudget, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let job = Job(
                    budget: budget,
                    body: {
                        continuation.resume(with: Result { try budget.run(work) })
                    },
                    expire: {
                        continuation.resume(throwing: FascicoloError.timedOut(Wording.timedOut))
                    })
                if !enqueue(job) {
                    continuation.resume(throwing: FascicoloError.busy(Wording.busy))
                }
            }
        } onCancel: {
            budget.cancel()
        }
    }

    /// Stops the threads once the queue is empty; later calls are refused as busy.
    public func shutdown() {
        lock.lock()
        stopped = true
        let sleeping = idle
        idle = []
        lock.unlock()
        for worker in sleeping { worker.wake.signal() }
    }

    /// Refuses new calls and cancels the budgets of every call running or waiting: SQL and Lua stop
    /// at their next check, and the calls end with `timedOut` (the end of a shutdown's grace).
    public func interruptAll() {
        lock.lock()
        let jobs = Array(running.values) + queue[head...]
        lock.unlock()
        shutdown()
        for job in jobs { job.budget.cancel() }
    }

    private func enqueue(_ job: Job) -> Bool {
        lock.lock()
        guard !stopped, queue.count - head < configuration.queueLimit || running.count < threads else {
            lock.unlock()
            return false
        }
        if !started { startThreads() }
        if let worker = idle.popLast() {
            worker.job = job
            running[ObjectIdentifier(job)] = job
            lock.unlock()
            worker.wake.signal()
        } else {
            queue.append(job)
            lock.unlock()
        }
        return true
    }

    /// The worker's next job: the one handed to it, else the oldest waiting; nil once stopped.
    private func next(_ worker: Worker) -> Job? {
        while true {
            lock.lock()
            if let job = worker.job {
                worker.job = nil
                lock.unlock()
                return job
            }
            if head < queue.count {
                let job = queue[head]
                head += 1
                if head > 1024, head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
                running[ObjectIdentifier(job)] = job
                lock.unlock()
                return job
            }
            if stopped {
                lock.unlock()
                return nil
            }
            idle.append(worker)
            lock.unlock()
            worker.wake.wait()
        }
    }

    private func work(_ worker: Worker) {
        while let job = next(worker) {
            if job.budget.isExhausted { job.expire() } else { job.body() }
            lock.lock()
            running[ObjectIdentifier(job)] = nil
            lock.unlock()
        }
    }
}
