import Foundation

/// Progress of long command-line work on standard error, on a terminal only: one line redrawn at
/// most four times a second with done/total, the rate and the time left, replaced at the end by a
/// summary (`pratiche: 1.000.000 in 8 min 12 s, 2.033/s`). Each command also prints its own
/// final summary, terminal or not.
final class ProgressLine {
    private let total: Int
    private let label: String
    private let drawn = Terminal.isInteractive
    private let started = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var done = 0

    init(total: Int, label: String) {
        self.total = max(total, 1)
        self.label = label
    }

    /// `done` units are finished.
    func update(_ done: Int) {
        self.done = done
        guard drawn, ContinuousClock.now - lastDrawn >= .milliseconds(250) || done >= total else { return }
        lastDrawn = .now
        let seconds = elapsedSeconds
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let percent = done * 100 / total
        let line =
            "\r\(label): \(Self.grouped(done))/\(Self.grouped(total)) (\(percent)%) · \(Self.grouped(Int(rate)))/s · "
            + "mancano \(Self.duration(left))   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the line with the summary.
    func finish() {
        guard drawn else { return }
        let seconds = elapsedSeconds
        let rate = seconds > 0 ? Int(Double(done) / seconds) : done
        let summary = "\(label): \(Self.grouped(done)) in \(Self.duration(seconds)), \(Self.grouped(rate))/s"
        FileHandle.standardError.write(Data(("\r" + summary + String(repeating: " ", count: 20) + "\n").utf8))
    }

    private var elapsedSeconds: Double {
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// `1.234.567`.
    static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var result = ""
        while digits.count > 3 {
            result = "." + digits.suffix(3) + result
            digits.removeLast(3)
        }
        return digits + result
    }

    /// `8 min 12 s`, `3 s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60) min \(whole % 60) s" : "\(whole) s"
    }
}
