import Foundation

/// The wall clock, read once per call, as calendar parts and as an ISO timestamp.
public enum LocalClock {
    /// The current local date and time split into parts.
    public static func now() -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return (
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
            Int(parts.tm_sec)
        )
    }

    /// The current local time with its UTC offset, `2026-11-24T20:09:37+01:00`: the form stored in
    /// audit and record stamps. Its first ten characters are the local calendar day, so a pratica
    /// created at 00:30 in Italy is dated that day, not the day before.
    /// Formatted by hand: a date formatter per call costs more than the database write it stamps.
    public static func timestamp() -> String {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let date =
            CalendarDate.pad(Int(parts.tm_year) + 1900, 4) + "-" + CalendarDate.pad(Int(parts.tm_mon) + 1, 2) + "-"
            + CalendarDate.pad(Int(parts.tm_mday), 2)
        let offset = Int(parts.tm_gmtoff) / 60
        let zone = (offset < 0 ? "-" : "+") + CalendarDate.pad(abs(offset) / 60, 2) + ":" + CalendarDate.pad(abs(offset) % 60, 2)
        return date + "T" + CalendarDate.pad(Int(parts.tm_hour), 2) + ":" + CalendarDate.pad(Int(parts.tm_min), 2) + ":"
            + CalendarDate.pad(Int(parts.tm_sec), 2) + zone
    }
}
