import FascicoloCore

/// Turns loosely typed input (CLI text, JSON, form fields, stored documents) into the canonical
/// `Value` of a field's declared type, or says why it cannot, in Italian and without quoting the input.
public struct FieldCoercion: Sendable {
    /// Used for `default: today`.
    public let today: CalendarDate

    public init(today: CalendarDate) { self.today = today }

    /// The canonical value for `field`, or the reason the input is not acceptable.
    /// Blank input becomes `.null` (or an empty list for a group); requiredness is checked by `DocumentValidator`.
    public func coerce(_ input: Value, for field: FieldDefinition) -> Result<Value, CoercionFailure> {
        if case .group(let group) = field.kind { return coerceGroup(input, group) }
        if input.isBlank { return .success(.null) }
        return coerceScalar(input, field.kind).map { $0 }
    }

    private func coerceScalar(_ input: Value, _ kind: FieldKind) -> Result<Value, CoercionFailure> {
        let text = Self.text(of: input)
        switch kind {
        case .text(let maxLength):
            guard let text else { return .failure(CoercionFailure(Wording.textExpected)) }
            if text.hasControlCharacters() { return .failure(CoercionFailure(Wording.controlCharacters)) }
            return text.count <= maxLength ? .success(.text(text)) : .failure("testo troppo lungo (massimo \(maxLength) caratteri)")
        case .longtext:
            guard let text else { return .failure(CoercionFailure(Wording.textExpected)) }
            if text.hasControlCharacters(allowingLineBreaks: true) { return .failure(CoercionFailure(Wording.controlCharacters)) }
            return text.count <= 50_000 ? .success(.text(text)) : .failure("testo troppo lungo (massimo 50000 caratteri)")
        case .integer(let min, let max):
            guard let number = Self.integer(of: input) else { return .failure("numero intero non valido") }
            if let min, number < min { return .failure("il valore minimo è \(min)") }
            if let max, number > max { return .failure("il valore massimo è \(max)") }
            return .success(.integer(number))
        case .money(let min, let max):
            guard let money = Self.money(of: input) else { return .failure("importo non valido: scrivere ad esempio 1.234,56") }
            if let min, money < min {
                return .failure(min.cents == 0 ? "l'importo non può essere negativo" : "l'importo minimo è \(min.italian)")
            }
            if let max, money > max { return .failure("l'importo massimo è \(max.italian)") }
            return .success(.money(money))
        case .percent(let min, let max, let decimals):
            guard let number = Self.decimal(of: input), number.significantScale <= decimals else {
                return .failure(
                    decimals == 2
                        ? "percentuale non valida: al massimo due decimali, ad esempio 12,5"
                        : "percentuale non valida: al massimo \(decimals) decimali")
            }
            guard number >= min, number <= max else { return .failure("la percentuale deve essere tra \(min.italian) e \(max.italian)") }
            return .success(.decimal(number))
        case .date:
            if let date = input.dateValue { return .success(.date(date)) }
            guard let text, let date = CalendarDate(parsing: text) else { return .failure(CoercionFailure(Wording.invalidDate)) }
            return .success(.date(date))
        case .datetime:
            if case .datetime = input { return .success(input) }
            guard let text, let moment = LocalDateTime(parsing: text) else {
                return .failure("data e ora non valide: scrivere gg/mm/aaaa hh:mm")
            }
            return .success(.datetime(moment))
        case .time:
            guard let text, let time = TimeOfDay(parsing: text) else { return .failure("ora non valida: scrivere hh:mm") }
            return .success(.text(time.description))
        case .boolean:
            guard let flag = Self.boolean(of: input) else { return .failure("valore non valido: sì o no") }
            return .success(.bool(flag))
        case .enumeration(let options):
            guard let text, options.label(for: text) != nil else {
                let listed = options.options.count <= 12 ? ": scegliere tra " + options.options.map(\.value).joined(separator: ", ") : ""
                return .failure("valore non ammesso\(listed)")
            }
            return .success(.text(text))
        case .contact:
            if let id = input.referenceValue { return .success(.reference(id)) }
            guard let id = Self.integer(of: input), id > 0 else { return .failure("riferimento al contatto non valido") }
            return .success(.reference(id))
        case .praticaLink:
            guard let id = Self.integer(of: input), id > 0 else { return .failure("riferimento alla pratica non valido: indicarne il numero") }
            return .success(.integer(id))
        case .protocolNumber:
            guard let text else { return .failure("protocollo non valido") }
            return .success(.text(text))
        case .email, .pec:
            guard let text, EmailAddress.isValid(text) else {
                return .failure(CoercionFailure(kind.isPEC ? Wording.invalidPEC : Wording.invalidEmail))
            }
            return .success(.text(text))
        case .phone:
            guard let text, let phone = PhoneNumber.normalize(text) else { return .failure(CoercionFailure(Wording.invalidPhone)) }
            return .success(.text(phone))
        case .codiceFiscale:
            guard let text else { return .failure(CoercionFailure(CodiceFiscale.Problem.format.description)) }
            return IdentityCodes.codiceFiscale(text, today: today).map(Value.text)
        case .partitaIVA:
            guard let text else { return .failure(CoercionFailure(PartitaIVA.Problem.format.description)) }
            return PartitaIVA.validate(text).map(Value.text).mapError { CoercionFailure($0.description) }
        case .group:
            preconditionFailure("groups are coerced by coerceGroup")
        }
    }

    private func coerceGroup(_ input: Value, _ group: GroupDefinition) -> Result<Value, CoercionFailure> {
        if input.isBlank { return .success(.list([])) }
        guard let rows = input.listValue else { return .failure("attesa una lista di righe") }
        var canonical: [Value] = []
        var issues: [(String, String)] = []
        for (index, row) in rows.enumerated() {
            guard let record = row.recordValue else {
                issues.append(("[\(index + 1)]", "riga non valida"))
                continue
            }
            for key in record.keys.sorted() where group.field(key) == nil && !group.fields.contains(where: { $0.renamedFrom == key }) {
                issues.append(("[\(index + 1)].\(FieldIssue.safeName(key))", "campo sconosciuto"))
            }
            if record.values.allSatisfy(\.isBlank) { continue }
            var values: [String: Value] = [:]
            for field in group.fields {
                let raw = record[field.id] ?? field.renamedFrom.flatMap { record[$0] } ?? .null
                switch coerce(raw, for: field) {
                case .success(let value) where value.isBlank:
                    if field.required { issues.append(("[\(index + 1)].\(field.id)", "campo obbligatorio")) }
                case .success(let value):
                    values[field.id] = value
                case .failure(let failure):
                    issues.append(("[\(index + 1)].\(field.id)", failure.message))
                }
            }
            canonical.append(.record(values))
        }
        if let max = group.max, canonical.count > max { issues.append(("", "al massimo \(max) righe")) }
        if !issues.isEmpty { return .failure(CoercionFailure(nested: issues)) }
        return .success(.list(canonical))
    }

    static func text(of input: Value) -> String? {
        switch input {
        case .text(let text): return text.trimmingWhitespace()
        case .integer(let number): return String(number)
        case .decimal(let number): return number.plain
        case .money(let money): return money.plain
        case .date(let date): return date.iso
        case .datetime(let moment): return moment.iso
        default: return nil
        }
    }

    /// A whole number from an integer, an integral decimal or digits.
    public static func integer(of input: Value) -> Int64? {
        switch input {
        case .integer(let number): return number
        case .reference(let id): return id
        case .text(let text): return Int64(text.trimmingWhitespace())
        case .decimal(let number) where number.significantScale == 0: return Int64(number.plain)
        default: return nil
        }
    }

    static func money(of input: Value) -> Money? {
        switch input {
        case .money(let money): return money
        // The same ceiling as typed amounts: at most 15 integer digits.
        case .integer(let number): return number.magnitude < 1_000_000_000_000_000 ? Money(cents: number * 100) : nil
        case .decimal(let number): return number.money
        case .text(let text): return Money(parsing: text)
        default: return nil
        }
    }

    static func decimal(of input: Value) -> ExactDecimal? {
        switch input {
        case .decimal(let number): return number
        case .integer(let number): return ExactDecimal(Int(number))
        case .text(let text): return ExactDecimal(parsing: text)
        default: return nil
        }
    }

    static func boolean(of input: Value) -> Bool? {
        switch input {
        case .bool(let flag): return flag
        case .integer(0): return false
        case .integer(1): return true
        case .text(let text):
            switch text.trimmingWhitespace().lowercased() {
            case "true", "sì", "si", "yes", "1", "on", "vero": return true
            case "false", "no", "0", "off", "falso": return false
            default: return nil
            }
        default: return nil
        }
    }
}

/// Why an input is not acceptable for a field: one message, or messages for rows of a group.
public struct CoercionFailure: Error, Sendable, ExpressibleByStringInterpolation {
    /// The message for the field itself, when there is one.
    public let message: String
    /// Per-row problems of a group: a suffix to append to the field's path (`[2].data`) and a message.
    public let nested: [(suffix: String, message: String)]

    public init(_ message: String) {
        self.message = message
        self.nested = []
    }

    public init(stringLiteral message: String) { self.init(message) }

    public init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }

    init(nested: [(String, String)]) {
        self.message = nested.first?.1 ?? ""
        self.nested = nested.map { (suffix: $0.0, message: $0.1) }
    }

    /// The issues to report for a field at `path`.
    public func issues(at path: String) -> [FieldIssue] {
        nested.isEmpty
            ? [FieldIssue(field: path, message: message)]
            : nested.map { FieldIssue(field: path + $0.suffix, message: $0.message) }
    }
}

extension FieldKind {
    var isPEC: Bool { if case .pec = self { true } else { false } }
}
