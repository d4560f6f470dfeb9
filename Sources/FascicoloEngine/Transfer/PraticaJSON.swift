import FascicoloCore
import FascicoloSchema

/// The JSON form of pratiche and contacts shared by the CLI's `--json`, export and import.
public enum PraticaJSON {
    /// `{"id":…, "tipo":…, "stato":…, "anno":…, "nome_cartella":…, "protocollo":…, "versione":…, "campi":{…}}`.
    public static func encode(_ pratica: Pratica) -> JSON {
        .object([
            ("id", .number(String(pratica.id))),
            ("tipo", .string(pratica.type.id)),
            ("stato", .string(pratica.state)),
            ("anno", .number(String(pratica.year))),
            ("nome_cartella", .string(pratica.folderName)),
            ("protocollo", pratica.protocolNumber.map { .string($0.text) } ?? .null),
            ("versione", .number(String(pratica.version))),
            ("creata", .string(pratica.createdAt)),
            ("aggiornata", .string(pratica.updatedAt)),
            ("campi", DocumentCodec.json(.record(pratica.fields))),
        ])
    }

    /// `{"id":…, "tipo":"fisica", "versione":…, "nome":"…", <attributes>}`.
    public static func encode(_ contact: Contact) -> JSON {
        .object(
            [
                ("id", .number(String(contact.id))),
                ("tipo", .string(contact.kind.rawValue)),
                ("versione", .number(String(contact.version))),
                ("nominativo", .string(contact.displayName)),
            ] + ContactFields.all.compactMap { name in contact[name].map { (name, JSON.string($0)) } })
    }

    /// A fee quote: every figure a string with two decimals, rounded once, half up.
    public static func encode(_ quote: FeeQuote) -> JSON {
        func amount(_ value: ExactDecimal) -> JSON { .string(FeeQuote.rounded(value).plain) }
        func columns(_ line: FeeQuote.Columns) -> JSON {
            .object([("min", amount(line.min)), ("medio", amount(line.medio)), ("max", amount(line.max))])
        }
        return .object([
            ("lordo", columns(quote.lordo)),
            ("compenso", columns(quote.compenso)),
            ("spese_generali", columns(quote.speseGenerali)),
            ("totale", columns(quote.totale)),
            ("forbice", .object([("min", amount(quote.forbice.min)), ("max", amount(quote.forbice.max))])),
            (
                "scaglioni",
                .array(
                    quote.brackets.map { bracket in
                        .object([
                            ("tipo", .string(bracket.kind)), ("da", amount(bracket.from)), ("a", bracket.to.map(amount) ?? .null),
                            ("base", amount(bracket.base)), ("percentuale_min", .string(bracket.percentMin.plain)),
                            ("percentuale_max", .string(bracket.percentMax.plain)), ("importo_min", amount(bracket.amountMin)),
                            ("importo_max", amount(bracket.amountMax)),
                        ])
                    })
            ),
            ("avvisi", .array(quote.warnings.map(JSON.string))),
        ])
    }

    /// A calendar entry.
    public static func encode(_ entry: CalendarEntry) -> JSON {
        .object([
            ("data", .string(entry.date.iso)),
            ("pratica", .number(String(entry.praticaId))),
            ("titolo", .string(entry.praticaTitle)),
            ("campo", .string(entry.field)),
            ("descrizione", .string(entry.label)),
        ])
    }
}
