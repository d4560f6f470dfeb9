import Foundation

/// The wall clock, read once per call, as calendar parts and as an ISO timestamp.
public enum LocalClock {
    /// The current local date and time split into parts.
    public static func now() -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
                Int(parts.tm_sec))
    }

    /// The current UTC time as `2026-11-24T19:09:37Z`, the form stored in audit and record stamps.
    /// Formatted by hand: a date formatter per call costs more than the database write it stamps.
    public static func timestamp() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let date = CalendarDate.pad(Int(parts.tm_year) + 1900, 4) + "-" + CalendarDate.pad(Int(parts.tm_mon) + 1, 2) + "-"
            + CalendarDate.pad(Int(parts.tm_mday), 2)
        return date + "T" + CalendarDate.pad(Int(parts.tm_hour), 2) + ":" + CalendarDate.pad(Int(parts.tm_min), 2) + ":"
            + CalendarDate.pad(Int(parts.tm_sec), 2) + "Z"
    }
}
