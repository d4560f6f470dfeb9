import FascicoloCore
import FascicoloSchema

/// Checks and canonicalises a contact's attributes: required names by kind, codice fiscale with its
/// check character, partita IVA with its check digit, comune/provincia/CAP against the ISTAT list.
struct ContactValidator {
    let reference: ReferenceData
    let today: CalendarDate

    func validate(kind: Contact.Kind, input: [String: String]) -> Result<[String: String], FascicoloError> {
        var issues: [FieldIssue] = []
        var output: [String: String] = [:]
        for key in input.keys.sorted() where !ContactFields.all.contains(key) {
            issues.append(FieldIssue(field: FieldIssue.safeName(key), message: "campo sconosciuto per un contatto"))
        }
        for name in ContactFields.all {
            guard let raw = input[name]?.trimmingWhitespace(), !raw.isEmpty else { continue }
            switch check(name, raw, kind: kind) {
            case .success(let value): output[name] = value
            case .failure(let message): issues.append(FieldIssue(field: name, message: message.message))
            }
        }
        let required = kind == .fisica ? ["cognome", "nome"] : ["denominazione"]
        for name in required where output[name] == nil && !issues.contains(where: { $0.field == name }) {
            issues.append(FieldIssue(field: name, message: Wording.required))
        }
        resolveComune(&output, issues: &issues)
        return issues.isEmpty ? .success(output) : .failure(.validation(issues))
    }

    private func check(_ name: String, _ raw: String, kind: Contact.Kind) -> Result<String, CoercionFailure> {
        switch name {
        case "codice_fiscale":
            let compact = raw.filter { !$0.isWhitespace }.uppercased()
            if kind == .fisica, compact.count != 16 { return .failure("il codice fiscale di una persona fisica ha 16 caratteri") }
            return IdentityCodes.codiceFiscale(compact, today: today)
        case "partita_iva":
            return PartitaIVA.validate(raw).mapError { CoercionFailure($0.description) }
        case "data_nascita":
            guard let date = CalendarDate(parsing: raw), date <= today else { return .failure(CoercionFailure(Wording.invalidDate)) }
            return .success(date.iso)
        case "email", "pec":
            return EmailAddress.isValid(raw)
                ? .success(raw.lowercased()) : .failure(CoercionFailure(name == "pec" ? Wording.invalidPEC : Wording.invalidEmail))
        case "telefono":
            return PhoneNumber.normalize(raw).map { .success($0) } ?? .failure(CoercionFailure(Wording.invalidPhone))
        case "cap":
            return raw.count == 5 && raw.allSatisfy(\.isASCIIDigit) ? .success(raw) : .failure("il CAP ha 5 cifre")
        case "provincia":
            let sigla = raw.uppercased()
            return sigla.count == 2 && sigla.allSatisfy(\.isLetter) ? .success(sigla) : .failure("sigla della provincia non valida")
        case "note":
            return raw.count <= 5_000 ? .success(raw) : .failure("testo troppo lungo (massimo 5000 caratteri)")
        default:
            return raw.count <= 200 ? .success(raw) : .failure("testo troppo lungo (massimo 200 caratteri)")
        }
    }

    /// Fills provincia and ISTAT code from the comune, and checks they agree.
    private func resolveComune(_ output: inout [String: String], issues: inout [FieldIssue]) {
        guard let name = output["comune"] else {
            if output["codice_istat_comune"] != nil { issues.append(FieldIssue(field: "comune", message: "indicare il comune")) }
            return
        }
        guard let comune = reference.comune(output["codice_istat_comune"] ?? name, province: output["provincia"]) else {
            let message =
                output["provincia"] == nil
                ? "comune sconosciuto o ambiguo: indicare anche la provincia"
                : "comune sconosciuto nella provincia indicata"
            issues.append(FieldIssue(field: "comune", message: message))
            return
        }
        if output["codice_istat_comune"] != nil, name.lowercased() != comune.name.lowercased(), name != comune.istat {
            issues.append(FieldIssue(field: "comune", message: "il comune non corrisponde al codice ISTAT indicato"))
            return
        }
        output["comune"] = comune.name
        output["provincia"] = comune.province
        output["codice_istat_comune"] = comune.istat
        if output["cap"] == nil, comune.caps.count == 1 { output["cap"] = comune.caps[0] }
    }
}
