import FascicoloCore
import FascicoloEngine
import Hummingbird

/// The calendar of every date of the visible pratiche (the list's filters apply): a month grid,
/// a week of columns, or a plain list by day for busy months. Each entry links to its pratica.
struct CalendarController {
    let engine: Engine
    let renderer: Renderer
    static let monthNames = [
        "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
        "ottobre", "novembre", "dicembre",
    ]
    static let dayNames = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
    /// Entries a month cell shows before "altre N".
    static let cellLimit = 4
    /// Entries a day of the week or list views shows before "altre N".
    static let dayLimit = 200

    struct View {
        let chrome: Chrome
        let title: String
        let isMonth: Bool
        let isWeek: Bool
        let isList: Bool
        let weeks: [Week]
        let days: [Day]
        let dayNames: [String]
        let previous: String
        let next: String
        let today: String
        let monthLink: String
        let weekLink: String
        let listLink: String
        let total: Int
        let filtered: Bool
        let listLinkWithFilters: String
    }

    struct Week { let days: [Day] }
    struct Day {
        let iso: String
        let label: String
        let number: Int
        let outside: Bool
        let isToday: Bool
        let entries: [Entry]
        let hidden: Int
        let moreLink: String?
        let empty: Bool
    }
    struct Entry {
        let link: String
        let title: String
        let label: String
    }

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/calendario", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let query = request.query
            let listQuery = try ListQuery(query: query, engine: engine, user: identity.user, default: .allTypes)
            let today = CalendarDate.today()
            let mode = query["vista"] ?? "mese"
            let asked = query["giorno"].flatMap(CalendarDate.init(parsing:)) ?? query["mese"].flatMap(CalendarDate.init(month:)) ?? today
            // Keep a margin from the ends of the calendar: the grid and the links step a few weeks out.
            let anchor = (1900...9998).contains(asked.year) ? asked : today
            let (from, to): (CalendarDate, CalendarDate)
            switch mode {
            case "settimana":
                from = Self.monday(of: anchor)
                to = from.adding(days: 6)
            default:
                from = anchor.firstOfMonth
                to = anchor.lastOfMonth
            }
            let gridStart = mode == "mese" ? Self.monday(of: from) : from
            let gridEnd = mode == "mese" ? Self.monday(of: to).adding(days: 6) : to
            var request = listQuery.request()
            request.page = 1
            let days = try engine.calendar(
                from: gridStart, to: gridEnd, request: request, actor: identity.actor, perDay: mode == "mese" ? Self.cellLimit : Self.dayLimit)
            let byDay = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
            func link(_ changes: [String: String?]) -> String {
                var copy = query
                for (name, value) in changes { copy.set(name, value) }
                return "/calendario?" + copy.encoded
            }
            func day(_ date: CalendarDate, limit: Int?) -> Day {
                let found = byDay[date]
                let shown = limit.map { Array((found?.entries ?? []).prefix($0)) } ?? found?.entries ?? []
                let total = found?.total ?? 0
                return Day(
                    iso: date.iso, label: "\(Self.dayNames[Self.weekday(date)]) \(date.day) \(Self.monthNames[date.month - 1])",
                    number: date.day, outside: date.month != anchor.month && mode == "mese", isToday: date == today,
                    entries: shown.map { Entry(link: "/pratiche/\($0.praticaId)", title: $0.praticaTitle, label: $0.label) },
                    hidden: total - shown.count,
                    moreLink: total > shown.count ? link(["vista": "settimana", "giorno": date.iso, "mese": nil]) : nil,
                    empty: total == 0)
            }
            let span = (gridStart.dayNumber...gridEnd.dayNumber).map(CalendarDate.init(dayNumber:))
            let isMonth = mode == "mese"
            let isWeek = mode == "settimana"
            let step: (CalendarDate, CalendarDate) =
                isWeek
                ? (from.adding(days: -7), from.adding(days: 7))
                : (from.adding(days: -1).firstOfMonth, to.adding(days: 1))
            let view = View(
                chrome: Chrome(title: "Calendario", identity: identity, section: .calendario),
                title: isWeek ? "Settimana dal \(from.italian) al \(to.italian)" : "\(Self.monthNames[from.month - 1].capitalized) \(from.year)",
                isMonth: isMonth, isWeek: isWeek, isList: !isMonth && !isWeek,
                weeks: isMonth
                    ? stride(from: 0, to: span.count, by: 7).map { Week(days: span[$0..<$0 + 7].map { day($0, limit: Self.cellLimit) }) } : [],
                days: isMonth ? [] : span.map { day($0, limit: nil) }.filter { isWeek || !$0.empty },
                dayNames: Self.dayNames,
                previous: link(["giorno": step.0.iso, "mese": nil]), next: link(["giorno": step.1.iso, "mese": nil]),
                today: link(["giorno": today.iso, "mese": nil]),
                monthLink: link(["vista": "mese"]), weekLink: link(["vista": "settimana"]), listLink: link(["vista": "elenco"]),
                total: days.filter { $0.date >= from && $0.date <= to }.reduce(0) { $0 + $1.total },
                filtered: !listQuery.filters.isEmpty || listQuery.searchText != nil || listQuery.contactId != nil,
                listLinkWithFilters: listQuery.link(["vista": nil, "giorno": nil, "mese": nil]))
            return renderer.page("calendar", view)
        }
    }

    /// 0 for Monday … 6 for Sunday (day number 0, 1 March of year 0, was a Wednesday).
    static func weekday(_ date: CalendarDate) -> Int { (date.dayNumber + 2) % 7 }

    static func monday(of date: CalendarDate) -> CalendarDate { date.adding(days: -weekday(date)) }
}
