import Foundation

/// The wall clock, read once per call, as calendar parts and as an ISO timestamp.
public enum LocalClock {
    /// The current local date and time split into parts.
    public static func now() -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let parts = Calendar(identifier: .gregorian).dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date())
        return (parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }

    /// The current UTC time as `2026-11-24T19:09:37Z`, the form stored in audit and record stamps.
    public static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
