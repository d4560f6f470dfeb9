import Foundation

// libFuzzer harness for the parsers of FascicoloCore, compiled together with the module's sources
// (see run.sh). FASCICOLO_FUZZ names the parser; an error returned by a parser is a correct
// answer, any crash, trap or sanitizer report is a bug.

/// The parser under test, from the environment.
let fuzzTarget = ProcessInfo.processInfo.environment["FASCICOLO_FUZZ"] ?? ""
let fuzzToday = CalendarDate(year: 2026, month: 12, day: 7)!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch fuzzTarget {
    case "json": _ = try? JSONParser.parse(text)
    case "codice-fiscale": _ = CodiceFiscale.parse(text, today: fuzzToday)
    case "partita-iva": _ = PartitaIVA.validate(text)
    case "date":
        _ = CalendarDate(parsing: text)
        _ = LocalDateTime(parsing: text)
    case "amount":
        _ = Money(parsing: text)
        _ = ExactDecimal(parsing: text)
    case "csv": _ = try? CSVTable(text: text)
    case "list-syntax":
        // A filter expression (`a,b`, `a..b` of dates, amounts or numbers) and the search box.
        _ = FilterSyntax.items(text)
        _ = FilterSyntax.range(text, parse: CalendarDate.init(parsing:))
        _ = FilterSyntax.range(text, parse: Money.init(parsing:))
        _ = FilterSyntax.range(text) { Int64($0) }
        let tokens = SearchTokens(text)
        precondition(
            tokens.words.allSatisfy { word in
                word.unicodeScalars.contains(where: SearchTokens.isWordScalar)
                    && word.unicodeScalars.allSatisfy { SearchTokens.isWordScalar($0) || "/-.'".unicodeScalars.contains($0) }
            },
            "a search word kept a character the full-text pattern is not built for")
    default: fatalError("FASCICOLO_FUZZ must name a parser of FascicoloCore")
    }
    return 0
}
