/// A calendar date with no time of day and no time zone: the way dates appear in a pratica
/// (data di apertura, udienze, scadenze).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil when the day does not exist (31 February, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2025-03-15`, `15/03/2025`, `15-03-2025`, `15.03.2025` (day and month may have one digit).
    public init?(parsing text: String) {
        if let (year, month, day) = Self.canonicalISO(text.utf8) {
            self.init(year: year, month: month, day: day)
            return
        }
        let trimmed = text.trimmingWhitespace()
        if let iso = Self.parts(trimmed, separator: "-"), iso[0].count == 4 {
            self.init(year: iso[0], month: iso[1], day: iso[2])
            return
        }
        for separator: Character in ["/", "-", "."] {
            if let parts = Self.parts(trimmed, separator: separator), parts[2].count == 4, parts[0].count <= 2 {
                self.init(year: parts[2], month: parts[1], day: parts[0])
                return
            }
        }
        return nil
    }

    /// Reads exactly `YYYY-MM-DD` (the stored form) without building substrings.
    private static func canonicalISO(_ bytes: String.UTF8View) -> (Int, Int, Int)? {
        guard bytes.count == 10 else { return nil }
        var values = [0, 0, 0]
        var part = 0
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                part += 1
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                values[part] = values[part] * 10 + Int(byte - UInt8(ascii: "0"))
            }
        }
        return (values[0], values[1], values[2])
    }

    private init?(year: Substring, month: Substring, day: Substring) {
        guard month.count <= 2, day.count <= 2,
            let y = Int(year), let m = Int(month), let d = Int(day)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    private static func parts(_ text: String, separator: Character) -> [Substring]? {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        return parts
    }

    /// The first day of a month typed as `03/2025`, `3-2025` or `2025-03`.
    public init?(month text: String) {
        let parts = text.trimmingWhitespace().split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let (year, month) = parts[0].count == 4 ? (parts[0], parts[1]) : (parts[1], parts[0])
        guard year.count == 4, month.count <= 2, let y = Int(year), let m = Int(month) else { return nil }
        self.init(year: y, month: m, day: 1)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` in `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2025-03-15`: the storage and API form.
    public var iso: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// `15/03/2025`: the form Italian users read and type.
    public var italian: String { "\(Self.pad(day, 2))/\(Self.pad(month, 2))/\(Self.pad(year, 4))" }

    public var description: String { iso }

    /// Days since 0000-03-01 in the proleptic Gregorian calendar; differences are day counts.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * m + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }

    /// The date `dayNumber` days after 0000-03-01.
    public init(dayNumber: Int) {
        let era = dayNumber / 146_097
        let doe = dayNumber - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.year = y
        self.month = m
        self.day = d
    }

    /// The date `days` days later (or earlier when negative).
    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// The first day of this date's month.
    public var firstOfMonth: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }

    /// The last day of this date's month.
    public var lastOfMonth: CalendarDate {
        CalendarDate(year: year, month: month, day: Self.daysIn(month: month, year: year))!
    }

    /// Today's date in the process's local time zone.
    public static func today() -> CalendarDate {
        let parts = LocalClock.now()
        return CalendarDate(year: parts.year, month: parts.month, day: parts.day)!
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Character {
    /// True for the ten ASCII digits alone (not other Unicode digits, nor a digit followed by a
    /// combining mark, `"0\u{20EC}"`, which sorts between "0" and "9": a range test accepted it, and
    /// the parsers that trusted the test then crashed — found by the fuzzer).
    public var isASCIIDigit: Bool { asciiValue.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    public func trimmingWhitespace() -> String {
        if let first = first?.asciiValue, let last = last?.asciiValue, first > 0x20, last > 0x20 { return String(self) }
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
