import Foundation

/// Wall-clock measurements: run a closure many times and report the median and 95th percentile.
struct Timing {
    let label: String
    let samples: [Double]

    /// Runs `body` `warmup` times unmeasured, then `runs` times measured (milliseconds).
    static func measure(_ label: String, runs: Int, warmup: Int = 5, _ body: () throws -> Void) rethrows -> Timing {
        for _ in 0..<warmup { try body() }
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        return Timing(label: label, samples: samples.sorted())
    }

    var median: Double { samples[samples.count / 2] }
    var p95: Double { samples[min(samples.count - 1, samples.count * 95 / 100)] }

    /// `label  median  p95  budget  verdict`.
    func report(budget: Double?, sqlite: Timing? = nil) {
        var line = "\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) median \(Self.format(median)) ms  p95 \(Self.format(p95)) ms"
        if let sqlite { line += "  | SQLite alone \(Self.format(sqlite.median)) ms, ratio \(Self.format(median / max(sqlite.median, 0.0001)))x" }
        if let budget { line += "  | budget \(Self.format(budget)) ms: \(median <= budget ? "OK" : "OVER")" }
        say(line)
    }

    static func format(_ value: Double) -> String { String(format: value < 10 ? "%.3f" : "%.1f", value) }
}

/// Runs a command and returns its wall time in seconds and its exit status.
/// Runs a process to completion and times it; a failing process stops the benchmark (its figures
/// would time an error, and later ones would run on partial data).
func timeProcess(_ path: String, _ arguments: [String]) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let start = Date()
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchFailure("\(arguments.first ?? path) exited with status \(process.terminationStatus)") }
    return Date().timeIntervalSince(start)
}

/// A one-line description of this machine for BENCHMARKS.md.
func machineDescription() -> String {
    let cpu =
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
}

/// Prints a line at once (unbuffered), so that progress shows while the benchmark runs.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// A benchmark step that failed instead of being measured.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
