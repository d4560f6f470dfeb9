import ArgumentParser
import FascicoloCore
import FascicoloEngine

/// `fascicolo search TEXT`: full-text search over every searchable value, dates included.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Cerca parole o date (15/03/2025, 2025-03-15, 03/2025) in tutti i dati delle pratiche.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var query: ListOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Il testo da cercare.") var text: String

    func run() throws {
        let (engine, actor) = try project.session()
        try ListPrinter(engine: engine, actor: actor, json: output.json).print(try query.request(text: text))
    }
}

/// `fascicolo calendar`: every date of the pratiche in a month or range.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Mostra le date delle pratiche (udienze, scadenze, nomine…) di un mese o di un intervallo.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Mese, come 03/2026 o 2026-03 (predefinito: il mese corrente).") var month: String?
    @Option(help: "Dal giorno (gg/mm/aaaa).") var from: String?
    @Option(help: "Al giorno (gg/mm/aaaa).") var to: String?
    @Option(help: "Tipologia.") var type: String?

    func run() throws {
        let (engine, actor) = try project.session()
        let (start, end) = try range()
        let days = try engine.calendar(from: start, to: end, request: ListRequest(type: type), actor: actor)
        let entries = days.flatMap(\.entries)
        output.emit(.array(entries.map(PraticaJSON.encode))) {
            TextTable(
                header: ["Data", "Pratica", "Titolo", "Evento"],
                rows: entries.map { [$0.date.italian, String($0.praticaId), $0.praticaTitle, $0.label] }
            ).print()
            let total = days.reduce(0) { $0 + $1.total }
            print("\(total) date dal \(start.italian) al \(end.italian)" + (total > entries.count ? " (mostrate le prime \(entries.count))" : ""))
        }
    }

    private func range() throws -> (CalendarDate, CalendarDate) {
        if let from, let to {
            guard let start = CalendarDate(parsing: from), let end = CalendarDate(parsing: to) else {
                throw ValidationError("date non valide: scrivere gg/mm/aaaa")
            }
            return (start, end)
        }
        guard from == nil, to == nil else { throw ValidationError("indicare sia --from sia --to") }
        let first =
            try month.map { text in
                guard let date = CalendarDate(month: text) else { throw ValidationError("mese non valido: scrivere 03/2026 o 2026-03") }
                return date
            } ?? CalendarDate.today().firstOfMonth
        return (first, first.lastOfMonth)
    }
}
