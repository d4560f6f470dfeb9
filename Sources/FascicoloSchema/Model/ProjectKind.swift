import FascicoloCore

/// A kind of project a pratica may contain (Contenuto): a piano del consumatore, an accordo, a
/// liquidazione… Declared in `types/progetti/<id>.yaml` with the same field language as pratica
/// types (sections, fields, groups), without a workflow.
public struct ProjectKind: Sendable {
    public let id: String
    public let label: String
    public let version: Int
    /// The file it was loaded from, relative to the project root.
    public let file: String
    /// The pratica types it belongs to (empty: every type).
    public let praticaTypes: [String]
    /// The data of a project of this kind, as a schema: sections and fields (no states).
    public let schema: PraticaType
    /// Money paths (`beni.valore`, `finanza_esterna`) summed into the project's attivo and passivo,
    /// which feed the pratica's fee calculator.
    public let attivo: [String]
    public let passivo: [String]

    /// Whether projects of this kind may be created in pratiche of this type.
    public func applies(to typeId: String) -> Bool { praticaTypes.isEmpty || praticaTypes.contains(typeId) }

    /// The attivo and passivo of a project's data: the sum of every value at the declared paths.
    public func totals(_ document: [String: Value]) -> (attivo: Money, passivo: Money) {
        (sum(attivo, in: document), sum(passivo, in: document))
    }

    /// The sum, saturating at the largest amount rather than overflowing (the fee calculator then
    /// refuses it as too large, like any amount typed by hand).
    private func sum(_ paths: [String], in document: [String: Value]) -> Money {
        var cents: Int64 = 0
        func add(_ value: Value?) {
            let (total, overflow) = cents.addingReportingOverflow(value?.moneyValue?.cents ?? 0)
            cents = overflow ? .max : total
        }
        for path in paths {
            let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 1 {
                add(document[parts[0]])
            } else {
                for row in document[parts[0]]?.listValue ?? [] { add(row.recordValue?[parts[1]]) }
            }
        }
        return Money(cents: cents)
    }
}
