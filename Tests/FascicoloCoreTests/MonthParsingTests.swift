import FascicoloCore
import Testing

/// Months typed in a search box or on the command line.
@Suite struct MonthParsingTests {
    @Test(arguments: [("03/2025", 3), ("3/2025", 3), ("2025-03", 3), ("12.2024", 12)])
    func monthsParse(text: String, month: Int) {
        #expect(CalendarDate(month: text)?.month == month)
        #expect(CalendarDate(month: text)?.day == 1)
    }

    @Test(arguments: ["13/2025", "2025", "03/25", "2026/0042", "a/2025", ""])
    func nonMonthsDoNot(text: String) {
        #expect(CalendarDate(month: text) == nil)
    }
}
