/// A local date and time to the minute, with no time zone (an appointment, an hearing slot).
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CalendarDate
    public let hour: Int
    public let minute: Int

    public init?(date: CalendarDate, hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
    }

    /// Parses `2025-03-15T09:30`, `2025-03-15 09:30` or `15/03/2025 09:30` (seconds, if any, must be 00).
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        guard let split = trimmed.lastIndex(where: { $0 == "T" || $0 == " " }),
            let date = CalendarDate(parsing: String(trimmed[..<split])),
            let time = TimeOfDay(parsing: String(trimmed[trimmed.index(after: split)...]))
        else { return nil }
        self.init(date: date, hour: time.hour, minute: time.minute)
    }

    /// `2025-03-15T09:30`: the storage and API form.
    public var iso: String { "\(date.iso)T\(CalendarDate.pad(hour, 2)):\(CalendarDate.pad(minute, 2))" }

    /// `15/03/2025 09:30`: the Italian display form.
    public var italian: String { "\(date.italian) \(CalendarDate.pad(hour, 2)):\(CalendarDate.pad(minute, 2))" }

    public var description: String { iso }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.hour, lhs.minute) < (rhs.date, rhs.hour, rhs.minute)
    }
}

/// A time of day to the minute (`09:30`), as written for a hearing.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    /// Parses `9:30`, `09:30`, `09.30` or `09:30:00`.
    public init?(parsing text: String) {
        let parts = text.trimmingWhitespace().split(whereSeparator: { $0 == ":" || $0 == "." })
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "00"),
            parts[0].count <= 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// `09:30`.
    public var description: String { "\(CalendarDate.pad(hour, 2)):\(CalendarDate.pad(minute, 2))" }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute) }
}
