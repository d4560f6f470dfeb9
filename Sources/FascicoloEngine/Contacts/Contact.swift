import FascicoloCore

/// A person or organisation of an account's anagrafica.
public struct Contact: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A natural person: cognome and nome.
        case fisica
        /// A company or body: denominazione.
        case giuridica
    }

    public let id: Int64
    public let accountId: Int64
    public let kind: Kind
    /// Every stored attribute by name (see `ContactFields.all`), canonical text values.
    public let attributes: [String: String]
    public let version: Int64

    /// `Rossi Mario` or the denominazione.
    public var displayName: String { ContactFields.displayName(kind: kind, attributes: attributes) }

    public subscript(_ name: String) -> String? { attributes[name] }
}

/// The attributes of a contact and how each is checked.
public enum ContactFields {
    /// Every attribute name, in the order forms and exports show them.
    public static let all = [
        "cognome", "nome", "denominazione", "codice_fiscale", "partita_iva", "data_nascita",
        "indirizzo", "comune", "provincia", "cap", "codice_istat_comune", "email", "pec", "telefono", "note",
    ]

    static func displayName(kind: Contact.Kind, attributes: [String: String]) -> String {
        switch kind {
        case .fisica: return [attributes["cognome"], attributes["nome"]].compactMap { $0 }.joined(separator: " ")
        case .giuridica: return attributes["denominazione"] ?? ""
        }
    }
}
