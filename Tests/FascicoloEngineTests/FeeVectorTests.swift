import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

/// One row of Tests/Fixtures/fees/vectors.csv, computed independently with Python's decimal
/// (see its README): the plugin must reproduce every figure to the cent.
struct FeeVector: Sendable, CustomTestStringConvertible {
    let values: [String: String]

    var testDescription: String { "\(values["kind"]!) \(values["attivo"]!)/\(values["passivo"]!) \(values["note"] ?? "")" }

    static let all: [FeeVector] = {
        let url = TestPaths.fixture("fees/vectors.csv")
        let table = try! CSVTable(text: String(contentsOf: url, encoding: .utf8))
        return table.records().map(FeeVector.init)
    }()

    var input: FeeInput {
        FeeInput(
            kind: values["kind"]!, attivo: Money(parsing: values["attivo"]!)!, passivo: Money(parsing: values["passivo"]!)!,
            riduzione: ExactDecimal(parsing: values["riduzione"]!)!, rimborso: ExactDecimal(parsing: values["rimborso"]!)!,
            attribuito: values["attribuito"].flatMap { $0.isEmpty ? nil : Money(parsing: $0) })
    }
}

@Suite struct FeeVectorTests {
    private static let engine = try! TestEngine.make()

    @Test(arguments: FeeVector.all)
    func everyFigureMatchesToTheCent(vector: FeeVector) throws {
        let quote = try Self.engine.engine.computeFees(typeId: TestProjects.crisi, input: vector.input)
        func cents(_ value: ExactDecimal) -> String { FeeQuote.rounded(value).plain }
        let lines: [(String, FeeQuote.Columns)] = [
            ("lordo", quote.lordo), ("compenso", quote.compenso),
            ("spese", quote.speseGenerali), ("totale", quote.totale),
        ]
        for (name, columns) in lines {
            #expect(cents(columns.min) == vector.values["\(name)_min"], "\(name)_min")
            #expect(cents(columns.medio) == vector.values["\(name)_medio"], "\(name)_medio")
            #expect(cents(columns.max) == vector.values["\(name)_max"], "\(name)_max")
        }
        #expect(cents(quote.forbice.min) == vector.values["forbice_min"])
        #expect(cents(quote.forbice.max) == vector.values["forbice_max"])
        #expect(quote.lordo.min == ExactDecimal(parsing: vector.values["lordo_min_exact"]!), "exact lordo_min")
        #expect(quote.lordo.max == ExactDecimal(parsing: vector.values["lordo_max_exact"]!), "exact lordo_max")
    }

    @Test func theVectorsCoverTheLawsWorkedExamplesAndEveryKind() {
        #expect(FeeVector.all.count >= 60)
        #expect(Set(FeeVector.all.map { $0.values["kind"]! }) == Set(FeeInput.kinds))
        #expect(FeeVector.all.contains { $0.values["totale_min"] == "7609.01" && $0.values["totale_max"] == "9934.19" })
    }

    @Test func theBreakdownAddsUpToTheGrossFee() throws {
        let quote = try Self.engine.engine.computeFees(typeId: TestProjects.crisi, input: FeeVector.all[0].input)
        #expect(quote.brackets.map(\.kind) == ["attivo", "attivo", "attivo", "attivo", "attivo", "passivo", "passivo"])
        let sum = quote.brackets.reduce(ExactDecimal(0) as ExactDecimal?) { total, bracket in total.flatMap { $0 + bracket.amountMin } }
        #expect(sum == quote.lordo.min)
    }

    @Test func warningsOutsideTheLegalRanges() throws {
        var input = FeeVector.all[0].input
        input.riduzione = ExactDecimal(10)
        input.rimborso = ExactDecimal(20)
        let quote = try Self.engine.engine.computeFees(typeId: TestProjects.crisi, input: input)
        #expect(quote.warnings.count == 2)
        #expect(quote.warnings[0].contains("15-40%"))
        #expect(quote.warnings[1].contains("10-15%"))
    }

    @Test func negativeAmountsAreRefusedByField() {
        var input = FeeVector.all[0].input
        input.attivo = Money(cents: -1)
        #expect(throws: FascicoloError.validation([FieldIssue(field: "attivo", message: "l'importo non può essere negativo")])) {
            try Self.engine.engine.computeFees(typeId: TestProjects.crisi, input: input)
        }
    }
}
