import FascicoloCore
import FascicoloLua
import FascicoloSchema

extension Engine {
    /// Computes the fee quote with the `fees` hook of the type's plugin (in the state of `actor`'s
    /// account when given).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func computeFees(typeId: String, input: FeeInput, actor: Actor? = nil) throws -> FeeQuote {
        _ = try type(typeId)
        let issues = input.issues()
        guard issues.isEmpty else { throw FascicoloError.validation(issues) }
        let result = try plugins.with(typeId, account: actor?.accountId ?? 0) { plugin -> (Value, String) in
            guard plugin.defines(.fees) else {
                throw FascicoloError.invalidRequest("il plugin della tipologia '\(typeId)' non calcola i compensi")
            }
            return (
                try plugin.call(.fees, [.readOnly(input.value), .value(.record(["today": .date(today())]))]).first ?? .null,
                plugin.file
            )
        }
        guard let (value, file) = result else {
            throw FascicoloError.invalidRequest("la tipologia '\(typeId)' non ha un plugin per il calcolo dei compensi")
        }
        return try FeeQuote(value, file: file)
    }
}

extension Engine {
    /// Computes the quote from the pratica's own fields (as its type's `fees:` block maps them) and
    /// saves totale minimo / medio / massimo and the day into the pratica, audited like any change.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func quoteFees(id: Int64, expectedVersion: Int64, actor: Actor) throws -> (pratica: Pratica, quote: FeeQuote) {
        try actor.require(.modifica)
        let pratica = try self.pratica(id: id, actor: actor)
        let (input, mapping) = try feeInput(of: pratica)
        let quote = try computeFees(typeId: pratica.type.id, input: input, actor: actor)
        var changes: [(path: String, value: Value)] = [
            (mapping.minimo, .money(FeeQuote.rounded(quote.totale.min))),
            (mapping.medio, .money(FeeQuote.rounded(quote.totale.medio))),
            (mapping.massimo, .money(FeeQuote.rounded(quote.totale.max))),
        ]
        if let day = mapping.data { changes.append((day, .date(today()))) }
        let updated = try update(id: id, expectedVersion: expectedVersion, changes: PraticaChanges(changes), actor: actor, feeResults: true)
        return (updated, quote)
    }

    /// The quote for the inputs saved in the pratica, without saving anything; nil when the type
    /// has no calculator or an input is still missing.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func currentFees(of pratica: Pratica, actor: Actor) throws -> FeeQuote? {
        guard pratica.type.fees != nil, let (input, _) = try? feeInput(of: pratica) else { return nil }
        return try computeFees(typeId: pratica.type.id, input: input, actor: actor)
    }

    /// The calculator's input read from the pratica's fields, as its type's `fees:` block maps them.
    private func feeInput(of pratica: Pratica) throws -> (FeeInput, FeeFields) {
        guard let mapping = pratica.type.fees else {
            throw FascicoloError.invalidRequest("la tipologia '\(pratica.type.id)' non prevede il calcolo dei compensi")
        }
        var issues: [FieldIssue] = []
        func required<T>(_ field: String, _ read: (Value) -> T?) -> T? {
            guard let value = pratica.fields[field], let result = read(value) else {
                issues.append(FieldIssue(field: field, message: "necessario per il calcolo dei compensi", conflictsWithStoredData: true))
                return nil
            }
            return result
        }
        func money(_ value: Value) -> Money? { if case .money(let amount) = value { amount } else { nil } }
        func percent(_ value: Value) -> ExactDecimal? { if case .decimal(let number) = value { number } else { nil } }
        let kind = required(mapping.kind) { $0.textValue }
        let attivo = required(mapping.attivo, money)
        let passivo = required(mapping.passivo, money)
        let riduzione = required(mapping.riduzione, percent)
        let rimborso = required(mapping.rimborso, percent)
        guard issues.isEmpty, let kind, let attivo, let passivo, let riduzione, let rimborso else { throw FascicoloError.validation(issues) }
        let input = FeeInput(
            kind: kind, attivo: attivo, passivo: passivo, riduzione: riduzione, rimborso: rimborso,
            attribuito: mapping.attribuito.flatMap { pratica.fields[$0] }.flatMap(money))
        return (input, mapping)
    }
}
